// Names we put into SQL text ourselves (roles, databases, schemas): validated, then double-quoted,
// because utility statements (CREATE ROLE, GRANT …) cannot take bind parameters.
import { z } from 'zod'

export const sqlIdentifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _, at most 63 characters, not starting with a digit')

export function quoteIdentifier(name: string): string {
  return `"${sqlIdentifier.parse(name)}"`
}

/** A single-quoted SQL string literal (standard_conforming_strings is on in PostgreSQL ≥ 9.1). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('a SQL literal cannot hold a NUL byte')
  return `'${value.replaceAll("'", "''")}'`
}

/** The same server as `url`, as another user, on another database. */
export function urlFor(url: string, user: string, password: string, database: string): string {
  const target = new URL(url)
  target.username = encodeURIComponent(user)
  target.password = encodeURIComponent(password)
  target.pathname = `/${encodeURIComponent(database)}`
  return target.toString()
}

export function withDatabase(url: string, database: string): string {
  const target = new URL(url)
  target.pathname = `/${encodeURIComponent(database)}`
  return target.toString()
}
