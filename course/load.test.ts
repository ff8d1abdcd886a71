import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyFixtureCourse, miniCourseDir } from './fixture-copy.ts'
import { CourseValidationError, loadCourse, loadCourseHomework, loadCourses, UnknownHomeworkError, type CourseIssue } from './load.ts'

async function issuesOf(dir: string): Promise<CourseIssue[]> {
  try {
    await loadCourse(dir)
  } catch (error) {
    if (error instanceof CourseValidationError) return [...error.issues]
    throw error
  }
  throw new Error('expected the course to be invalid')
}

/** `file:line:column: field` of each issue, the part an author's editor jumps to. */
async function locationsOf(dir: string) {
  return (await issuesOf(dir)).map((issue) => `${issue.file}:${issue.line}:${issue.column}: ${issue.field}`)
}

const hw1 = 'weeks/01-containers/homework.yaml'

describe('loadCourse on the mini fixture', () => {
  it('reads weeks, lessons, homework with every question kind, hidden parts and the project', async () => {
    const course = await loadCourse(miniCourseDir)
    expect(course.slug).toBe('mini')
    expect(course.weeks.map((week) => [week.folder, week.slug, week.number])).toEqual([
      ['01-containers', 'containers', 1],
      ['02-pipelines', 'pipelines', 2],
    ])
    const [week1, week2] = course.weeks as [(typeof course.weeks)[0], (typeof course.weeks)[0]]
    expect(week1.lessons.map((lesson) => lesson.slug)).toEqual(['docker-basics', 'postgres-in-docker'])
    expect(week1.lessons[0]!.frontMatter).toMatchObject({ title: 'Docker basics', duration: 15 })
    expect(week1.lessons[0]!.body).toContain('docker run -it --rm ubuntu bash')
    expect(week1.lessons[0]!.body).not.toContain('title:')
    const kinds = course.weeks.flatMap((week) => week.homework?.questions.map((question) => question.kind) ?? [])
    expect(new Set(kinds)).toEqual(new Set(['single_choice', 'multiple_choice', 'numeric', 'text', 'sql', 'python']))

    // Wall-clock deadlines are in the course zone (Berlin, UTC+1 in winter); explicit offsets are kept.
    expect(week1.homework!.deadline.toISOString()).toBe('2027-01-27T22:00:00.000Z')
    expect(week1.homework!.latePolicy).toEqual({ until: new Date('2027-01-29T22:00:00Z'), penalty: 0.5 })
    expect(week2.homework!.deadline.toISOString()).toBe('2027-02-03T22:00:00.000Z')
    // Week 1 starts with the course; week 2 names its own start date.
    expect(week1.startsAt.toISOString()).toBe('2027-01-12T23:00:00.000Z')
    expect(week2.startsAt.toISOString()).toBe('2027-01-20T23:00:00.000Z')

    const sql = week1.homework!.questions.find((question) => question.kind === 'sql')
    if (sql?.kind !== 'sql') throw new Error('expected a sql question')
    expect(sql.engine).toBe('postgres')
    expect(sql.hidden.solutionSql).toContain('ORDER BY trip_distance DESC')
    expect(sql.hidden.wrongAnswers.map((wrong) => [wrong.label, wrong.expect])).toEqual([
      ['dropoff-day', 'rows'],
      ['two-columns', 'columns'],
    ])
    expect(sql.spec.compare).toEqual({ ordered: 'auto', float_tolerance: 1e-6, column_names: false })

    const python = week2.homework!.questions.find((question) => question.kind === 'python')
    if (python?.kind !== 'python') throw new Error('expected a python question')
    expect(python.engine).toBe('python')
    expect(python.spec.image).toBe('python-data')
    expect(python.spec.limits).toEqual({ timeout_seconds: 30, memory_mb: 256 })
    expect(python.hidden.testFiles).toEqual(['test_clean_zone_names.py'])
    expect(python.hidden.wrongAnswers[0]?.expect).toBe('test_leaves_the_input_unchanged')

    const text = week2.homework!.questions.find((question) => question.kind === 'text')
    if (text?.kind !== 'text') throw new Error('expected a text question')
    expect(text.spec.normalize).toEqual({ trim: true, case: 'insensitive', collapse_whitespace: true })
    expect(week1.homework!.totalPoints).toBe(7)
    expect(course.project?.markdown).toContain('## What to build')
    expect(course.project?.attempts[0]?.submissionDeadline.toISOString()).toBe('2027-02-15T22:00:00.000Z')
  })

  it('gives the same content hashes on every load, and a different one when hidden content changes', async () => {
    const first = await loadCourse(miniCourseDir)
    expect((await loadCourse(miniCourseDir)).contentHash).toBe(first.contentHash)
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/01-containers/hidden/solutions/longest-trip-day.sql', 'LIMIT 1', 'LIMIT 1 -- fastest')
    const changed = await loadCourse(copy.dir)
    expect(changed.contentHash).not.toBe(first.contentHash)
    const questionHashes = (course: typeof first) =>
      course.weeks.flatMap((week) => week.homework!.questions.map((question) => question.contentHash))
    const [before, after] = [questionHashes(first), questionHashes(changed)]
    expect(after.filter((hash, index) => hash !== before[index])).toHaveLength(1)
    expect(changed.weeks[1]!.contentHash).toBe(first.weeks[1]!.contentHash)
  })
})

describe('loadCourseHomework: one homework for a command about one question', () => {
  it('reads only the week of that homework, as loadCourse reads it', async () => {
    const [full, one] = await Promise.all([loadCourse(miniCourseDir), loadCourseHomework(miniCourseDir, 'hw2')])
    expect(one.weeks.map((week) => week.folder)).toEqual(['02-pipelines'])
    expect(one.weeks[0]).toEqual(full.weeks[1])
    expect(one.project).toBeNull()
  })

  it('refuses a homework no week declares, naming those that exist', async () => {
    const refusal = await loadCourseHomework(miniCourseDir, 'hw9').catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(UnknownHomeworkError)
    expect((refusal as Error).message).toBe('No homework "hw9" in mini. Homework: hw1, hw2.')
  })

  it("reports the errors of the week it reads, and of a homework whose id does not read, but not the other weeks' own", async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/01-containers/homework.yaml', 'id: hw1', 'id: hw1\nnot_a_field: 1')
    await expect(loadCourseHomework(copy.dir, 'hw2')).resolves.toMatchObject({ slug: 'mini' })
    const broken = await loadCourseHomework(copy.dir, 'hw1').catch((error: unknown) => error)
    expect((broken as CourseValidationError).issues.map((issue) => issue.file)).toEqual([hw1])
    await copy.edit('weeks/01-containers/homework.yaml', 'id: hw1', 'id: [hw1')
    const unreadable = await loadCourseHomework(copy.dir, 'hw2').catch((error: unknown) => error)
    const files = (unreadable as CourseValidationError).issues.map((issue) => issue.file)
    expect(files).toContain(hw1)
    expect(files.every((file) => file.startsWith('weeks/01-containers/'))).toBe(true)
  })
})

describe('files saved by other editors', () => {
  it('a byte-order mark and CRLF line ends change neither positions nor hashes', async () => {
    const copy = await copyFixtureCourse()
    const lesson = 'weeks/01-containers/lessons/01-docker-basics.md'
    const original = await loadCourse(copy.dir)
    const text = await readFile(path.join(copy.dir, lesson), 'utf8')
    await copy.write(lesson, `\uFEFF${text.replace(/\n/g, '\r\n')}`)
    expect((await loadCourse(copy.dir)).contentHash).toBe(original.contentHash)
    await copy.edit(lesson, 'duration: 15', 'duration: fifteen')
    expect(await locationsOf(copy.dir)).toEqual([`${lesson}:3:11: duration`])
  })
})

describe('authoring errors name the file, line, column and field', () => {
  it('malformed YAML', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('course.yaml', 'title: Mini Data Engineering', 'title: [Mini Data Engineering')
    const [issue] = await issuesOf(copy.dir)
    expect(issue).toMatchObject({ file: 'course.yaml', line: 2, field: '' })
    expect(issue!.message).toMatch(/^invalid YAML: /)
  })

  it('duplicate keys are malformed YAML too', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/02-pipelines/module.yaml', 'starts:', 'title: Again\nstarts:')
    expect(await locationsOf(copy.dir)).toEqual(['weeks/02-pipelines/module.yaml:3:1: '])
  })

  it('missing field', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/01-containers/module.yaml', 'title: Containers & SQL\n', '')
    const issues = await issuesOf(copy.dir)
    expect(issues).toEqual([
      {
        file: 'weeks/01-containers/module.yaml',
        line: 1,
        column: 1,
        field: 'title',
        message: 'required field is missing (string)',
      },
    ])
  })

  it('missing field inside a question points at the question', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, '    points: 2\n', '')
    expect(await locationsOf(copy.dir)).toEqual([`${hw1}:22:5: questions[1].points`])
  })

  it('unknown key (a typo) points at the key', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, 'partial_credit: true', 'partial_credits: true')
    const issues = await issuesOf(copy.dir)
    expect(issues).toEqual([
      { file: hw1, line: 31, column: 5, field: 'questions[1].partial_credits', message: 'unknown key "partial_credits" (did you mean "partial_credit"?)' },
    ])
  })

  it('wrong type points at the value', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, '    points: 1\n    prompt: On which', '    points: one\n    prompt: On which')
    expect(await issuesOf(copy.dir)).toEqual([
      { file: hw1, line: 36, column: 13, field: 'questions[2].points', message: 'expected number, received string' },
    ])
  })

  it('unknown question kind lists the kinds', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, 'kind: numeric', 'kind: number')
    const [issue] = await issuesOf(copy.dir)
    expect(issue).toMatchObject({ file: hw1, line: 35, column: 11, field: 'questions[2].kind' })
    expect(issue!.message).toContain('single_choice, multiple_choice, numeric, text, sql, python')
  })

  it('impossible date', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, 'deadline: 2027-01-27T23:00:00', 'deadline: 2027-02-30T23:00:00')
    const [issue] = await issuesOf(copy.dir)
    expect(issue).toMatchObject({ file: hw1, line: 3, column: 11, field: 'deadline' })
  })

  it('unknown timezone', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Europe/Berlim')
    const issues = await issuesOf(copy.dir)
    expect(issues).toEqual([
      {
        file: 'course.yaml',
        line: 5,
        column: 11,
        field: 'timezone',
        message: 'must be an IANA time zone such as Europe/Berlin or America/New_York',
      },
    ])
  })

  it('late policy before the deadline', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, 'until: 2027-01-29T23:00:00', 'until: 2027-01-20T23:00:00')
    expect(await locationsOf(copy.dir)).toEqual([`${hw1}:5:10: late_policy.until`])
  })

  it('homework opens at its week\'s start unless it says `opens`; `opens` must come before the deadline', async () => {
    const course = await loadCourse(miniCourseDir)
    // Week 1 starts with the course (13 Jan), week 2 on its own `starts` (21 Jan), midnight in Berlin.
    expect(course.weeks.map((week) => week.homework?.opensAt.toISOString())).toEqual(['2027-01-12T23:00:00.000Z', '2027-01-20T23:00:00.000Z'])
    const early = await copyFixtureCourse()
    await early.edit(hw1, 'deadline: 2027-01-27T23:00:00', 'opens: 2027-01-06T18:00:00\ndeadline: 2027-01-27T23:00:00')
    expect((await loadCourse(early.dir)).weeks[0]!.homework!.opensAt.toISOString()).toBe('2027-01-06T17:00:00.000Z')
    const late = await copyFixtureCourse()
    await late.edit(hw1, 'deadline: 2027-01-27T23:00:00', 'opens: 2027-01-28T00:00:00\ndeadline: 2027-01-27T23:00:00')
    expect(await issuesOf(late.dir)).toEqual([expect.objectContaining({ file: hw1, line: 3, field: 'opens', message: 'must be before the deadline' })])
  })

  it('SQL hints: the course caps them (default `where`), a homework may lower the cap but not raise it', async () => {
    expect((await loadCourse(miniCourseDir)).weeks.map((week) => week.homework?.sqlHints)).toEqual(['where', 'where'])
    const capped = await copyFixtureCourse()
    await capped.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Europe/Berlin\nsql_hints: how')
    await capped.edit(hw1, 'deadline: 2027-01-27T23:00:00', 'sql_hints: off\ndeadline: 2027-01-27T23:00:00')
    expect((await loadCourse(capped.dir)).weeks.map((week) => week.homework?.sqlHints)).toEqual(['off', 'how'])
    const raised = await copyFixtureCourse()
    await raised.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Europe/Berlin\nsql_hints: off')
    await raised.edit(hw1, 'deadline: 2027-01-27T23:00:00', 'sql_hints: what\ndeadline: 2027-01-27T23:00:00')
    expect(await issuesOf(raised.dir)).toEqual([
      expect.objectContaining({ file: hw1, line: 3, field: 'sql_hints', message: expect.stringMatching(/caps SQL hints at "off"/) }),
    ])
  })

  it('project: reads both attempts; the retake opens when attempt 1 reviews close', async () => {
    const course = await loadCourse(miniCourseDir)
    expect(course.project?.attempts.map((attempt) => [attempt.number, attempt.opensAt.toISOString(), attempt.reviewDeadline.toISOString()])).toEqual([
      [1, '2027-01-31T23:00:00.000Z', '2027-02-22T22:00:00.000Z'],
      [2, '2027-02-22T22:00:00.000Z', '2027-03-08T22:00:00.000Z'],
    ])
  })

  it('project: a retake that closes before attempt 1 reviews close, an unreachable pass mark, a rubric level without points', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('course.yaml', 'submission_deadline: 2027-03-01T23:00:00', 'submission_deadline: 2027-02-20T23:00:00')
    await copy.edit('course.yaml', 'pass_mark: 5', 'pass_mark: 9')
    const issues = await issuesOf(copy.dir)
    expect(issues.map((issue) => `${issue.field}: ${issue.message}`)).toContain(`project.pass_mark: must be at most the rubric's maximum, 8`)
    await copy.edit('course.yaml', 'pass_mark: 9', 'pass_mark: 5')
    expect((await issuesOf(copy.dir)).map((issue) => `${issue.field}: ${issue.message}`)).toEqual([
      "project.retake.submission_deadline: must be after attempt 1's review_deadline",
    ])
    const zero = await copyFixtureCourse()
    await zero.edit('course.yaml', '{ points: 2, description: Described briefly }', '{ points: 0, description: Described briefly }')
    await zero.edit('course.yaml', '{ points: 4, description: Clear what it solves }', '{ points: 0, description: Clear what it solves }')
    expect((await issuesOf(zero.dir)).map((issue) => `${issue.field}: ${issue.message}`)).toContain('project.rubric[0].levels: at least one level must give points')
  })

  it('answer not among the options', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, '    answer: c\n', '    answer: d\n')
    await copy.edit(hw1, 'answer: [a, b]', 'answer: [a, x]')
    const issues = await issuesOf(copy.dir)
    expect(issues.map((issue) => `${issue.file}:${issue.line}:${issue.column}: ${issue.field}: ${issue.message}`)).toEqual([
      `${hw1}:19:13: questions[0].answer: "d" is not an option id (a, b, c)`,
      `${hw1}:30:17: questions[1].answer[1]: "x" is not an option id (a, b, c)`,
    ])
  })

  it('duplicate question ids within a homework', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit(hw1, 'id: postgres-port', 'id: docker-rm-flag')
    const [issue] = await issuesOf(copy.dir)
    expect(issue).toMatchObject({ file: hw1, line: 34, column: 9, field: 'questions[2].id' })
    expect(issue!.message).toContain('duplicate question id "docker-rm-flag"')
  })

  it('duplicate homework ids across the course', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/02-pipelines/homework.yaml', 'id: hw2', 'id: hw1')
    const [issue] = await issuesOf(copy.dir)
    expect(issue).toMatchObject({ file: 'weeks/02-pipelines/homework.yaml', line: 1, column: 5, field: 'id' })
    expect(issue!.message).toContain(`also in ${hw1}`)
  })

  it('missing solution file', async () => {
    const copy = await copyFixtureCourse()
    await copy.remove('weeks/01-containers/hidden/solutions/longest-trip-day.sql')
    expect(await issuesOf(copy.dir)).toEqual([
      {
        file: hw1,
        line: 56,
        column: 15,
        field: 'questions[4].solution',
        message: 'file weeks/01-containers/hidden/solutions/longest-trip-day.sql does not exist',
      },
    ])
  })

  it('missing python tests folder', async () => {
    const copy = await copyFixtureCourse()
    await copy.remove('weeks/02-pipelines/hidden/tests')
    expect(await locationsOf(copy.dir)).toEqual(['weeks/02-pipelines/homework.yaml:12:12: questions[0].tests'])
  })

  it('a sql question with too few wrong answers, and a wrong answer without its expect line', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('weeks/01-containers/hidden/wrong/longest-trip-day--two-columns.sql', '-- expect: columns\n', '')
    expect(await issuesOf(copy.dir)).toEqual([
      {
        file: 'weeks/01-containers/hidden/wrong/longest-trip-day--two-columns.sql',
        line: 1,
        column: 1,
        field: '',
        message: 'first line must be "-- expect: <check>"',
      },
      {
        file: hw1,
        line: 48,
        column: 9,
        field: 'questions[4].id',
        message:
          'needs at least 2 wrong answers in weeks/01-containers/hidden/wrong/longest-trip-day--<label>.sql (found 1)',
      },
    ])
  })

  it('week folder not listed in course.yaml, and a listed week that does not exist', async () => {
    const copy = await copyFixtureCourse()
    await copy.write('weeks/03-extra/module.yaml', 'title: Extra\n')
    await copy.edit('course.yaml', '  - 02-pipelines\n', '  - 02-pipelines\n  - 04-missing\n')
    expect(await issuesOf(copy.dir)).toEqual([
      {
        file: 'course.yaml',
        line: 6,
        column: 1,
        field: 'weeks',
        message: 'folder weeks/03-extra is not listed; add it to weeks or remove it',
      },
      { file: 'course.yaml', line: 9, column: 5, field: 'weeks[2]', message: 'folder weeks/04-missing does not exist' },
    ])
  })

  it('bad front matter in a lesson is reported at its line in the Markdown file', async () => {
    const copy = await copyFixtureCourse()
    const lesson = 'weeks/01-containers/lessons/01-docker-basics.md'
    await copy.edit(lesson, 'duration: 15', 'duration: fifteen')
    expect(await issuesOf(copy.dir)).toEqual([
      { file: lesson, line: 3, column: 11, field: 'duration', message: 'expected number, received string' },
    ])
  })

  it('a lesson without front matter, a lesson starting with a title heading, a badly named lesson', async () => {
    const copy = await copyFixtureCourse()
    await copy.write('weeks/02-pipelines/lessons/02-no-front-matter.md', 'Just text.\n')
    await copy.write('weeks/02-pipelines/lessons/03-heading.md', '---\ntitle: Heading\nduration: 5\n---\n\n# Heading\n')
    await copy.write('weeks/02-pipelines/lessons/4-bad-name.md', '---\ntitle: Bad\nduration: 5\n---\n')
    expect(await locationsOf(copy.dir)).toEqual([
      'weeks/02-pipelines/lessons/02-no-front-matter.md:1:1: ',
      'weeks/02-pipelines/lessons/03-heading.md:6:1: ',
      'weeks/02-pipelines/lessons/4-bad-name.md:1:1: ',
    ])
  })

  it('collects every error of the course in one CourseValidationError', async () => {
    const copy = await copyFixtureCourse()
    await copy.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Mars/Olympus')
    await copy.edit(hw1, '    answer: c\n', '    answer: z\n')
    await copy.edit('weeks/02-pipelines/homework.yaml', 'scoring: last', 'scoring: worst')
    const error = await loadCourse(copy.dir).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(CourseValidationError)
    expect((error as CourseValidationError).message).toMatch(/has 3 errors:\ncourse\.yaml:5:11: timezone: /)
    expect((error as CourseValidationError).message).toContain(`${hw1}:19:13: questions[0].answer:`)
    expect((error as CourseValidationError).message).toContain('weeks/02-pipelines/homework.yaml:4:10: scoring:')
  })
})

describe('loadCourses', () => {
  it('loads every folder that has a course.yaml', async () => {
    const copy = await copyFixtureCourse()
    const courses = await loadCourses(`${copy.dir}/..`)
    expect(courses.map((course) => course.slug)).toEqual(['mini'])
  })
})
