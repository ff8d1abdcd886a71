// The pool's refresh on a superuser session it is given, and `trustExistingVariants` (one-shot
// commands): an existing variant database is taken as built, versioned by its oid, without a
// connection to it; a missing one is still built. The session is a stand-in that lists databases; the
// cluster URL refuses connections, so any connection the pool opens (to read a record or to build)
// shows as a failure.
import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { hiddenVariantPool, type HiddenVariantPoolOptions, slotVariant } from './hidden-variant-pool.ts'

const refusingUrl = 'postgresql://admin:secret@127.0.0.1:1/postgres'
const secret = 'test secret'
// At time 0 with two slots, each slot is in epoch 0 and no next epoch is due yet.
const options: HiddenVariantPoolOptions = { size: 2, rotationMs: 1_000_000, now: () => 0 }
const [first, second] = [slotVariant(secret, 'nyc_taxi', 0, 0), slotVariant(secret, 'nyc_taxi', 1, 0)]

function listingSession(databases: { datname: string; oid: string }[]) {
  const queries: string[] = []
  const session = {
    query: async (sql: string) => {
      queries.push(sql)
      return { rows: sql.includes('pg_database') ? databases : [] }
    },
  } as unknown as pg.Client
  return { session, queries }
}

describe('hiddenVariantPool refresh on a given session', () => {
  it('trusting existing variants: takes them versioned by oid, opening no connection', async () => {
    const { session, queries } = listingSession([
      { datname: first.database, oid: '101' },
      { datname: second.database, oid: '102' },
    ])
    const pool = hiddenVariantPool({ adminUrl: refusingUrl, dataset: 'nyc_taxi', secret, options, trustExistingVariants: true })
    expect(await pool.refresh(session)).toEqual({ changed: true })
    expect(pool.current()).toEqual([
      { database: first.database, version: 'oid 101' },
      { database: second.database, version: 'oid 102' },
    ])
    expect(queries.filter((sql) => /DROP/.test(sql))).toEqual([])
  })

  it('trusting existing variants: one missing is still built', async () => {
    const { session } = listingSession([{ datname: first.database, oid: '101' }])
    const progress: string[] = []
    const pool = hiddenVariantPool({ adminUrl: refusingUrl, dataset: 'nyc_taxi', secret, options, trustExistingVariants: true, onProgress: (message) => progress.push(message) })
    await expect(pool.refresh(session)).rejects.toThrow()
    expect(progress).toEqual(['building hidden variant 2/2 of nyc_taxi…'])
  })

  it('by default, reads each variant’s record in its own database', async () => {
    const { session } = listingSession([
      { datname: first.database, oid: '101' },
      { datname: second.database, oid: '102' },
    ])
    const progress: string[] = []
    const pool = hiddenVariantPool({ adminUrl: refusingUrl, dataset: 'nyc_taxi', secret, options, onProgress: (message) => progress.push(message) })
    // The records cannot be read here, so the variants count as missing and a build is attempted.
    await expect(pool.refresh(session)).rejects.toThrow()
    expect(progress).toEqual(['building hidden variant 1/2 of nyc_taxi…'])
  })
})
