// Adapts the PostgreSQL sandbox (sandbox/postgres) to the engine's SqlRunner: a check query given as
// text runs on the learner's connection after the statement, inside the same rolled-back transaction.
import pg from 'pg'
import { SqlRuntimeError } from '../../sandbox/postgres/errors.ts'
import type { SqlRunLimitsInput, SqlSandbox } from '../../sandbox/postgres/sql-sandbox.ts'
import type { SqlResultSet } from './result-set.ts'
import type { SqlRunner } from './sql-runner.ts'

/** Grading reads whole results: the reference's and the learner's must both fit. */
export const gradingRunLimits: Partial<SqlRunLimitsInput> = { maxRows: 100_000, maxResultBytes: 64 * 1024 * 1024 }

const textOutput = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig

async function runCheckQuery(client: pg.PoolClient, checkQuery: string): Promise<SqlResultSet> {
  const started = performance.now()
  try {
    const result = await client.query<(string | null)[]>({ text: checkQuery, rowMode: 'array', types: textOutput })
    return {
      columns: result.fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, typeName: String(field.dataTypeID) })),
      rows: result.rows,
      rowCount: result.rows.length,
      truncated: false,
      durationMs: performance.now() - started,
    }
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code) {
      // The position would point into the check query, which the learner never saw.
      throw new SqlRuntimeError(
        `your statement ran, but the question's check afterwards failed: ${error.message}`,
        error.code,
        undefined,
        error.hint ?? undefined,
      )
    }
    throw error
  }
}

export function sqlRunnerFromSandbox(sandbox: SqlSandbox, limits: Partial<SqlRunLimitsInput> = gradingRunLimits): SqlRunner {
  return {
    async run(database, sql, { allowed, afterStatement, signal }) {
      if (!afterStatement) return sandbox.run(database, sql, { allowed, limits, signal })
      const result = await sandbox.run(database, sql, { allowed, limits, signal, afterStatement: (client) => runCheckQuery(client, afterStatement) })
      return { ...result.after, durationMs: result.durationMs }
    },
  }
}
