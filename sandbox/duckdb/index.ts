// Running SQL on DuckDB over Parquet files with memory, thread and time limits and no other file
// access. Knows nothing of courses or grading (docs/bigquery.md, section "Local engine").
export { openDuckDbSandbox, quoteIdentifier, quoteLiteral } from './duckdb-sandbox.ts'
export type { DuckDbColumn, DuckDbResult, DuckDbSandbox, ParquetView } from './duckdb-sandbox.ts'
export { DuckDbRuntimeError, DuckDbSandboxError, DuckDbTimeoutError, DuckDbUnavailableError } from './errors.ts'
export { duckDbLimitsSchema } from './limits.ts'
export type { DuckDbLimits, DuckDbLimitsInput } from './limits.ts'
