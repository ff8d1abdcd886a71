// Static check of learner SQL with the real PostgreSQL parser (libpg-query, PostgreSQL 18's grammar),
// before anything reaches a database. The database-side restrictions (role, privileges, settings,
// read-only transaction, rollback) are the real wall; this check is the first one, and the one that
// gives a learner a clear sentence instead of a permission error.
import { z } from 'zod'
import { SqlRejectedError } from './errors.ts'
import { pgParser } from './pg-parser.ts'

export const statementKinds = [
  'select',
  'create_table',
  'create_table_as',
  'create_view',
  'create_index',
  'insert',
  'update',
  'delete',
] as const
export type StatementKind = (typeof statementKinds)[number]

/** Kinds that write, so they run in a read-write transaction (still always rolled back). */
export const writingKinds: ReadonlySet<StatementKind> = new Set(statementKinds.filter((kind) => kind !== 'select'))

export const checkSqlOptionsSchema = z.object({
  allowed: z.array(z.enum(statementKinds)).min(1).default(['select']),
  /** Bytes of UTF-8; the parser and the network never see more. */
  maxBytes: z.number().int().positive().default(64 * 1024),
})
export type CheckSqlOptions = z.input<typeof checkSqlOptionsSchema>

/** A parse-tree node as libpg-query returns it: `{ NodeType: { ...fields } }`. */
export type ParseTreeNode = Record<string, unknown>

export interface CheckedSql {
  kind: StatementKind
  /** The one statement's parse tree, e.g. `{ SelectStmt: { … } }`, for graders that inspect structure. */
  statement: ParseTreeNode
}

const kindLabels: Record<StatementKind, string> = {
  select: 'a query (SELECT, WITH … SELECT, VALUES or TABLE)',
  create_table: 'CREATE TABLE',
  create_table_as: 'CREATE TABLE … AS',
  create_view: 'CREATE VIEW',
  create_index: 'CREATE INDEX',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
}

const noSettings = 'Changing settings (SET, RESET, set_config) is not allowed: the sandbox fixes them for you.'
const noRoles = 'Roles, privileges and server settings cannot be changed here.'
const noTransactions =
  'Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT …) is not allowed: your statement already runs in its own transaction.'
const noRoutines = 'Functions, procedures and DO blocks cannot be created or run here.'

/** Statements that are never allowed, with the sentence a learner reads. Others get a generic one. */
const forbiddenStatementMessages: Record<string, string> = {
  TransactionStmt: noTransactions,
  VariableSetStmt: noSettings,
  VariableShowStmt: 'SHOW is not available here; use current_setting(…) in a SELECT if you need a setting.',
  DiscardStmt: noSettings,
  AlterSystemStmt: noRoles,
  AlterDatabaseSetStmt: noRoles,
  AlterRoleSetStmt: noRoles,
  CreateRoleStmt: noRoles,
  AlterRoleStmt: noRoles,
  DropRoleStmt: noRoles,
  GrantStmt: noRoles,
  GrantRoleStmt: noRoles,
  AlterDefaultPrivilegesStmt: noRoles,
  ReassignOwnedStmt: noRoles,
  DropOwnedStmt: noRoles,
  CreateExtensionStmt: 'Extensions cannot be installed here.',
  AlterExtensionStmt: 'Extensions cannot be changed here.',
  CopyStmt: 'COPY is not allowed: it reads and writes files and programs on the server. Use SELECT to see data.',
  DoStmt: noRoutines,
  CreateFunctionStmt: noRoutines,
  AlterFunctionStmt: noRoutines,
  CallStmt: noRoutines,
  CreateTrigStmt: 'Triggers cannot be created here.',
  CreateEventTrigStmt: 'Triggers cannot be created here.',
  RuleStmt: 'Rules cannot be created here.',
  ListenStmt: 'LISTEN and NOTIFY are not available here.',
  UnlistenStmt: 'LISTEN and NOTIFY are not available here.',
  NotifyStmt: 'LISTEN and NOTIFY are not available here.',
  LockStmt: 'LOCK is not allowed: your statement sees a consistent snapshot without it.',
  VacuumStmt: 'VACUUM and ANALYZE are not allowed here.',
  PrepareStmt: 'PREPARE and EXECUTE are not available: send the query itself.',
  ExecuteStmt: 'PREPARE and EXECUTE are not available: send the query itself.',
  DeallocateStmt: 'PREPARE and EXECUTE are not available: send the query itself.',
  DeclareCursorStmt: 'Cursors are not available here: send the query itself.',
  FetchStmt: 'Cursors are not available here: send the query itself.',
  ClosePortalStmt: 'Cursors are not available here: send the query itself.',
  ExplainStmt: 'EXPLAIN is not available here: send the query itself.',
  LoadStmt: 'LOAD is not allowed.',
  CheckPointStmt: 'CHECKPOINT is not allowed.',
  CreatedbStmt: 'Databases cannot be created here.',
  DropdbStmt: 'Databases cannot be dropped here.',
  CreateTableSpaceStmt: 'Tablespaces cannot be created here.',
  CreateSubscriptionStmt: 'Replication cannot be configured here.',
  CreatePublicationStmt: 'Replication cannot be configured here.',
  CreateForeignServerStmt: 'Foreign data wrappers cannot be used here.',
  CreateFdwStmt: 'Foreign data wrappers cannot be used here.',
  CreateUserMappingStmt: 'Foreign data wrappers cannot be used here.',
  ImportForeignSchemaStmt: 'Foreign data wrappers cannot be used here.',
}

const fileOrLargeObject =
  'Reading server files and large objects is not allowed here; the data you need is in the dataset tables.'
const noLocks = 'Advisory locks are not available here.'
const noSessionControl = 'Other sessions and the server cannot be controlled from here.'
const noDynamicSql = 'Functions that run SQL given as text are not available here: write the query itself.'
// A sleep on one branch of a CASE makes the verdict's arrival time tell which branch a hidden variant
// took (decision 040); no answer needs one.
const noSleep = 'Sleeping is not available here: how long a query takes is never part of an answer.'

/** Functions refused by exact name (lower case, any schema). */
const forbiddenFunctions: Record<string, string> = {
  set_config: noSettings,
  pg_read_file: fileOrLargeObject,
  pg_read_binary_file: fileOrLargeObject,
  pg_stat_file: fileOrLargeObject,
  loread: fileOrLargeObject,
  lowrite: fileOrLargeObject,
  pg_terminate_backend: noSessionControl,
  pg_cancel_backend: noSessionControl,
  pg_signal_backend: noSessionControl,
  pg_reload_conf: noSessionControl,
  pg_rotate_logfile: noSessionControl,
  pg_promote: noSessionControl,
  pg_switch_wal: noSessionControl,
  pg_log_backend_memory_contexts: noSessionControl,
  pg_logical_emit_message: noSessionControl,
  pg_notify: 'LISTEN and NOTIFY are not available here.',
  ts_stat: noDynamicSql,
}

/** Functions refused by name prefix: whole families. */
const forbiddenFunctionPrefixes: [prefix: string, message: string][] = [
  ['pg_ls_', fileOrLargeObject],
  ['pg_file_', fileOrLargeObject],
  ['lo_', fileOrLargeObject],
  ['pg_advisory_', noLocks],
  ['pg_try_advisory_', noLocks],
  ['dblink', 'Connecting to other databases is not allowed here.'],
  ['query_to_xml', noDynamicSql],
  ['table_to_xml', noDynamicSql],
  ['schema_to_xml', noDynamicSql],
  ['database_to_xml', noDynamicSql],
  ['cursor_to_xml', noDynamicSql],
  ['pg_create_', noSessionControl],
  ['pg_drop_replication', noSessionControl],
  ['pg_replication_', noSessionControl],
  ['pg_backup_', noSessionControl],
  ['pg_sleep', noSleep],
]

const dataModifyingStatements = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'])

function forbiddenFunctionMessage(name: string): string | undefined {
  return (
    forbiddenFunctions[name] ?? forbiddenFunctionPrefixes.find(([prefix]) => name.startsWith(prefix))?.[1]
  )
}

function describeAllowed(allowed: readonly StatementKind[]) {
  const labels = allowed.map((kind) => kindLabels[kind])
  return labels.length === 1 ? labels[0] : `one of: ${labels.join(', ')}`
}

function nodeType(node: ParseTreeNode): string {
  return Object.keys(node)[0] ?? 'unknown'
}

function fields(node: ParseTreeNode): Record<string, unknown> {
  return (Object.values(node)[0] ?? {}) as Record<string, unknown>
}

function isTemporary(relation: unknown) {
  return (relation as { relpersistence?: string } | undefined)?.relpersistence === 't'
}

function isSystemRelation(relation: unknown) {
  const { schemaname, relname } = (relation ?? {}) as { schemaname?: string; relname?: string }
  return (
    schemaname === 'pg_catalog' ||
    schemaname === 'information_schema' ||
    schemaname === 'pg_toast' ||
    (relname ?? '').startsWith('pg_')
  )
}

/** Classifies the top-level statement, or rejects it. */
function classify(statement: ParseTreeNode): StatementKind {
  const type = nodeType(statement)
  const body = fields(statement)
  switch (type) {
    case 'SelectStmt':
      if (body.intoClause)
        throw new SqlRejectedError(
          'forbidden_clause',
          'SELECT … INTO creates a table; it is not allowed here. Remove INTO (or use CREATE TABLE … AS where a table is asked for).',
        )
      return 'select'
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      if (isSystemRelation(body.relation))
        throw new SqlRejectedError('forbidden_statement', 'System catalogs cannot be modified.')
      return type === 'InsertStmt' ? 'insert' : type === 'UpdateStmt' ? 'update' : 'delete'
    case 'CreateStmt':
      if (isTemporary(body.relation))
        throw new SqlRejectedError('forbidden_clause', 'Temporary tables are not available here; create a normal table.')
      return 'create_table'
    case 'CreateTableAsStmt': {
      const into = body.into as { rel?: unknown } | undefined
      if (isTemporary(into?.rel))
        throw new SqlRejectedError('forbidden_clause', 'Temporary tables are not available here; create a normal table.')
      return body.objtype === 'OBJECT_MATVIEW' ? 'create_view' : 'create_table_as'
    }
    case 'ViewStmt':
      if (isTemporary(body.view))
        throw new SqlRejectedError('forbidden_clause', 'Temporary views are not available here; create a normal view.')
      return 'create_view'
    case 'IndexStmt':
      if (body.concurrent)
        throw new SqlRejectedError(
          'forbidden_clause',
          'CREATE INDEX CONCURRENTLY cannot run here (it cannot run inside a transaction); remove CONCURRENTLY.',
        )
      return 'create_index'
    default: {
      const message = forbiddenStatementMessages[type]
      if (type === 'VariableSetStmt' && /^(role|session_authorization)$/.test(String(body.name)))
        throw new SqlRejectedError('forbidden_statement', 'Changing role (SET ROLE, SET SESSION AUTHORIZATION) is not allowed.')
      throw new SqlRejectedError('forbidden_statement', message ?? `This kind of statement (${type.replace(/Stmt$/, '')}) is not allowed here.`)
    }
  }
}

/** Walks the whole tree (iteratively: learner SQL can nest deeply) and rejects what may hide inside. */
function rejectHiddenDangers(statement: ParseTreeNode) {
  const stack: unknown[] = [fields(statement)]
  while (stack.length > 0) {
    const value = stack.pop()
    if (Array.isArray(value)) {
      stack.push(...value)
      continue
    }
    if (value === null || typeof value !== 'object') continue
    for (const [key, child] of Object.entries(value)) {
      if (key === 'FuncCall') {
        const names = ((child as { funcname?: { String?: { sval?: string } }[] }).funcname ?? []).map(
          (part) => part.String?.sval ?? '',
        )
        const name = (names.at(-1) ?? '').toLowerCase()
        const message = forbiddenFunctionMessage(name)
        if (message) throw new SqlRejectedError('forbidden_function', `${message} (${name} is not allowed.)`)
      } else if (dataModifyingStatements.has(key)) {
        throw new SqlRejectedError(
          'forbidden_clause',
          'Data-modifying statements inside a query (WITH … INSERT/UPDATE/DELETE) are not allowed here.',
        )
      } else if (key === 'lockingClause' && Array.isArray(child) && child.length > 0) {
        throw new SqlRejectedError(
          'forbidden_clause',
          'Row locks (FOR UPDATE, FOR SHARE …) are not allowed: your query reads a snapshot that nobody else changes.',
        )
      } else if (key === 'intoClause' && child) {
        throw new SqlRejectedError('forbidden_clause', 'SELECT … INTO is not allowed here.')
      } else if (/^[A-Z]\w*Stmt$/.test(key) && key !== 'SelectStmt') {
        throw new SqlRejectedError('forbidden_statement', 'Statements of this kind cannot be nested in a query.')
      }
      stack.push(child)
    }
  }
}

function parseErrorPosition(error: unknown): number | undefined {
  const cursor = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition
  // libpg-query reports a 0-based character index; PostgreSQL and our errors use 1-based.
  return typeof cursor === 'number' && cursor >= 0 ? cursor + 1 : undefined
}

/** Recent checks by (options, text): a grade runs one answer on the public, hidden and killing databases. */
const recentChecks = new Map<string, Promise<CheckedSql>>()
const RECENT_CHECKS = 64
const RECENT_CHECK_MAX_CHARS = 8 * 1024

/**
 * Checks that `sql` is exactly one statement of an allowed kind with nothing forbidden anywhere in
 * it. Returns its kind and parse tree (shared by callers: do not change it), or throws
 * SqlRejectedError with a sentence for the learner. The same text with the same options is parsed
 * once while it is among the last 64 checked: one grade runs the answer on several databases.
 */
export function checkSql(sql: string, options: CheckSqlOptions = {}): Promise<CheckedSql> {
  const parsed = checkSqlOptionsSchema.parse(options)
  const key = `${parsed.maxBytes}|${[...parsed.allowed].sort().join(',')}|${sql}`
  const known = recentChecks.get(key)
  if (known) {
    // Most recently used last: the first key is the one to forget.
    recentChecks.delete(key)
    recentChecks.set(key, known)
    return known
  }
  const checking = checkSqlUncached(sql, parsed)
  // Big texts are not kept: 64 parse trees of 64 KiB answers would hold tens of megabytes.
  if (sql.length > RECENT_CHECK_MAX_CHARS) return checking
  recentChecks.set(key, checking)
  if (recentChecks.size > RECENT_CHECKS) recentChecks.delete(recentChecks.keys().next().value!)
  return checking
}

async function checkSqlUncached(sql: string, { allowed, maxBytes }: { allowed: StatementKind[]; maxBytes: number }): Promise<CheckedSql> {
  if (sql.includes('\u0000'))
    throw new SqlRejectedError('nul_byte', 'Your answer contains a NUL byte (\\0), which SQL text cannot hold.')
  const bytes = Buffer.byteLength(sql, 'utf8')
  if (bytes > maxBytes)
    throw new SqlRejectedError(
      'too_large',
      `Your answer is too large (${Math.ceil(bytes / 1024)} KiB; the limit is ${Math.floor(maxBytes / 1024)} KiB).`,
    )
  if (sql.trim() === '') throw new SqlRejectedError('empty', 'Your answer is empty: write one SQL statement.')

  const { parse } = await pgParser()
  let statements: { stmt?: ParseTreeNode }[]
  try {
    statements = (await parse(sql)).stmts as { stmt?: ParseTreeNode }[]
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new SqlRejectedError('syntax', `Syntax error: ${message}`, parseErrorPosition(error))
  }
  if (statements.length === 0)
    throw new SqlRejectedError('empty', 'Your answer has no SQL statement (only comments or semicolons).')
  if (statements.length > 1)
    throw new SqlRejectedError(
      'multiple_statements',
      `Your answer has ${statements.length} statements; send exactly one (a single semicolon at the end is fine).`,
    )
  const statement = statements[0]?.stmt
  if (!statement) throw new SqlRejectedError('empty', 'Your answer has no SQL statement.')

  const kind = classify(statement)
  if (!allowed.includes(kind))
    throw new SqlRejectedError(
      'kind_not_allowed',
      `This question expects ${describeAllowed(allowed)}; ${kindLabels[kind]} is not accepted here.`,
    )
  rejectHiddenDangers(statement)
  return { kind, statement }
}
