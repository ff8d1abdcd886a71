// The engine's check sequence against a scripted runner: no database needed. The same behaviour
// against the real sandbox and dataset is in grade-sql-answer.integration.test.ts.
import { describe, expect, it } from 'vitest'
import { checkSql } from '../../sandbox/postgres/check-sql.ts'
import { SandboxUnavailableError, SqlRuntimeError, SqlTimeoutError } from '../../sandbox/postgres/errors.ts'
import { gradeResult } from '../grade-result.ts'
import { gradeSqlAnswer, HIDDEN_DATA_FAILED, type ReferenceResult } from './grade-sql-answer.ts'
import { LruPromiseCache } from './reference-cache.ts'
import type { SqlResultSet } from './result-set.ts'
import { sqlGradingQuestion, type SqlGradingQuestionInput } from './sql-question.ts'
import type { SqlGradingDatasets, SqlRunner } from './sql-runner.ts'
import { typeOids } from './postgres-text-values.ts'

type Rows = (string | null)[][]

function result(rows: Rows, columns: [string, number][] = [['day', typeOids.date], ['trips', typeOids.int8]]): SqlResultSet {
  return {
    columns: columns.map(([name, typeOid]) => ({ name, typeOid, typeName: String(typeOid) })),
    rows,
    rowCount: rows.length,
    truncated: false,
    durationMs: 3,
  }
}

const datasets: SqlGradingDatasets = {
  public: { database: 'public_db', version: '1' },
  hidden: [{ database: 'hidden_db', version: '1' }],
}

const REFERENCE = 'SELECT day, trips FROM daily ORDER BY trips DESC'
const publicRows: Rows = [['2019-10-02', '9'], ['2019-10-01', '5'], ['2019-10-03', '5']]
const hiddenRows: Rows = [['2019-10-01', '7'], ['2019-10-03', '2']]

/** Answers the reference and a few scripted learner queries; anything else is a runtime error. */
function scriptedRunner(script: Record<string, { public: SqlResultSet | Error; hidden?: SqlResultSet | Error }>) {
  const calls: string[] = []
  const runner: SqlRunner = {
    async run(database, sql, options) {
      await checkSql(sql, { allowed: options.allowed })
      calls.push(`${database}: ${sql}`)
      const entry =
        sql === REFERENCE ? { public: result(publicRows), hidden: result(hiddenRows) } : script[sql]
      if (!entry) throw new SqlRuntimeError('relation "nope" does not exist', '42P01', 15)
      const outcome = database.startsWith('hidden') && database !== 'hidden_same' ? (entry.hidden ?? entry.public) : entry.public
      if (outcome instanceof Error) throw outcome
      return outcome
    },
  }
  return { runner, calls }
}

function question(overrides: Partial<SqlGradingQuestionInput> = {}) {
  return sqlGradingQuestion.parse({ id: 'hw1/busiest-days', dataset: 'nyc_taxi', solutionSql: REFERENCE, ...overrides })
}

async function grade(answerSql: string, script: Parameters<typeof scriptedRunner>[0] = {}, overrides = {}, revealExpected = false) {
  const { runner, calls } = scriptedRunner(script)
  const graded = await gradeSqlAnswer({
    question: question(overrides),
    answerSql,
    runner,
    datasets,
    referenceCache: new LruPromiseCache<ReferenceResult>(),
    revealExpected,
  })
  expect(gradeResult.safeParse(graded).success).toBe(true)
  return { graded, calls, failed: graded.checks.find((entry) => !entry.passed) }
}

describe('gradeSqlAnswer', () => {
  it('grades a correct answer with every check passed', async () => {
    const answer = 'SELECT day, trips FROM daily ORDER BY 2 DESC'
    const { graded } = await grade(answer, { [answer]: { public: result([publicRows[0]!, publicRows[2]!, publicRows[1]!]), hidden: result(hiddenRows) } })
    expect(graded).toMatchObject({ verdict: 'correct', score: 1, engine: 'postgres' })
    expect(graded.checks.map((entry) => [entry.name, entry.passed])).toEqual([
      ['parses', true],
      ['statement', true],
      ['runs', true],
      ['columns', true],
      ['rows', true],
      ['values', true],
      ['hidden-data', true],
    ])
  })

  it('marks a syntax error invalid, with a caret under the error', async () => {
    const { graded, failed } = await grade('SELECT day,\nFROM daily')
    expect(graded.verdict).toBe('invalid')
    expect(failed?.name).toBe('parses')
    expect(failed?.message).toContain('LINE 2: FROM daily\n        ^')
  })

  it('marks a statement of the wrong kind invalid', async () => {
    const { graded, failed } = await grade('DELETE FROM daily')
    expect(graded.verdict).toBe('invalid')
    expect(failed).toMatchObject({ name: 'statement' })
    expect(failed?.message).toMatch(/DELETE is not accepted/)
  })

  it('fails `runs` with PostgreSQL’s message and position', async () => {
    const { graded, failed } = await grade('SELECT * FROM nope')
    expect(graded).toMatchObject({ verdict: 'incorrect', score: 0 })
    expect(failed?.name).toBe('runs')
    expect(failed?.message).toBe('PostgreSQL reported an error: relation "nope" does not exist\nLINE 1: SELECT * FROM nope\n                      ^')
  })

  it.each([
    ['columns', result([['2019-10-02'], ['2019-10-01'], ['2019-10-03']], [['day', typeOids.date]])],
    ['rows', result(publicRows.slice(0, 2))],
    ['values', result([['2019-10-02', '9'], ['2019-10-01', '5'], ['2019-10-03', '6']])],
  ] as const)('fails `%s` first when that is what differs', async (name, publicResult) => {
    const answer = `SELECT /* ${name} */ 1`
    const { graded, failed } = await grade(answer, { [answer]: { public: publicResult } })
    expect(graded.verdict).toBe('incorrect')
    expect(failed?.name).toBe(name)
    expect(graded.checks.at(-1)?.name).toBe(name)
  })

  it('shows the first differing public row once answers are revealed', async () => {
    const answer = 'SELECT day, trips + 0 FROM daily ORDER BY trips DESC'
    const { failed } = await grade(answer, { [answer]: { public: result([['2019-10-02', '8'], ...publicRows.slice(1)]) } }, {}, true)
    expect(failed?.message).toContain(`Row 1, column "trips": expected '9' but got '8'`)
  })

  it('before answers are revealed, says where the result differs and which way, never the expected value', async () => {
    const answer = 'SELECT day, trips + 0 FROM daily ORDER BY trips DESC'
    const { failed } = await grade(answer, { [answer]: { public: result([['2019-10-02', '8'], ...publicRows.slice(1)]) } })
    expect(failed?.name).toBe('values')
    expect(failed?.message).toContain('Row 1, column "trips": your value is lower than expected')
    expect(failed?.message).toContain('"trips" in 1 row')
    expect(failed?.message).not.toMatch(/\b9\b/)
  })

  it('before answers are revealed, says "more rows" without the expected count', async () => {
    const answer = 'SELECT day, trips FROM daily'
    const { failed } = await grade(answer, { [answer]: { public: result([...publicRows, ['2019-10-04', '1']]) } })
    expect(failed?.name).toBe('rows')
    expect(failed?.message).toBe('Your result has 4 rows: more rows than expected.')
  })

  it('detects a hard-coded answer on the hidden data without showing hidden values', async () => {
    const answer = "SELECT * FROM (VALUES ('2019-10-02'::date, 9), ('2019-10-01', 5), ('2019-10-03', 5)) v"
    const { graded, failed } = await grade(answer, { [answer]: { public: result(publicRows) } })
    expect(graded.verdict).toBe('incorrect')
    expect(failed?.name).toBe('hidden-data')
    expect(failed?.message).toMatch(/hard-coded/)
    for (const [day, trips] of hiddenRows) {
      expect(failed?.message).not.toContain(day)
      expect(failed?.message).not.toContain(`'${trips}'`)
    }
  })

  it('reports a hidden-data runtime error, timeout or mismatch with the same fixed sentence (no SQLSTATE)', async () => {
    const answer = 'SELECT day, 45 / (trips - 2) FROM daily'
    const secret = new SqlRuntimeError('invalid input syntax for type integer: "secret-hidden-value"', '22P02')
    const failedWith = async (hidden: SqlResultSet | Error) => (await grade(answer, { [answer]: { public: result(publicRows), hidden } })).failed
    const messages = new Set<string | undefined>()
    for (const hidden of [secret, new SqlTimeoutError(1_000), result([['2019-10-01', '1']])]) {
      const failed = await failedWith(hidden)
      expect(failed?.name).toBe('hidden-data')
      expect(failed?.message).not.toContain('22P02')
      expect(failed?.message).not.toContain('secret-hidden-value')
      messages.add(failed?.message)
    }
    expect([...messages]).toEqual([HIDDEN_DATA_FAILED])
  })

  it('treats a permission error on the public run as a refused statement (invalid, no attempt used)', async () => {
    const answer = 'SELECT datname FROM pg_database'
    const { graded, failed } = await grade(answer, { [answer]: { public: new SqlRuntimeError('permission denied for table pg_database', '42501') } })
    expect(graded.verdict).toBe('invalid')
    expect(failed?.name).toBe('statement')
  })

  it('draws the hidden variant of each attempt from the pool', async () => {
    const pool = ['hidden_a', 'hidden_b', 'hidden_c'].map((database) => ({ database, version: '1' }))
    const answer = 'SELECT day, trips FROM daily ORDER BY 2 DESC'
    for (const drawn of [0, 2, 1]) {
      const { runner, calls } = scriptedRunner({ [answer]: { public: result(publicRows) } })
      await gradeSqlAnswer({
        question: question(),
        answerSql: answer,
        runner,
        datasets: { public: datasets.public, hidden: pool },
        referenceCache: new LruPromiseCache<ReferenceResult>(),
        drawHiddenVariant: (count) => (expect(count).toBe(3), drawn),
      })
      expect(calls.filter((call) => call.endsWith(`: ${answer}`) && call.startsWith('hidden'))).toEqual([`${pool[drawn]!.database}: ${answer}`])
    }
  })

  it('never checks an attempt on a variant where the reference gives the public result (a hard-coded answer would pass there)', async () => {
    const pool = [{ database: 'hidden_same', version: '1' }, { database: 'hidden_moves', version: '1' }]
    const answer = "SELECT * FROM (VALUES ('2019-10-02'::date, 9), ('2019-10-01', 5), ('2019-10-03', 5)) v"
    const { runner, calls } = scriptedRunner({ [answer]: { public: result(publicRows) } })
    const graded = await gradeSqlAnswer({
      question: question(),
      answerSql: answer,
      runner,
      datasets: { public: datasets.public, hidden: pool },
      referenceCache: new LruPromiseCache<ReferenceResult>(),
      drawHiddenVariant: () => 0,
    })
    expect(graded.verdict).toBe('incorrect')
    expect(calls).toContain(`hidden_moves: ${answer}`)
    expect(calls).not.toContain(`hidden_same: ${answer}`)
  })

  it('runs the drawn hidden variant’s reference beside the public one, not after it', async () => {
    const answer = 'SELECT day, trips FROM daily ORDER BY 2 DESC'
    const { runner: scripted } = scriptedRunner({ [answer]: { public: result(publicRows), hidden: result(hiddenRows) } })
    const events: string[] = []
    let releasePublic!: () => void
    const publicHeld = new Promise<void>((resolve) => (releasePublic = resolve))
    const runner: SqlRunner = {
      async run(database, sql, options) {
        if (sql !== REFERENCE) return scripted.run(database, sql, options)
        events.push(`${database} reference started`)
        // The public reference finishes only once the hidden one has started (or never, before the change).
        if (database === 'public_db') await Promise.race([publicHeld, new Promise((resolve) => setTimeout(resolve, 500))])
        else releasePublic()
        const outcome = await scripted.run(database, sql, options)
        events.push(`${database} reference done`)
        return outcome
      },
    }
    const graded = await gradeSqlAnswer({ question: question(), answerSql: answer, runner, datasets, referenceCache: new LruPromiseCache<ReferenceResult>() })
    expect(graded.verdict).toBe('correct')
    expect(events.indexOf('hidden_db reference started')).toBeLessThan(events.indexOf('public_db reference done'))
  })

  describe('with the hidden run after the public phase (a grader busy with other grades)', () => {
    const learnerRuns = (calls: string[]) => calls.filter((call) => !call.endsWith(REFERENCE))
    async function gradeAfterPublic(answerSql: string, script: Parameters<typeof scriptedRunner>[0]) {
      const { runner, calls } = scriptedRunner(script)
      const graded = await gradeSqlAnswer({ question: question(), answerSql, runner, datasets, referenceCache: new LruPromiseCache<ReferenceResult>(), hiddenRun: 'after-public' })
      return { graded, calls }
    }

    it('never runs a wrong answer on the hidden variant', async () => {
      const answer = 'SELECT day, trips FROM daily ORDER BY 1'
      const { graded, calls } = await gradeAfterPublic(answer, { [answer]: { public: result([['2019-10-01', '5']]), hidden: result(hiddenRows) } })
      expect(graded.verdict).toBe('incorrect')
      expect(learnerRuns(calls)).toEqual([`public_db: ${answer}`])
      expect(graded.checks.map((entry) => entry.name)).not.toContain('hidden-data')
    })

    it('runs a right answer on the hidden variant after the public one, and still catches a hard-coded one', async () => {
      const right = 'SELECT day, trips FROM daily ORDER BY 2 DESC'
      const passed = await gradeAfterPublic(right, { [right]: { public: result(publicRows), hidden: result(hiddenRows) } })
      expect(passed.graded.verdict).toBe('correct')
      expect(learnerRuns(passed.calls)).toEqual([`public_db: ${right}`, `hidden_db: ${right}`])

      const hardCoded = "SELECT * FROM (VALUES ('2019-10-02'::date, 9), ('2019-10-01', 5), ('2019-10-03', 5)) v"
      const caught = await gradeAfterPublic(hardCoded, { [hardCoded]: { public: result(publicRows) } })
      expect(caught.graded.verdict).toBe('incorrect')
      expect(caught.graded.checks.at(-1)).toMatchObject({ name: 'hidden-data', passed: false, message: HIDDEN_DATA_FAILED })
    })
  })

  it('returns `error` when the sandbox is unavailable', async () => {
    const answer = 'SELECT 1'
    const { graded } = await grade(answer, { [answer]: { public: new SandboxUnavailableError() } })
    expect(graded.verdict).toBe('error')
    expect(graded.checks[0]?.name).toBe('grader')
  })

  it('returns `error`, not a learner failure, when the reference is broken', async () => {
    const answer = 'SELECT 1'
    const { graded } = await grade(answer, { [answer]: { public: result(publicRows) } }, { solutionSql: 'SELECT * FROM broken' })
    expect(graded.verdict).toBe('error')
    expect(graded.checks[0]?.message).toMatch(/reference solution of hw1\/busiest-days is broken/)
  })

  it('runs the reference once per variant however many answers it grades', async () => {
    const answer = 'SELECT day, trips FROM daily ORDER BY 2 DESC'
    const { runner, calls } = scriptedRunner({ [answer]: { public: result(publicRows), hidden: result(hiddenRows) } })
    const cache = new LruPromiseCache<ReferenceResult>()
    for (let attempt = 0; attempt < 3; attempt++) {
      const graded = await gradeSqlAnswer({ question: question(), answerSql: answer, runner, datasets, referenceCache: cache })
      expect(graded.verdict).toBe('correct')
    }
    expect(calls.filter((call) => call.endsWith(REFERENCE))).toHaveLength(2)
  })

  it('does not let ties in the reference order fail a correct answer', async () => {
    const answer = 'SELECT day, trips FROM daily ORDER BY trips DESC, day DESC'
    const swapped = result([publicRows[0]!, publicRows[2]!, publicRows[1]!])
    const { graded } = await grade(answer, { [answer]: { public: swapped, hidden: result(hiddenRows) } })
    expect(graded.verdict).toBe('correct')
  })

  it('fails an answer whose order breaks the reference’s ORDER BY', async () => {
    const answer = 'SELECT day, trips FROM daily ORDER BY trips'
    const reversed = result([publicRows[1]!, publicRows[2]!, publicRows[0]!])
    const { failed } = await grade(answer, { [answer]: { public: reversed } })
    expect(failed?.name).toBe('values')
    expect(failed?.message).toMatch(/wrong order/)
  })

  it('compares big results by fingerprint and falls back to the rows on a mismatch', async () => {
    const big: Rows = Array.from({ length: 12_000 }, (_, index) => [String(index), (index / 7).toFixed(10)])
    const columns: [string, number][] = [['id', typeOids.int4], ['ratio', typeOids.float8]]
    const bigReference = 'SELECT id, ratio FROM big'
    const shuffled = [...big.slice(500), ...big.slice(0, 500)]
    const slightlyOff = big.map(([id, ratio]) => [id, String(Number(ratio) * (1 + 1e-9))] as (string | null)[])
    const calls: string[] = []
    const runner: SqlRunner = {
      async run(_database, sql) {
        calls.push(sql)
        if (sql === bigReference) return result(big, columns)
        if (sql === 'shuffled') return result(shuffled, columns)
        if (sql === 'slightly-off') return result(slightlyOff, columns)
        return result([...big.slice(1), ['0', '1']], columns)
      },
    }
    const cache = new LruPromiseCache<ReferenceResult>()
    const gradeBig = (answerSql: string) =>
      gradeSqlAnswer({
        question: question({ solutionSql: bigReference }),
        answerSql: answerSql === 'wrong' ? 'SELECT 3' : answerSql === 'shuffled' ? 'SELECT 1' : 'SELECT 2',
        runner: { run: (database, sql, options) => runner.run(database, sql === 'SELECT 1' ? 'shuffled' : sql === 'SELECT 2' ? 'slightly-off' : sql, options) },
        datasets: { public: datasets.public },
        referenceCache: cache,
        revealExpected: true,
      })
    expect((await gradeBig('shuffled')).verdict).toBe('correct')
    expect(calls.filter((call) => call === bigReference)).toHaveLength(1)
    expect((await gradeBig('slightly-off')).verdict).toBe('correct')
    const wrong = await gradeBig('wrong')
    expect(wrong.checks.at(-1)).toMatchObject({ name: 'values', passed: false })
    expect(wrong.checks.at(-1)?.message).toContain("'0'")
  })
})
