// Author tests for every SQL question of every course under courses/: the reference grades `correct`
// and is deterministic, every hidden/wrong/<question>--<label>.sql fails first on the check its
// `-- expect:` line names, and — the CI gate of issue 16 — the author check passes with a mutation
// score of 100 %: every mutant of the reference not declared equivalent fails when graded (public
// data, the question's killing databases, hidden data). Runs on the `small` nyc_taxi variants loaded
// by tests/setup, grading as learners are graded (killing databases included).
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourses } from '../../course/load.ts'
import { hiddenDirOf, readSqlAlternatives } from '../../course/sql-alternatives.ts'
import { checkSqlQuestion } from './author-checks/check-sql-question.ts'
import { checkReferenceDeterminism } from './check-reference-determinism.ts'
import { checkReferenceVaries } from './check-reference-varies.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from './sql-question-from-course.ts'
import { gradeSqlAnswer } from './grade-sql-answer.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from './grading-environment.ts'

const adminUrl = inject('gradingAdminUrl')
const roleName = `learner_course_${randomBytes(4).toString('hex')}`

const courses = await loadCourses(repositoryCoursesDir)
const questions = courses.flatMap((course) =>
  course.weeks.flatMap((week) =>
    (week.homework?.questions ?? [])
      .filter((question): question is LoadedSqlQuestion => question.kind === 'sql' && question.engine === 'postgres')
      .map((question) => ({ label: `${course.slug}/${week.homework!.slug}/${question.slug}`, homeworkId: week.homework!.slug, question })),
  ),
)

let environment: SqlGradingEnvironment

beforeAll(async () => {
  environment = await openSqlGradingEnvironment(adminUrl, { roleName, closeOtherDatabases: false, poolSize: 2, idleTimeoutMs: 2_000, hiddenVariants: { size: 2 }, rotateHiddenVariants: false })
})

afterAll(async () => {
  await environment?.close()
  const admin = new pg.Client(adminUrl)
  await admin.connect()
  await admin.query(`DROP OWNED BY ${roleName} CASCADE; DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
  await admin.end()
})

describe('SQL questions of every course', () => {
  it('finds the courses', () => {
    expect(courses.length).toBeGreaterThan(0)
  })

  it.skipIf(questions.length === 0).each(questions)('$label', async ({ homeworkId, question }) => {
    const spec = sqlQuestionFromCourse(homeworkId, question)
    const datasets = { ...environment.datasetsFor(spec.dataset), killing: await environment.killingDatabasesFor(question.hidden.killingData) }
    const failures: string[] = []

    const reference = await gradeSqlAnswer({ question: spec, answerSql: spec.solutionSql, runner: environment.runner, datasets })
    if (reference.verdict !== 'correct') {
      const failed = reference.checks.find((check) => !check.passed)
      failures.push(`the reference (${question.hidden.solutionPath}) grades ${reference.verdict}: ${failed?.name}: ${failed?.message}`)
    }
    const determinism = await checkReferenceDeterminism(spec, environment.runner, datasets.public)
    for (const problem of determinism.problems) failures.push(`the reference is not deterministic: ${problem}`)
    for (const problem of (await checkReferenceVaries(spec, environment.runner, datasets)).problems) failures.push(problem)

    for (const wrong of question.hidden.wrongAnswers) {
      const graded = await gradeSqlAnswer({ question: spec, answerSql: wrong.text, runner: environment.runner, datasets })
      const failed = graded.checks.find((check) => !check.passed)
      if (graded.verdict === 'error') failures.push(`${wrong.file}: the grader failed: ${graded.checks[0]?.message}`)
      else if (!failed) failures.push(`${wrong.file}: expected to fail on \`${wrong.expect}\` but it grades correct`)
      else if (failed.name !== wrong.expect)
        failures.push(`${wrong.file}: expected to fail on \`${wrong.expect}\` but failed on \`${failed.name}\`: ${failed.message}`)
    }

    const report = await checkSqlQuestion({
      question: spec,
      runner: environment.runner,
      datasets,
      alternatives: await readSqlAlternatives(hiddenDirOf(question.hidden, question.spec.solution), question.slug),
      equivalentMutants: question.spec.equivalent_mutants,
      killingData: question.hidden.killingData,
    })
    failures.push(...report.failures, ...report.alternatives.filter((entry) => !entry.ok).map((entry) => `${entry.file}: ${entry.message}`))
    for (const mutant of report.mutants.surviving) {
      failures.push(`mutant ${mutant.id} (${mutant.operator}: ${mutant.description}) survives — this wrong query passes (npm run syllabus -- questions kill):\n${mutant.sql}`)
    }
    expect(failures, failures.join('\n\n')).toEqual([])
    expect(report.score).toBe(1)
  }, 240_000)
})
