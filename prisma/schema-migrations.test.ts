// Migrations are generated from schema.prisma (prisma/new-migration.ts); this proves they agree,
// without database introspection (see docs/decisions/002-prisma-offline.md): the catalog of a
// database built by applying every migration must equal that of one built from the schema directly.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { diffSchemas } from './new-migration.ts'

const CATALOG_QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
              character_maximum_length, numeric_precision, numeric_scale, datetime_precision
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  constraints: `SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                  AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') AND contype <> 'n'
                ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  enums: `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
          WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname ORDER BY t.typname`,
}

async function catalog(url: string) {
  const client = new pg.Client(url)
  await client.connect()
  try {
    const result: Record<string, unknown[]> = {}
    for (const [name, sql] of Object.entries(CATALOG_QUERIES)) result[name] = (await client.query(sql)).rows
    return result
  } finally {
    await client.end()
  }
}

describe('prisma/migrations', () => {
  it('build exactly the database that schema.prisma describes', async () => {
    const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL!
    const fromSchema = `schema_check_${Date.now()}`
    const admin = new pg.Client(adminUrl)
    await admin.connect()
    await admin.query(`CREATE DATABASE ${fromSchema}`)
    await admin.end()
    const fromSchemaUrl = Object.assign(new URL(adminUrl), { pathname: `/${fromSchema}` }).toString()

    const schema = await readFile(path.join(import.meta.dirname, 'schema.prisma'), 'utf8')
    const sql = await diffSchemas(null, schema, adminUrl)
    expect(sql).toMatch(/CREATE TABLE "User"/) // a stub engine can "succeed" with empty output
    const client = new pg.Client(fromSchemaUrl)
    await client.connect()
    await client.query(sql)
    await client.end()

    const [migrated, direct] = await Promise.all([catalog(process.env.DATABASE_URL!), catalog(fromSchemaUrl)])
    expect(migrated.columns!.length).toBeGreaterThan(50)
    expect(migrated).toEqual(direct)
  }, 120_000)
})
