import { describe, expect, it } from 'vitest'
import { CandidateGenerator, queryEdgeCases } from './candidate-databases.ts'
import { counterexampleMessage, textTable } from './counterexample.ts'
import { formatKillingData, type KillingData, killingDatabaseHash, killingDataSchema } from '../../../course/killing-data.ts'

const data: KillingData = {
  format: 1,
  dataset: 'nyc_taxi',
  reference_sha256: 'a'.repeat(64),
  databases: [
    {
      kills: ['m-0000abcd'],
      tables: { green_tripdata: { columns: ['lpep_pickup_datetime', 'trip_distance'], rows: [['2019-09-18 23:59:00', 1.5], ['2019-09-19 00:00:00', null]] } },
    },
  ],
}

describe('killing data files', () => {
  it('round-trips through its one-row-a-line format', () => {
    const text = formatKillingData(data)
    expect(killingDataSchema.parse(JSON.parse(text))).toEqual(data)
    expect(text).toContain('\n            ["2019-09-18 23:59:00",1.5],\n')
  })

  it('refuses unknown columns, rows of the wrong width and unknown tables', () => {
    const bad = (tables: unknown) => killingDataSchema.safeParse({ ...data, databases: [{ kills: [], tables }] }).success
    expect(bad({ green_tripdata: { columns: ['pickup'], rows: [] } })).toBe(false)
    expect(bad({ green_tripdata: { columns: ['trip_distance'], rows: [[1, 2]] } })).toBe(false)
    expect(bad({ trips: { columns: ['trip_distance'], rows: [] } })).toBe(false)
    expect(bad({ green_tripdata: { columns: ['trip_distance'], rows: [[1]] } })).toBe(true)
  })

  it('hashes the rows, not the kills list', () => {
    const database = data.databases[0]!
    expect(killingDatabaseHash({ ...database, kills: [] })).toBe(killingDatabaseHash(database))
    expect(killingDatabaseHash({ ...database, tables: { green_tripdata: { columns: ['trip_distance'], rows: [[2]] } } })).not.toBe(killingDatabaseHash(database))
  })
})

describe('the counterexample', () => {
  it('shows the made-up rows and both results as psql-like tables', () => {
    const message = counterexampleMessage(
      data.databases[0]!,
      { columns: [{ name: 'trips', typeOid: 20, typeName: 'int8' }], rows: [['1']], rowCount: 1, fingerprint: null, orderBy: null },
      { columns: [{ name: 'trips', typeOid: 20, typeName: 'int8' }], rows: [['2']], rowCount: 1, truncated: false, durationMs: 1 },
    )
    expect(message).toContain(' lpep_pickup_datetime | trip_distance\n')
    expect(message).toContain(' 2019-09-19 00:00:00  | NULL\n')
    expect(message).toContain('taxi_zone_lookup: the usual 265 zones.')
    expect(message).toContain('yellow_tripdata, fhv_tripdata: no rows.')
    expect(message).toMatch(/Expected result:\n trips\n-------\n 1\n\(1 row\)/)
    expect(message).toMatch(/Your result:\n trips\n-------\n 2\n\(1 row\)/)
  })

  it('says when the answer fails there, and cuts long tables', () => {
    const message = counterexampleMessage(
      data.databases[0]!,
      { columns: [{ name: 'n', typeOid: 23, typeName: 'int4' }], rows: [], rowCount: 0, fingerprint: null, orderBy: null },
      { error: 'division by zero' },
    )
    expect(message).toContain('Your query fails there: division by zero')
    const long = textTable(['n'], Array.from({ length: 30 }, (_, index) => [index]))
    expect(long).toContain(' … and 18 more rows\n(30 rows)')
  })
})

describe('candidate databases', () => {
  const sql = `SELECT count(*) FROM green_tripdata t JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE z."Zone" = 'East Harlem North' AND lpep_pickup_datetime >= '2019-09-18' AND lpep_pickup_datetime < '2019-09-19 06:00' AND tip_amount > 2.5
  AND lpep_pickup_datetime - lag(lpep_pickup_datetime) OVER () > INTERVAL '30 minutes'`

  it('reads the edge cases from the reference', () => {
    const cases = queryEdgeCases(sql)
    expect(cases.tables).toEqual(['taxi_zone_lookup', 'green_tripdata'])
    expect(cases.columns.green_tripdata).toEqual(['lpep_pickup_datetime', 'lpep_dropoff_datetime', 'PULocationID', 'tip_amount'])
    expect(cases.instants).toEqual([Date.UTC(2019, 8, 18), Date.UTC(2019, 8, 19, 6)])
    expect(cases.intervals).toEqual([30 * 60_000])
    expect(cases.numbers).toEqual([2.5])
    expect(cases.zoneIds).toEqual([74])
  })

  it('is seeded, and fills only the tables and columns the query reads, with the instants it compares with', () => {
    const first = new CandidateGenerator(queryEdgeCases(sql), 7)
    const second = new CandidateGenerator(queryEdgeCases(sql), 7)
    const candidates = Array.from({ length: 30 }, () => first.next(12))
    expect(Array.from({ length: 30 }, () => second.next(12))).toEqual(candidates)
    expect(new Set(candidates.flatMap((candidate) => Object.keys(candidate.tables)))).toEqual(new Set(['green_tripdata']))
    const pickups = candidates.flatMap((candidate) => candidate.tables.green_tripdata!.rows.map((row) => row[0]))
    expect(pickups).toContain('2019-09-18 00:00:00')
    expect(pickups).toContain('2019-09-17 23:59:59')
    expect(pickups).not.toContain(null)
  })
})
