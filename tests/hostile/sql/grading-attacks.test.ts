// Attacks on SQL grading itself (docs/security.md § SQL grading), run through the real engine on the
// real grading cluster: hard-coded answers, the hidden run as a side channel, feedback that gives the
// answer away, and catalogs that name the variant. Each case failed on the code before issue 12.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { repositoryCoursesDir } from '../../../course/fixture-copy.ts'
import { loadCourses } from '../../../course/load.ts'
import type { GradeResult } from '../../../graders/grade-result.ts'
import { gradeSqlAnswer, HIDDEN_DATA_FAILED, referenceResult } from '../../../graders/sql/grade-sql-answer.ts'
import { openSqlGradingEnvironment, type SqlGradingEnvironment } from '../../../graders/sql/grading-environment.ts'
import { HIDDEN_VARIANT_PREFIX } from '../../../graders/sql/hidden-variant-pool.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from '../../../graders/sql/sql-question-from-course.ts'
import type { SqlGradingQuestion } from '../../../graders/sql/sql-question.ts'

const adminUrl = inject('gradingAdminUrl')
const roleName = `learner_attack_${randomBytes(4).toString('hex')}`
const POOL_SIZE = 3

const courses = await loadCourses(repositoryCoursesDir)
const zoomcamp = courses.find((course) => course.slug === 'data-engineering-zoomcamp')!

function question(reference: string): SqlGradingQuestion {
  const [homeworkId = '', questionId] = reference.split('/')
  for (const week of zoomcamp.weeks) {
    if (!week.homework || week.homework.slug !== homeworkId) continue
    const found = week.homework.questions.find((entry): entry is LoadedSqlQuestion => entry.slug === questionId && entry.kind === 'sql')
    if (found) return sqlQuestionFromCourse(homeworkId, found)
  }
  throw new Error(`no SQL question ${reference}`)
}

let environment: SqlGradingEnvironment

beforeAll(async () => {
  environment = await openSqlGradingEnvironment(adminUrl, {
    roleName,
    closeOtherDatabases: false,
    poolSize: 2,
    hiddenVariants: { size: POOL_SIZE },
    rotateHiddenVariants: false,
  })
}, 600_000)

afterAll(async () => {
  await environment?.close()
  const admin = new pg.Client(adminUrl)
  await admin.connect()
  await admin.query(`DROP OWNED BY ${roleName} CASCADE; DROP ROLE IF EXISTS ${roleName}`).catch(() => {})
  await admin.end()
})

/** Grades on each hidden variant the draw can start from: whatever the draw, the outcome must hold. */
async function gradeOnEveryDraw(spec: SqlGradingQuestion, answerSql: string, revealExpected = false): Promise<GradeResult[]> {
  const results: GradeResult[] = []
  for (let draw = 0; draw < POOL_SIZE; draw++) {
    results.push(
      await gradeSqlAnswer({
        question: spec,
        answerSql,
        runner: environment.runner,
        datasets: environment.datasetsFor(spec.dataset),
        drawHiddenVariant: () => draw,
        revealExpected,
      }),
    )
  }
  return results
}

/** The reference's single value on the public data: what a learner could learn from Run and hard-code. */
async function publicAnswer(spec: SqlGradingQuestion): Promise<(string | null)[]> {
  const result = await referenceResult(spec, environment.datasetsFor(spec.dataset).public, environment.runner)
  return result.rows![0]!
}

const failedCheck = (result: GradeResult) => result.checks.find((check) => !check.passed)

describe('hard-coded answers', () => {
  it('hw1/longest-trip-day: the public day as a literal fails the hidden check on every draw', async () => {
    const spec = question('hw1/longest-trip-day')
    const [day] = await publicAnswer(spec)
    for (const result of await gradeOnEveryDraw(spec, `SELECT DATE '${day}' AS pickup_day`)) {
      expect(result.verdict).toBe('incorrect')
      expect(failedCheck(result)).toMatchObject({ name: 'hidden-data', message: HIDDEN_DATA_FAILED })
    }
  })

  it('hw5/longest-fhv-trip: the public day and duration as literals fail the hidden check on every draw', async () => {
    const spec = question('hw5/longest-fhv-trip')
    const [day, hours] = await publicAnswer(spec)
    for (const result of await gradeOnEveryDraw(spec, `SELECT DATE '${day}' AS pickup_day, ${hours}::numeric AS duration_hours`)) {
      expect(result.verdict).toBe('incorrect')
      expect(failedCheck(result)).toMatchObject({ name: 'hidden-data', message: HIDDEN_DATA_FAILED })
    }
  })

  it('the real query still scores on every draw', async () => {
    const spec = question('hw1/longest-trip-day')
    for (const result of await gradeOnEveryDraw(spec, spec.solutionSql)) expect(result.verdict).toBe('correct')
  })
})

describe('side channel through the hidden run', () => {
  it('no hidden variant database names its variant (current_database() is opaque)', async () => {
    const { hidden } = environment.datasetsFor('nyc_taxi')
    expect(hidden!.length).toBe(POOL_SIZE)
    for (const variant of hidden!) {
      const result = await environment.runner.run(variant.database, 'SELECT current_database()', { allowed: ['select'] })
      expect(result.rows[0]![0]).toMatch(new RegExp(`^${HIDDEN_VARIANT_PREFIX}[0-9a-f]{24}$`))
      expect(result.rows[0]![0]).not.toMatch(/hidden|public/)
    }
  })

  it("the CASE WHEN current_database() bit-leak attack learns nothing: error and mismatch read the same, no SQLSTATE", async () => {
    const spec = question('hw1/longest-trip-day')
    const [day] = await publicAnswer(spec)
    // Public: the hard-coded answer. Hidden: a division by zero when a guessed fact holds, else a wrong day.
    const probe = (guess: string) =>
      `SELECT CASE WHEN current_database() LIKE '%_public' THEN DATE '${day}'
              ELSE DATE '1999-12-31' + 1 / ((SELECT count(*) FROM green_tripdata) ${guess})::int END AS pickup_day`
    const errors = await gradeOnEveryDraw(spec, probe('< 0'))
    const mismatches = await gradeOnEveryDraw(spec, probe('>= 0'))
    for (const result of [...errors, ...mismatches]) {
      expect(result.verdict).toBe('incorrect')
      expect(failedCheck(result)).toMatchObject({ name: 'hidden-data', message: HIDDEN_DATA_FAILED })
      expect(JSON.stringify(result.checks)).not.toMatch(/SQLSTATE|22012|division/i)
    }
    // Same checks, same sentences (the public run's own duration aside): nothing tells them apart.
    const shown = (results: GradeResult[]) =>
      results.map((result) => result.checks.map((check) => [check.name, check.passed, check.name === 'runs' ? '' : check.message]))
    expect(shown(errors)).toEqual(shown(mismatches))
  })

  it('a hidden run that times out reads like any other hidden failure', async () => {
    const spec = question('hw1/longest-trip-day')
    const [day] = await publicAnswer(spec)
    const slowOnHidden = `SELECT CASE WHEN current_database() LIKE '%_public' THEN DATE '${day}'
                           ELSE DATE '2019-09-01' + 0 * (SELECT count(*) FROM generate_series(1, 100000) AS a, generate_series(1, 100000) AS b)::int END AS pickup_day`
    const result = await gradeSqlAnswer({ question: spec, answerSql: slowOnHidden, runner: environment.runner, datasets: environment.datasetsFor('nyc_taxi') })
    expect(failedCheck(result)).toMatchObject({ name: 'hidden-data', message: HIDDEN_DATA_FAILED })
    expect(JSON.stringify(result)).not.toMatch(/SQLSTATE|57014|timeout|timed out/i)
  }, 120_000)
})

describe('feedback that gives the answer away', () => {
  it('a wrong one-value answer is told "higher than expected", never the expected value', async () => {
    const spec = question('hw1/trips-on-day')
    const [count] = await publicAnswer(spec)
    const wrong = Number(count) + 7
    const [result] = await gradeOnEveryDraw(spec, `SELECT ${wrong}::bigint AS trips`)
    const failed = failedCheck(result!)
    expect(failed?.name).toBe('values')
    expect(failed?.message).toContain('higher than expected')
    expect(JSON.stringify(result)).not.toContain(String(count))
  })

  it('a wrong row count is "more rows than expected", never the expected count', async () => {
    const spec = question('hw1/longest-trip-day')
    const [result] = await gradeOnEveryDraw(spec, 'SELECT DISTINCT lpep_pickup_datetime::date AS pickup_day FROM green_tripdata')
    const failed = failedCheck(result!)
    expect(failed).toMatchObject({ name: 'rows' })
    expect(failed?.message).toMatch(/more rows than expected\.$/)
    expect(failed?.message).not.toMatch(/expected result has/)
  })

  it('after the deadline, with answers revealed, the expected value may be shown', async () => {
    const spec = question('hw1/trips-on-day')
    const [count] = await publicAnswer(spec)
    const [result] = await gradeOnEveryDraw(spec, `SELECT ${Number(count) + 7}::bigint AS trips`, true)
    expect(failedCheck(result!)?.message).toContain(`'${count}'`)
  })
})

describe('catalogs that could name the variant', () => {
  it.each([
    ['the list of databases', 'SELECT datname FROM pg_database'],
    ['database statistics', 'SELECT datname FROM pg_stat_database'],
    ['comments on databases', 'SELECT description FROM pg_shdescription'],
    ['per-database settings', 'SELECT setconfig FROM pg_db_role_setting'],
    ['the dataset record with its seed', 'SELECT seed FROM nyc_taxi._dataset_info'],
  ])('%s is refused (invalid: no attempt used)', async (_name, sql) => {
    const spec = question('hw1/longest-trip-day')
    const result = await gradeSqlAnswer({ question: spec, answerSql: sql, runner: environment.runner, datasets: environment.datasetsFor('nyc_taxi') })
    expect(result.verdict).toBe('invalid')
    expect(failedCheck(result)?.name).toBe('statement')
  })
})
