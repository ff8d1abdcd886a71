import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repositoryCoursesDir } from '../../../course/fixture-copy.ts'
import { generateMutants } from '../mutants/generate-mutants.ts'
import { predicateConstraints, timestampValue } from './predicate-constraints.ts'

const at = (text: string) => timestampValue(text)!

describe('predicateConstraints reads what a query asks of each column from its parse tree', () => {
  it('comparisons with constants, a half-open range, and the constants of the mutants as boundaries', async () => {
    const constraints = await predicateConstraints(
      `SELECT count(*) FROM green_tripdata WHERE payment_type = 6 AND lpep_pickup_datetime >= '2019-10-01' AND '2019-11-01' > lpep_pickup_datetime`,
      [`SELECT count(*) FROM green_tripdata WHERE payment_type = 6 AND lpep_pickup_datetime BETWEEN '2019-10-01' AND '2019-10-31'`],
    )
    const [scope] = constraints!.scopes
    expect(scope!.columns.get('green_tripdata.payment_type')!.constraint.comparisons).toEqual([{ operator: '=', value: 6 }])
    expect(scope!.columns.get('green_tripdata.lpep_pickup_datetime')!.constraint.comparisons).toEqual([
      { operator: '>=', value: at('2019-10-01') },
      { operator: '<', value: at('2019-11-01') },
    ])
    expect(constraints!.boundaries.get('green_tripdata.lpep_pickup_datetime')!.values).toEqual([at('2019-10-01'), at('2019-11-01'), at('2019-10-31')])
  })

  it('a ::date cast as bounds on the timestamp, interval arithmetic, IN, IS NULL, aliases', async () => {
    const constraints = await predicateConstraints(
      `SELECT count(*) FROM yellow_tripdata y WHERE y.tpep_pickup_datetime::date = '2019-10-18' AND tpep_dropoff_datetime < timestamp '2019-10-18' + interval '2 days'
         AND "VendorID" IN (1, 2) AND y.store_and_fwd_flag IS NULL AND y.fare_amount > -2.5`,
    )
    const columns = constraints!.scopes[0]!.columns
    expect(columns.get('yellow_tripdata.tpep_pickup_datetime')!.constraint.comparisons).toEqual([
      { operator: '>=', value: at('2019-10-18') },
      { operator: '<', value: at('2019-10-19') },
    ])
    expect(columns.get('yellow_tripdata.tpep_dropoff_datetime')!.constraint.comparisons).toEqual([{ operator: '<', value: at('2019-10-20') }])
    expect(columns.get('yellow_tripdata.VendorID')!.constraint.oneOf).toEqual([[1, 2]])
    expect(columns.get('yellow_tripdata.store_and_fwd_flag')!.constraint.isNull).toBe(true)
    expect(columns.get('yellow_tripdata.fare_amount')!.constraint.comparisons).toEqual([{ operator: '>', value: -2.5 }])
  })

  it('a join to the zone lookup with conditions on the borough: the zone ids the trip column may hold', async () => {
    const constraints = await predicateConstraints(
      `SELECT count(*) FROM green_tripdata t JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID" WHERE z."Borough" = 'Queens'`,
    )
    const zoneIds = constraints!.scopes[0]!.columns.get('green_tripdata.PULocationID')!.constraint.zoneIds!
    expect(zoneIds).toContain(132) // JFK Airport
    expect(zoneIds).not.toContain(161) // Midtown Center, Manhattan
    expect(constraints!.boundaries.get('green_tripdata.PULocationID')!.values).toContain(300)
  })

  it('one scope per SELECT (WITH queries, UNION parts); OR and unknown columns are left alone; bad SQL gives null', async () => {
    const constraints = await predicateConstraints(
      `WITH g AS (SELECT lpep_pickup_datetime AS t FROM green_tripdata WHERE trip_distance > 3)
       SELECT count(*) FROM g WHERE t < '2019-10-01'
       UNION ALL SELECT count(*) FROM fhv_tripdata WHERE "SR_Flag" = 1 OR "SR_Flag" IS NULL`,
    )
    expect(constraints!.scopes.map((scope) => [...scope.columns.keys()])).toEqual([['green_tripdata.trip_distance']])
    expect(await predicateConstraints('SELEC 1')).toBeNull()
  })

  it('reads every reference of the Zoomcamp course and its mutants without throwing', async () => {
    const weeks = path.join(repositoryCoursesDir, 'data-engineering-zoomcamp', 'weeks')
    const read: string[] = []
    for (const week of await readdir(weeks)) {
      const dir = path.join(weeks, week, 'hidden', 'solutions')
      for (const file of (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.sql'))) {
        const sql = await readFile(path.join(dir, file), 'utf8')
        const mutants = await generateMutants(sql).catch(() => [])
        const constraints = await predicateConstraints(sql, mutants.map((mutant) => mutant.sql))
        if (constraints && constraints.scopes.length > 0) read.push(file)
      }
    }
    expect(read).toEqual(expect.arrayContaining(['trips-on-day.sql', 'top-pickup-boroughs.sql', 'monthly-trips.sql', 'fact-trips-monthly.sql']))
  }, 60_000)
})
