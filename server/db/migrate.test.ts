import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { applyMigrations, MigrationError } from './migrate.ts'
import { db } from './client.ts'

describe('applyMigrations', () => {
  it('has migrated this test database, and running again applies nothing', async () => {
    expect(await applyMigrations(process.env.DATABASE_URL!)).toEqual([])
    expect(await db.user.count()).toBe(0)
  })

  it('refuses a migration edited after it was applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'))
    await mkdir(path.join(dir, '20260101000000_first'))
    await writeFile(path.join(dir, '20260101000000_first/migration.sql'), 'CREATE TABLE edited_check (id int);')
    expect(await applyMigrations(process.env.DATABASE_URL!, { dir })).toEqual(['20260101000000_first'])
    await writeFile(path.join(dir, '20260101000000_first/migration.sql'), 'CREATE TABLE edited_check (id bigint);')
    await expect(applyMigrations(process.env.DATABASE_URL!, { dir })).rejects.toThrow(MigrationError)
  })

  it('rolls back a failing migration whole', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'))
    await mkdir(path.join(dir, '20260101000001_broken'))
    await writeFile(
      path.join(dir, '20260101000001_broken/migration.sql'),
      'CREATE TABLE half_done (id int); SELECT no_such_function();',
    )
    await expect(applyMigrations(process.env.DATABASE_URL!, { dir })).rejects.toThrow(/20260101000001_broken failed/)
    const client = new pg.Client(process.env.DATABASE_URL)
    await client.connect()
    const { rows } = await client.query("SELECT to_regclass('half_done') AS t")
    await client.end()
    expect(rows[0].t).toBeNull()
  })
})
