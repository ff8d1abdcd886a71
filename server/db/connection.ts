// Checks that a PostgreSQL URL answers, and turns driver errors into one sentence without secrets.
import pg from 'pg'

export class DatabaseUnreachableError extends Error {}

export function describeServer(url: string) {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || 5432}/${parsed.pathname.slice(1)}`
  } catch {
    return '(an unparsable URL)'
  }
}

function reason(error: unknown) {
  const code = (error as { code?: string }).code
  if (code === 'ECONNREFUSED') return 'the connection was refused — is PostgreSQL running there?'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve'
  if (code === '28P01' || code === '28000') return 'the user name or password was not accepted'
  if (code === '3D000') return 'the database does not exist'
  if (code === 'ETIMEDOUT') return 'the connection timed out'
  return (error as Error).message
}

export async function assertDatabaseReachable(url: string, variable: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (error) {
    throw new DatabaseUnreachableError(
      `Cannot connect to the database in ${variable} (${describeServer(url)}): ${reason(error).replace(/[.?!]?$/, (end) => end || '.')}`,
    )
  } finally {
    await client.end().catch(() => {})
  }
}

export async function ensureDatabaseExists(adminUrl: string, database: string) {
  const client = new pg.Client(adminUrl)
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
  } finally {
    await client.end()
  }
}
