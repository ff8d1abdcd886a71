// Wrong SQL answers grouped by their mistake, on a seeded cohort: grading runs stored as the SQL grader
// stores them (its checks and messages), against real PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { db, type Verdict } from '../db/client.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { sqlMistakes } from './sql-mistakes.ts'

let seeded: SeededCourse

const passed = (name: string) => ({ name, passed: true, points: 0, maxPoints: 0, message: `${name} ok` })
const failed = (name: string, message: string) => ({ name, passed: false, points: 0, maxPoints: 0, message })
const WRONG_ROW = 'Row 3, column "day": your value is earlier than expected.'
const TOO_MANY_ROWS = 'Your result has 31 rows: more rows than expected.'

async function answer(userId: string, sql: string, verdict: Verdict, checks: object[], attempt: number) {
  const submission = await db.submission.create({ data: { userId, questionId: seeded.questionIds['hw1/longest-trip-day']!, answer: sql, attempt, status: 'graded' } })
  await db.gradingRun.create({ data: { submissionId: submission.id, engine: 'postgres', status: 'succeeded', verdict, score: verdict === 'correct' ? 1 : 0, points: 0, checks } })
}

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  const valuesWrong = [passed('parses'), passed('statement'), passed('runs'), passed('columns'), passed('rows'), failed('values', WRONG_ROW)]
  const rowsWrong = [passed('parses'), passed('statement'), passed('runs'), passed('columns'), failed('rows', TOO_MANY_ROWS)]
  // Three learners forget the time zone (two spell it alike but for a literal, one differently).
  for (const [index, sql] of [
    "SELECT date(pickup) AS day FROM trips WHERE distance > 10 ORDER BY distance DESC LIMIT 1",
    "select date(pickup) as day\n  from trips where distance > 99 order by distance desc limit 1",
    'SELECT pickup::date AS day FROM trips ORDER BY distance DESC LIMIT 1',
  ].entries()) {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    await answer(learner.id, sql, 'incorrect', valuesWrong, 1)
    if (index === 0) await answer(learner.id, sql.replace('10', '11'), 'incorrect', valuesWrong, 2) // the same mistake again
  }
  const noLimit = await createLearner({ enrolIn: seeded.courseId })
  await answer(noLimit.id, 'SELECT date(pickup) AS day FROM trips', 'incorrect', rowsWrong, 1)
  // A query that errors, with the learner's own line quoted after the first line of the message.
  const typo = await createLearner({ enrolIn: seeded.courseId })
  await answer(typo.id, 'SELECT dat(pickup) FROM trips', 'incorrect', [passed('parses'), passed('statement'), failed('runs', 'Your query failed: function dat(timestamp) does not exist\nLINE 1: SELECT dat(pickup) FROM trips\n               ^')], 1)
  // Right answers, and a retried wrong one that a regrade later found right: not mistakes.
  const right = await createLearner({ enrolIn: seeded.courseId })
  await answer(right.id, 'SELECT 1', 'correct', [passed('values')], 1)
})

describe('sqlMistakes', () => {
  it('groups wrong answers by the first failed check and what differs, most learners first, with query shapes and a sample', async () => {
    const [question, ...others] = await sqlMistakes(seeded.courseId, 'hw1')
    expect(others).toEqual([])
    expect(question).toMatchObject({ question: 'longest-trip-day', wrongAnswers: 6 })
    expect(question!.mistakes).toEqual([
      {
        failedCheck: 'values',
        difference: WRONG_ROW,
        answers: 4,
        learners: 3,
        // The first two spellings (and the retry) differ only in literals and layout: one shape.
        queryShapes: 2,
        sample: 'SELECT date(pickup) AS day FROM trips WHERE distance > 10 ORDER BY distance DESC LIMIT 1',
      },
      // Equal counts: in the order of the message.
      { failedCheck: 'runs', difference: 'Your query failed: function dat(timestamp) does not exist', answers: 1, learners: 1, queryShapes: 1, sample: 'SELECT dat(pickup) FROM trips' },
      { failedCheck: 'rows', difference: TOO_MANY_ROWS, answers: 1, learners: 1, queryShapes: 1, sample: 'SELECT date(pickup) AS day FROM trips' },
    ])
  })

  it('is empty for a homework without SQL mistakes, and for another course', async () => {
    expect(await sqlMistakes(seeded.courseId, 'hw2')).toEqual([])
    expect(await sqlMistakes('another-course', 'hw1')).toEqual([])
  })
})
