// What the engine needs from the PostgreSQL sandbox (sandbox/postgres `createSqlSandbox`): run one
// statement in a database, as the restricted learner role, and return its rows as text.
import type { StatementKind } from '../../sandbox/postgres/check-sql.ts'
import type { KillingDatabase } from '../../course/killing-data.ts'
import type { SqlResultSet } from './result-set.ts'

export interface SqlRunOptions {
  allowed: StatementKind[]
  /** A query run after the statement in the same (rolled-back) transaction; its result is returned. */
  afterStatement?: string
  /** Stops the statement (the sandbox cancels it) when grading is cancelled. */
  signal?: AbortSignal
}

/**
 * Rejects a statement it will not run with SqlRejectedError (reasons as checkSql's) before touching
 * the database; a PostgreSQL error is SqlRuntimeError; an infrastructure failure SandboxUnavailableError.
 */
export interface SqlRunner {
  run(database: string, sql: string, options: SqlRunOptions): Promise<SqlResultSet>
}

/** One dataset variant in the grading cluster. `version` changes when its data changes. */
export interface DatasetVariant {
  database: string
  version: string
}

/**
 * Where a question is graded: the public variant (what learners explore) and the pool of hidden
 * variants (same schema, other seeds, opaque database names); each attempt is checked on one of them,
 * drawn for that attempt. Feedback never shows a hidden variant's values.
 */
export interface SqlGradingDatasets {
  public: DatasetVariant
  hidden?: DatasetVariant[]
  /**
   * The question's killing databases (graders/sql/killing): small synthetic databases on which the
   * near-miss variants of the reference fail. Every one is checked; a failure shows it as a counterexample.
   */
  killing?: KillingVariant[]
}

/** A killing database in the grading cluster, with its rows (shown back as a counterexample). */
export interface KillingVariant extends DatasetVariant {
  data: KillingDatabase
}
