// What the engine needs from the PostgreSQL sandbox (sandbox/postgres `createSqlSandbox`): run one
// statement in a database, as the restricted learner role, and return its rows as text.
import type { StatementKind } from '../../sandbox/postgres/check-sql.ts'
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
 * Where a question is graded: the public variant (what learners explore; feedback may show its
 * values) and the hidden variant (same schema, other data; feedback never shows it).
 */
export interface SqlGradingDatasets {
  public: DatasetVariant
  hidden?: DatasetVariant
}
