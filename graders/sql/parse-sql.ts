// Parses SQL with the real PostgreSQL parser (libpg-query) and names the kind of its one statement.
// The engine parses before the sandbox does so that it can tell "does not parse" (`parses`) from
// "parses but is not allowed here" (`statement`), and so that it can read the reference's ORDER BY.
import { loadModule, parseSync } from 'libpg-query'

export const statementKinds = ['select', 'create_table_as', 'create_view', 'create_index', 'insert', 'update', 'delete'] as const
export type StatementKind = (typeof statementKinds)[number]

/** A libpg-query AST node: `{ SelectStmt: {...} }` and the like. Kept loose on purpose: we read a few fields. */
export type AstNode = Record<string, unknown>

export interface ParsedStatement {
  /** The statement's node, e.g. `{ SelectStmt: {...} }`. */
  node: AstNode
  /** A kind the course format knows, or null for anything else (DROP, SET, COPY, …). */
  kind: StatementKind | null
  /** Words a learner recognises, e.g. "SELECT", "DROP TABLE". */
  description: string
}

export type ParseOutcome =
  | { ok: true; statements: ParsedStatement[] }
  /** position: 1-based character offset into the SQL, as PostgreSQL reports it; null when unknown. */
  | { ok: false; message: string; position: number | null }

let moduleLoaded: Promise<void> | undefined

/** The parser is WebAssembly: loaded once per process, then parsing is synchronous and cheap. */
export async function ensureParserLoaded(): Promise<void> {
  moduleLoaded ??= loadModule()
  await moduleLoaded
}

/** AST node locations are UTF-8 byte offsets; learners see characters. */
export function byteOffsetToCharIndex(sql: string, byteOffset: number): number {
  return Buffer.from(sql, 'utf8').subarray(0, Math.max(0, byteOffset)).toString('utf8').length
}

function describeStatement(node: AstNode, sql: string, location: number): string {
  const text = Buffer.from(sql, 'utf8').subarray(location).toString('utf8').trimStart()
  const words = text.split(/\s+/).slice(0, 2).join(' ').toUpperCase()
  const [nodeType] = Object.keys(node)
  if (nodeType === 'SelectStmt') return 'SELECT'
  return /^[A-Z ]+$/.test(words) ? words : (nodeType ?? 'unknown')
}

function kindOf(node: AstNode): StatementKind | null {
  const [nodeType] = Object.keys(node)
  const body = (node[nodeType ?? ''] ?? {}) as Record<string, unknown>
  switch (nodeType) {
    case 'SelectStmt':
      // SELECT … INTO creates a table: not a plain query.
      return body.intoClause ? null : 'select'
    case 'CreateTableAsStmt':
      return body.objtype === 'OBJECT_TABLE' ? 'create_table_as' : null
    case 'ViewStmt':
      return 'create_view'
    case 'IndexStmt':
      return 'create_index'
    case 'InsertStmt':
      return 'insert'
    case 'UpdateStmt':
      return 'update'
    case 'DeleteStmt':
      return 'delete'
    default:
      return null
  }
}

interface RawParseResult {
  stmts?: { stmt?: AstNode; stmt_location?: number }[]
}

interface ParserError {
  message: string
  sqlDetails?: { message?: string; cursorPosition?: number }
}

export async function parseSql(sql: string): Promise<ParseOutcome> {
  await ensureParserLoaded()
  let raw: RawParseResult
  try {
    raw = parseSync(sql) as RawParseResult
  } catch (error) {
    const details = (error as ParserError).sqlDetails
    const cursor = details?.cursorPosition
    return {
      ok: false,
      message: details?.message ?? (error as ParserError).message ?? String(error),
      // cursorPosition is a 0-based character index (node locations, by contrast, are UTF-8 bytes).
      position: typeof cursor === 'number' ? cursor + 1 : null,
    }
  }
  const statements = (raw.stmts ?? [])
    .filter((entry): entry is { stmt: AstNode; stmt_location?: number } => entry.stmt !== undefined)
    .map((entry) => ({
      node: entry.stmt,
      kind: kindOf(entry.stmt),
      description: describeStatement(entry.stmt, sql, entry.stmt_location ?? 0),
    }))
  return { ok: true, statements }
}

/** The SelectStmt body of a statement node, or null. */
export function selectBody(node: AstNode): Record<string, unknown> | null {
  const body = node.SelectStmt
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null
}

/** The query inside CREATE TABLE … AS / CREATE VIEW, whose rows the statement stores. */
export function innerQuery(node: AstNode): AstNode | null {
  const body = (node.CreateTableAsStmt ?? node.ViewStmt) as { query?: AstNode } | undefined
  return body?.query ?? null
}
