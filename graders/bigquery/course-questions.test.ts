// Author tests for every engine: bigquery question of every course under courses/: the reference
// grades `correct` on the local engine, every hidden/wrong/<question>--<label>.sql fails first on
// the check its `-- expect:` line names, and every hidden/alternatives/<question>--<label>.sql (a
// correct answer written another way) grades `correct`. Runs on the small nyc_taxi variants exported as Parquet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourses } from '../../course/load.ts'
import { hiddenDirOf, readSqlAlternatives } from '../../course/sql-alternatives.ts'
import { LruPromiseCache } from '../sql/reference-cache.ts'
import { bigQueryGradingQuestion } from './bigquery-question.ts'
import { checkBigQueryReferenceVaries } from './check-reference-varies.ts'
import { bigQueryQuestionFromCourse, type LoadedBigQueryQuestion } from './course-question.ts'
import { type BigQueryGradingData, type BigQueryReferenceCache, gradeBigQueryAnswer } from './grade-bigquery-answer.ts'
import { type ExportedTestData, exportTestData } from './testing/local-data.ts'

const courses = await loadCourses(repositoryCoursesDir)
const questions = courses.flatMap((course) =>
  course.weeks.flatMap((week) =>
    (week.homework?.questions ?? [])
      .filter((question): question is LoadedBigQueryQuestion => question.kind === 'sql' && question.engine === 'bigquery')
      .map((question) => ({ label: `${course.slug}/${week.homework!.slug}/${question.slug}`, homeworkId: week.homework!.slug, question })),
  ),
)

let exported: ExportedTestData
let data: BigQueryGradingData
const referenceCache: BigQueryReferenceCache = new LruPromiseCache(64)

beforeAll(async () => {
  exported = await exportTestData()
  data = exported.gradingData()
}, 60_000)

afterAll(async () => {
  await exported?.remove()
})

describe('BigQuery questions of every course', () => {
  it('finds the BigQuery questions of week 3', () => {
    expect(questions.length).toBeGreaterThanOrEqual(5)
  })

  it.each(questions)('$label', { timeout: 180_000 }, async ({ homeworkId, question }) => {
    const spec = bigQueryQuestionFromCourse(homeworkId, question)
    const failures: string[] = []
    const reference = await gradeBigQueryAnswer({ question: spec, answerSql: spec.solutionSql, data, referenceCache })
    if (reference.verdict !== 'correct') {
      const failed = reference.checks.find((check) => !check.passed)
      failures.push(`the reference (${question.hidden.solutionPath}) grades ${reference.verdict}: ${failed?.name}: ${failed?.message}`)
    }
    for (const wrong of question.hidden.wrongAnswers) {
      const graded = await gradeBigQueryAnswer({ question: spec, answerSql: wrong.text, data, referenceCache })
      const failed = graded.checks.find((check) => !check.passed)
      if (graded.verdict === 'error') failures.push(`${wrong.file}: the grader failed: ${graded.checks[0]?.message}`)
      else if (!failed) failures.push(`${wrong.file}: expected to fail on \`${wrong.expect}\` but it grades correct`)
      else if (failed.name !== wrong.expect) failures.push(`${wrong.file}: expected to fail on \`${wrong.expect}\` but failed on \`${failed.name}\`: ${failed.message}`)
    }
    for (const alternative of await readSqlAlternatives(hiddenDirOf(question.hidden, question.spec.solution), question.slug)) {
      const graded = await gradeBigQueryAnswer({ question: spec, answerSql: alternative.text, data, referenceCache })
      const failed = graded.checks.find((check) => !check.passed)
      if (graded.verdict !== 'correct') failures.push(`${alternative.file}: a correct alternative grades ${graded.verdict}: ${failed?.name}: ${failed?.message}`)
    }
    // The course check's rule: a hard-coded public answer is caught on at least half of the pool.
    const variation = await checkBigQueryReferenceVaries(spec, data, referenceCache)
    failures.push(...variation.problems)
    expect(failures, failures.join('\n\n')).toEqual([])
  })

  it('the course check fails a question whose reference does not vary with the seed', { timeout: 120_000 }, async () => {
    const fixed = bigQueryGradingQuestion.parse({ id: 'check/zones', solutionSql: "SELECT COUNT(*) FROM nyc_taxi.taxi_zone_lookup WHERE Borough = 'Queens'" })
    const report = await checkBigQueryReferenceVaries(fixed, data, referenceCache)
    expect(report).toMatchObject({ checked: 2, sameAsPublic: 2 })
    expect(report.problems[0]).toMatch(/hard-coded public answer is caught on too few/)
    const moving = bigQueryGradingQuestion.parse({ id: 'check/trips', solutionSql: 'SELECT COUNT(*) FROM nyc_taxi.green_tripdata' })
    expect((await checkBigQueryReferenceVaries(moving, data, referenceCache)).problems).toEqual([])
  })
})
