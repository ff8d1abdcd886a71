import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { miniCourseDir } from './fixture-copy.ts'
import { loadCourse } from './load.ts'
import type { LoadedCourse } from './loaded-course.ts'
import { mayRevealAnswers, publicHomeworkSchema, toPublicHomework } from './public-view.ts'

/** Every string a learner must not see before the deadline, or ever (solutions, tests, wrong answers). */
async function hiddenStringsOf(course: LoadedCourse) {
  const beforeDeadline: string[] = []
  const never: string[] = []
  for (const question of course.weeks.flatMap((week) => week.homework?.questions ?? [])) {
    const spec = question.spec
    if (spec.explanation) beforeDeadline.push(spec.explanation)
    if (spec.kind === 'numeric') beforeDeadline.push(String(spec.answer))
    if (spec.kind === 'text') beforeDeadline.push(...(spec.answer ?? []), ...(spec.pattern ? [spec.pattern] : []))
    if (question.kind === 'sql') never.push(question.hidden.solutionSql.trim(), question.spec.solution)
    if (question.kind === 'python') {
      never.push(question.spec.tests)
      for (const file of question.hidden.testFiles) {
        const testCode = await readFile(path.join(question.hidden.testsDir, file), 'utf8')
        never.push(testCode.trim(), ...testCode.split('\n').filter((line) => /\b(def test_|assert)\b/.test(line)))
      }
    }
    if (question.kind === 'sql' || question.kind === 'python') never.push(...question.hidden.wrongAnswers.map((wrong) => wrong.text.trim()))
  }
  return { beforeDeadline, never }
}

describe('public views', () => {
  it('leak no answer, explanation, solution, hidden test or wrong answer before the deadline', async () => {
    const course = await loadCourse(miniCourseDir)
    const { beforeDeadline, never } = await hiddenStringsOf(course)
    expect(beforeDeadline.length).toBeGreaterThan(4)
    expect(never.length).toBeGreaterThan(4)
    for (const homework of course.weeks.flatMap((week) => (week.homework ? [week.homework] : []))) {
      const view = toPublicHomework(homework, { revealAnswers: false })
      publicHomeworkSchema.parse(view)
      const json = JSON.stringify(view)
      for (const hidden of [...beforeDeadline, ...never]) expect(json).not.toContain(hidden)
      // Choice answers are option ids, which the options show: assert no answer field exists at all.
      expect(json).not.toMatch(/"(answer|explanation|solution|tests|hidden|revealed)"/)
    }
  })

  it('after the deadline shows quiz answers and explanations, and still no code-question secrets', async () => {
    const course = await loadCourse(miniCourseDir)
    const { never } = await hiddenStringsOf(course)
    const homework = course.weeks[0]!.homework!
    const view = toPublicHomework(homework, { revealAnswers: true })
    publicHomeworkSchema.parse(view)
    expect(view.questions[0]!.revealed).toEqual({
      answer: 'c',
      explanation: "The rm flag tells Docker to remove the container's file system when it exits.",
    })
    expect(view.questions[1]!.revealed?.answer).toEqual(['a', 'b'])
    const json = JSON.stringify(course.weeks.map((week) => week.homework && toPublicHomework(week.homework, { revealAnswers: true })))
    for (const hidden of never) expect(json).not.toContain(hidden)
  })

  it('allows revealing only after the late window closes, and only when the homework says so', async () => {
    const course = await loadCourse(miniCourseDir)
    const homework = course.weeks[0]!.homework!
    expect(mayRevealAnswers(homework, new Date('2027-01-28T12:00:00Z'))).toBe(false)
    expect(mayRevealAnswers(homework, new Date('2027-01-30T00:00:00Z'))).toBe(true)
    const hidden = { ...homework, config: { ...homework.config, show_answers_after_deadline: false } }
    expect(mayRevealAnswers(hidden, new Date('2027-03-01T00:00:00Z'))).toBe(false)
  })
})
