// The search for a question's killing databases (issue 16, part 2): random small databases from the
// reference's edge cases (candidate-databases.ts) are tried until every mutant is told apart from
// the reference on one of them; the mutants that random search leaves alive then get
// constraint-guided candidates (guided-candidates.ts: rows solved to meet the query's conditions,
// one of them moved onto a boundary). A candidate counts only where the reference is sound on it: it runs,
// has no tie at its LIMIT boundary, and every accepted alternative gives the same result. Each kept
// candidate is shrunk row by row (delta debugging) while it still kills what it killed, then the
// kept ones are merged where the union still kills everything: few, small databases.
//
// Runs on a scratch database of the grading cluster as its superuser (author tool: the reference, its
// mutants and the author's alternatives only), each candidate inside a rolled-back transaction.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { checkSql } from '../../../sandbox/postgres/check-sql.ts'
import { databaseUrl, withClient } from '../../../datasets/nyc-taxi/load.ts'
import { NYC_TAXI_SCHEMA } from '../../../datasets/nyc-taxi/schema.ts'
import { checkLimitTies } from '../author-checks/limit-ties.ts'
import { compareResultSets } from '../compare-result-sets.ts'
import { orderByFor } from '../grade-sql-answer.ts'
import type { Mutant } from '../mutants/generate-mutants.ts'
import type { SqlResultSet } from '../result-set.ts'
import type { SqlGradingQuestion } from '../sql-question.ts'
import type { SqlRunner } from '../sql-runner.ts'
import { CandidateGenerator, queryEdgeCases } from './candidate-databases.ts'
import { GuidedCandidateGenerator } from './guided-candidates.ts'
import { predicateConstraints } from './predicate-constraints.ts'
import { KILLING_DATA_FORMAT, type KillingData, type KillingDatabase, referenceSha256 } from '../../../course/killing-data.ts'
import { createKillingSchema, fillKillingTables } from './killing-databases.ts'

/** What the search tells apart from the reference: a mutant, or an author's wrong answer that a counterexample must catch. */
export type KillingTarget = Pick<Mutant, 'id' | 'sql'>

export interface SearchKillingDataInput<Target extends KillingTarget = Mutant> {
  adminUrl: string
  question: SqlGradingQuestion
  mutants: Target[]
  /** Correct answers written another way: must give the reference's result on every killing database. */
  alternatives?: string[]
  /** Random candidates tried at most (default 600). */
  budget?: number
  /** Constraint-guided candidates tried at most for what random search leaves (default 300; 0: none). */
  guidedBudget?: number
  /** Stop after this long (default 90 s); random search gets at most 60 % of it while guided search is on. */
  timeLimitMs?: number
  seed?: number
  onProgress?: (message: string) => void
}

export interface SearchKillingDataResult<Target extends KillingTarget = Mutant> {
  data: KillingData | null
  killed: string[]
  /** Mutants no candidate told apart: equivalent, or beyond the generator (declare or write rows by hand). */
  unkilled: Target[]
  candidatesTried: number
  /** Of the killed, those only a constraint-guided candidate killed. */
  killedByGuided: string[]
}

type Outcome = { ok: true; result: SqlResultSet } | { ok: false; error: string }

const textOutput = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig

async function runQuery(client: pg.Client, sql: string): Promise<Outcome> {
  await client.query('SAVEPOINT candidate_query')
  try {
    const result = await client.query<(string | null)[]>({ text: sql, rowMode: 'array', types: textOutput })
    await client.query('RELEASE SAVEPOINT candidate_query')
    return {
      ok: true,
      result: {
        columns: result.fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, typeName: String(field.dataTypeID) })),
        rows: result.rows,
        rowCount: result.rows.length,
        truncated: false,
        durationMs: 0,
      },
    }
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT candidate_query')
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

class CandidateEvaluator {
  private orderByCache: Promise<(columns: string[]) => number[] | null> | null = null

  constructor(
    private readonly client: pg.Client,
    private readonly question: SqlGradingQuestion,
    private readonly alternatives: string[],
  ) {}

  private orderBy(columns: string[]): Promise<number[] | null> {
    this.orderByCache ??= checkSql(this.question.solutionSql, { allowed: this.question.statements }).then(
      (checked) => (names: string[]) => orderByFor(this.question, checked.statement, names),
    )
    return this.orderByCache.then((compute) => compute(columns))
  }

  /**
   * Mutant ids (among `mutants`) whose result differs from the reference on the candidate; null when
   * the reference is not sound on it. Evaluated twice, with the rows inserted in reverse the second
   * time: a result that depends on the rows' physical order (a window over tied sort keys) would not
   * hold in the grading cluster, so the reference must agree with itself and a kill must hold both ways.
   */
  async kills(candidate: KillingDatabase, mutants: KillingTarget[]): Promise<Set<string> | null> {
    const forward = await this.killsInOrder(candidate, mutants, null)
    if (!forward) return null
    const reversed: KillingDatabase = {
      ...candidate,
      tables: Object.fromEntries(Object.entries(candidate.tables).map(([name, table]) => [name, { ...table!, rows: [...table!.rows].reverse() }])),
    }
    const backward = await this.killsInOrder(reversed, mutants.filter((mutant) => forward.killed.has(mutant.id)), forward.reference)
    if (!backward) return null
    return backward.killed
  }

  private async killsInOrder(
    candidate: KillingDatabase,
    mutants: KillingTarget[],
    expected: SqlResultSet | null,
  ): Promise<{ killed: Set<string>; reference: SqlResultSet } | null> {
    await this.client.query('BEGIN')
    try {
      await fillKillingTables(this.client, candidate)
      const reference = await runQuery(this.client, this.question.solutionSql)
      if (!reference.ok) return null
      const runner: SqlRunner = {
        run: async (_database, sql) => {
          const outcome = await runQuery(this.client, sql)
          if (!outcome.ok) throw new Error(outcome.error)
          return outcome.result
        },
      }
      const ties = await checkLimitTies(this.question.solutionSql, runner, '')
      if (ties.kind === 'tie' || ties.kind === 'not-checkable') return null
      const orderBy = await this.orderBy(reference.result.columns.map((column) => column.name))
      const options = { orderBy, floatTolerance: this.question.compare.float_tolerance, columnNames: this.question.compare.column_names }
      const same = (outcome: Outcome) => outcome.ok && compareResultSets(reference.result, outcome.result, options).equal
      if (expected && !same({ ok: true, result: expected })) return null
      for (const alternative of this.alternatives) if (!same(await runQuery(this.client, alternative))) return null
      const killed = new Set<string>()
      for (const mutant of mutants) if (!same(await runQuery(this.client, mutant.sql))) killed.add(mutant.id)
      return { killed, reference: reference.result }
    } finally {
      await this.client.query('ROLLBACK')
    }
  }
}

function rowCount(candidate: KillingDatabase): number {
  return Object.values(candidate.tables).reduce((sum, table) => sum + (table?.rows.length ?? 0), 0)
}

function withoutRow(candidate: KillingDatabase, table: string, index: number): KillingDatabase {
  const tables = structuredClone(candidate.tables)
  tables[table as keyof typeof tables]!.rows.splice(index, 1)
  return { ...candidate, tables }
}

/** The union of two candidates' rows (columns unioned, missing ones NULL). */
function merged(a: KillingDatabase, b: KillingDatabase): KillingDatabase {
  const tables: KillingDatabase['tables'] = structuredClone(a.tables)
  for (const [name, table] of Object.entries(b.tables)) {
    const key = name as keyof typeof tables
    const existing = tables[key]
    if (!existing) {
      tables[key] = structuredClone(table!)
      continue
    }
    const columns = [...existing.columns, ...table!.columns.filter((column) => !existing.columns.includes(column))]
    const widen = (source: { columns: string[]; rows: (string | number | null)[][] }) =>
      source.rows.map((row) => columns.map((column) => (source.columns.includes(column) ? row[source.columns.indexOf(column)]! : null)))
    tables[key] = { columns, rows: [...widen(existing), ...widen(table!)] }
  }
  return { kills: [...new Set([...a.kills, ...b.kills])], tables }
}

export async function searchKillingData<Target extends KillingTarget>(input: SearchKillingDataInput<Target>): Promise<SearchKillingDataResult<Target>> {
  const { adminUrl, question, mutants } = input
  if (question.statements.some((kind) => kind !== 'select')) {
    return { data: null, killed: [], unkilled: mutants, candidatesTried: 0, killedByGuided: [] }
  }
  const scratch = `syllabus_kill_search_${randomBytes(6).toString('hex')}`
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${scratch}`))
  try {
    const client = new pg.Client({ connectionString: databaseUrl(adminUrl, scratch) })
    await client.connect()
    try {
      await createKillingSchema(client)
      await client.query(`SET search_path = ${NYC_TAXI_SCHEMA}, public`)
      await client.query(`SET statement_timeout = '5s'`)
      return await search(client, input)
    } finally {
      await client.end()
    }
  } finally {
    await withClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`))
  }
}

async function search<Target extends KillingTarget>(client: pg.Client, input: SearchKillingDataInput<Target>): Promise<SearchKillingDataResult<Target>> {
  const { question, mutants } = input
  const evaluator = new CandidateEvaluator(client, question, input.alternatives ?? [])
  const seed = input.seed ?? 20191018
  const random = new CandidateGenerator(queryEdgeCases(question.solutionSql), seed)
  const started = performance.now()
  const timeLimit = input.timeLimitMs ?? 90_000
  const guidedBudget = input.guidedBudget ?? 300
  let surviving = [...mutants]
  const kept: KillingDatabase[] = []
  let tried = 0

  /** Tries candidates until every mutant is killed, `budget` are tried or the deadline passes. */
  const phase = async (label: string, next: (maxRows: number) => KillingDatabase, budget: number, deadline: number) => {
    const killedHere: string[] = []
    for (let count = 1; surviving.length > 0 && count <= budget && performance.now() < deadline; count++) {
      tried++
      // Small first: a counterexample of a few rows reads best; grow when small ones stop killing.
      const candidate = next(Math.min(40, 3 + Math.floor(count / 15)))
      const killed = await evaluator.kills(candidate, surviving)
      if (!killed || killed.size === 0) continue
      const target = surviving.filter((mutant) => killed.has(mutant.id))
      const shrunk = await shrink(evaluator, candidate, target)
      kept.push({ ...shrunk, kills: target.map((mutant) => mutant.id) })
      surviving = surviving.filter((mutant) => !killed.has(mutant.id))
      killedHere.push(...target.map((mutant) => mutant.id))
      input.onProgress?.(`  ${label} candidate ${count}: kills ${target.length} (${rowCount(shrunk)} rows), ${surviving.length} left`)
    }
    return killedHere
  }

  await phase('random', (rows) => random.next(rows), input.budget ?? 600, started + (guidedBudget > 0 ? 0.6 : 1) * timeLimit)
  let killedByGuided: string[] = []
  if (surviving.length > 0 && guidedBudget > 0) {
    // Boundaries from the reference and from the survivors themselves (their shifted dates, changed ends).
    const constraints = await predicateConstraints(question.solutionSql, surviving.map((mutant) => mutant.sql))
    if (constraints && constraints.scopes.length + constraints.boundaries.size > 0) {
      input.onProgress?.(`  random search left ${surviving.length}: constraint-guided candidates`)
      const guided = new GuidedCandidateGenerator(constraints, new CandidateGenerator(queryEdgeCases(question.solutionSql), seed + 1), seed + 2)
      killedByGuided = await phase('guided', (rows) => guided.next(rows), guidedBudget, started + timeLimit)
    }
  }
  const databases = await mergeKept(evaluator, kept, mutants)
  const killed = mutants.filter((mutant) => !surviving.includes(mutant)).map((mutant) => mutant.id)
  const data: KillingData | null =
    databases.length === 0
      ? null
      : { format: KILLING_DATA_FORMAT, dataset: 'nyc_taxi', reference_sha256: referenceSha256(question.solutionSql), databases }
  return { data, killed, unkilled: surviving, candidatesTried: tried, killedByGuided }
}

/** Removes rows one at a time while the candidate stays sound and still kills every target. */
async function shrink(evaluator: CandidateEvaluator, candidate: KillingDatabase, targets: KillingTarget[]): Promise<KillingDatabase> {
  let current = candidate
  let changed = true
  while (changed) {
    changed = false
    for (const [table, content] of Object.entries(current.tables)) {
      for (let index = content!.rows.length - 1; index >= 0; index--) {
        const smaller = withoutRow(current, table, index)
        const killed = await evaluator.kills(smaller, targets)
        if (killed && targets.every((mutant) => killed.has(mutant.id))) {
          current = smaller
          changed = true
        }
      }
    }
  }
  return current
}

/** Merges kept databases while the union stays sound and kills what its parts killed. */
async function mergeKept(evaluator: CandidateEvaluator, kept: KillingDatabase[], mutants: KillingTarget[]): Promise<KillingDatabase[]> {
  const result: KillingDatabase[] = []
  for (const database of kept) {
    let placed = false
    for (let index = 0; index < result.length && !placed; index++) {
      const union = merged(result[index]!, database)
      if (rowCount(union) > 40) continue
      const targets = mutants.filter((mutant) => union.kills.includes(mutant.id))
      const killed = await evaluator.kills(union, targets)
      if (killed && targets.every((mutant) => killed.has(mutant.id))) {
        result[index] = union
        placed = true
      }
    }
    if (!placed) result.push(database)
  }
  return result
}
