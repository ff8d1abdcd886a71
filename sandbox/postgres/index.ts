// Running untrusted SQL on PostgreSQL: the static check, the restricted role, the transaction-level
// sandbox and the database-level one. Knows nothing of courses or grading (docs/sandbox-postgres.md).
export { checkSql, statementKinds, writingKinds } from './check-sql.ts'
export type { CheckedSql, CheckSqlOptions, ParseTreeNode, StatementKind } from './check-sql.ts'
export {
  redactSecrets,
  SandboxError,
  SandboxUnavailableError,
  SqlRejectedError,
  sqlRejectionReasons,
  SqlRunAbortedError,
  SqlRuntimeError,
  SqlTimeoutError,
} from './errors.ts'
export type { SqlRejectionReason } from './errors.ts'
export { ensureSandboxRole, learnerRoleSettingsSchema, sandboxRoleOptionsSchema } from './provision-role.ts'
export type { LearnerRoleSettings, SandboxRole, SandboxRoleOptions } from './provision-role.ts'
export { createSqlSandbox, sqlRunLimitsSchema, sqlSandboxConfigSchema } from './sql-sandbox.ts'
export type {
  SandboxClient,
  SqlColumn,
  SqlRunLimits,
  SqlRunLimitsInput,
  SqlRunOptions,
  SqlRunResult,
  SqlSandbox,
  SqlSandboxOptions,
} from './sql-sandbox.ts'
export { scratchDatabaseOptionsSchema, sweepScratchDatabases, withScratchDatabase } from './scratch-database.ts'
export type { ScratchDatabase, ScratchDatabaseOptions } from './scratch-database.ts'
export { guardScratchDatabase, scratchGuardLimitsSchema } from './scratch-database-guard.ts'
export type { ScratchGuard, ScratchGuardLimits, ScratchLimit } from './scratch-database-guard.ts'
export { scheduleScratchSweep } from './scratch-database-sweep.ts'
export type { ScheduledScratchSweep, ScratchSweepSchedule } from './scratch-database-sweep.ts'
