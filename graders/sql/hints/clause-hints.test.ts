import { describe, expect, it } from 'vitest'
import { clauseHint } from './clause-hints.ts'

const tripsOnDay = `SELECT count(*) AS trips
FROM green_tripdata
WHERE lpep_pickup_datetime >= '2019-09-18' AND lpep_pickup_datetime < '2019-09-19'
  AND lpep_dropoff_datetime >= '2019-09-18' AND lpep_dropoff_datetime < '2019-09-19'`

const topBoroughs = `SELECT z."Borough" AS borough, sum(t.total_amount) AS total_amount
FROM green_tripdata t
JOIN taxi_zone_lookup z ON z."LocationID" = t."PULocationID"
WHERE t.lpep_pickup_datetime >= '2019-10-18' AND t.lpep_pickup_datetime < '2019-10-19' AND z."Borough" <> 'Unknown'
GROUP BY z."Borough"
ORDER BY sum(t.total_amount) DESC, borough ASC
LIMIT 3`

describe('clause hints', () => {
  const dropoffOnly = `SELECT count(*) AS trips FROM green_tripdata
WHERE lpep_dropoff_datetime >= '2019-09-18' AND lpep_dropoff_datetime < '2019-09-19'`

  it('names the first clause that differs, and nothing more, at level where', async () => {
    expect(await clauseHint(tripsOnDay, dropoffOnly, 'where')).toBe(
      'Look at your WHERE clause first: the clauses PostgreSQL evaluates before it do what the question needs.',
    )
  })

  it('names the columns the clause misses at level what', async () => {
    const hint = await clauseHint(tripsOnDay, dropoffOnly, 'what')
    expect(hint).toContain('Your WHERE does not use `lpep_pickup_datetime`, which the question needs there.')
    expect(hint).not.toContain('<')
  })

  it('names operators only at level how', async () => {
    const inclusive = tripsOnDay.replaceAll("< '2019-09-19'", "<= '2019-09-19'")
    expect(await clauseHint(tripsOnDay, inclusive, 'what')).not.toContain('Operators')
    expect(await clauseHint(tripsOnDay, inclusive, 'how')).toContain('Operators: yours has `<=`; the question needs `<`.')
  })

  it('walks FROM → WHERE → GROUP BY → HAVING → SELECT → ORDER BY', async () => {
    const ascending = topBoroughs.replace('DESC, borough', 'ASC, borough')
    expect(await clauseHint(topBoroughs, ascending, 'how')).toMatch(/^Look at your ORDER BY clause first.*Sort directions: the question needs `DESC`\.$/)
    const counted = topBoroughs.replace('sum(t.total_amount) AS total_amount', 'count(*) AS total_amount')
    expect(await clauseHint(topBoroughs, counted, 'what')).toContain('Your SELECT calls `count(*)` and lacks `sum(…)`.')
    // The WHERE comes before the SELECT: a wrong date wins over a wrong aggregate.
    const both = counted.replace("'2019-10-18' AND", "'2019-10-17' AND")
    expect(await clauseHint(topBoroughs, both, 'how')).toMatch(/^Look at your WHERE clause first.*Values: yours has `'2019-10-17'`; the question needs `'2019-10-18'`\.$/)
    const noJoin = `SELECT 'x' AS borough, sum(total_amount) AS total_amount FROM green_tripdata GROUP BY 1 LIMIT 3`
    expect(await clauseHint(topBoroughs, noJoin, 'what')).toContain('Your FROM does not use `LocationID`, `PULocationID`')
  })

  it('finds no difference in a correct answer written with other aliases, sides and conjunct order', async () => {
    const rewritten = `SELECT zones."Borough" AS b, sum(trips.total_amount) AS total
FROM green_tripdata AS trips
JOIN taxi_zone_lookup AS zones ON trips."PULocationID" = zones."LocationID"
WHERE zones."Borough" <> 'Unknown' AND trips.lpep_pickup_datetime < '2019-10-19' AND trips.lpep_pickup_datetime >= '2019-10-18'
GROUP BY zones."Borough"
ORDER BY sum(trips.total_amount) DESC, borough ASC
LIMIT 3`
    expect(await clauseHint(topBoroughs, rewritten, 'how')).toBeNull()
  })

  it('gives no hint when off, for a recursive WITH, or for text that does not parse', async () => {
    expect(await clauseHint(tripsOnDay, dropoffOnly, 'off')).toBeNull()
    const recursive = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT count(*) AS trips FROM n`
    expect(await clauseHint(tripsOnDay, recursive, 'how')).toBeNull()
    expect(await clauseHint(recursive, tripsOnDay, 'how')).toBeNull()
    expect(await clauseHint(tripsOnDay, `SELEC count(*)`, 'how')).toBeNull()
  })
})

// The course's references with WITH and UNION (courses/data-engineering-zoomcamp: hw4/fact-trips-monthly,
// hw2/monthly-trips, hw6/longest-session), against answers a learner would write.
const factTripsMonthly = `WITH green AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL
),
yellow AS (
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
),
trips_unioned AS (
  SELECT * FROM green
  UNION ALL
  SELECT * FROM yellow
)
SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month, count(*) AS trips
FROM trips_unioned
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month`

const monthlyTrips = `SELECT taxi_type, month, trips
FROM (
  SELECT 'yellow' AS taxi_type, date_trunc('month', tpep_pickup_datetime)::date AS month, count(*) AS trips
  FROM yellow_tripdata WHERE tpep_pickup_datetime >= '2019-09-01' AND tpep_pickup_datetime < '2019-12-01' GROUP BY 2
  UNION ALL
  SELECT 'green', date_trunc('month', lpep_pickup_datetime)::date, count(*)
  FROM green_tripdata WHERE lpep_pickup_datetime >= '2019-09-01' AND lpep_pickup_datetime < '2019-12-01' GROUP BY 2
  UNION ALL
  SELECT 'fhv', date_trunc('month', pickup_datetime)::date, count(*)
  FROM fhv_tripdata WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01' GROUP BY 2
) AS t
ORDER BY taxi_type, month`

const longestSession = `WITH ordered AS (
  SELECT "PULocationID" AS zone_id, lpep_pickup_datetime AS pickup_datetime,
         lag(lpep_pickup_datetime) OVER (PARTITION BY "PULocationID" ORDER BY lpep_pickup_datetime) AS previous_pickup
  FROM green_tripdata
),
flagged AS (
  SELECT zone_id, pickup_datetime,
         CASE WHEN previous_pickup IS NULL OR pickup_datetime - previous_pickup > INTERVAL '30 minutes' THEN 1 ELSE 0 END AS new_session
  FROM ordered
),
numbered AS (
  SELECT zone_id, pickup_datetime,
         sum(new_session) OVER (PARTITION BY zone_id ORDER BY pickup_datetime, new_session DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS session_no
  FROM flagged
)
SELECT zone_id, min(pickup_datetime) AS session_start, max(pickup_datetime) AS session_end, count(*) AS trips
FROM numbered
GROUP BY zone_id, session_no
ORDER BY trips DESC, zone_id, session_start
LIMIT 5`

describe('clause hints for WITH queries and set operations', () => {
  it('a WITH query is compared as the subquery it stands for, whatever it is called and wherever it is written', async () => {
    // Same query without WITH: the CTEs as subqueries in FROM, other names and aliases.
    const inlined = `SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month, count(*) AS trips
FROM (
  SELECT * FROM (SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime FROM green_tripdata WHERE "VendorID" IS NOT NULL) AS g
  UNION ALL
  SELECT * FROM (SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL) AS y
) AS all_trips
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month`
    expect(await clauseHint(factTripsMonthly, inlined, 'how')).toBeNull()
  })

  it('points into the WITH query and the part of the UNION ALL that differs', async () => {
    // The learner's own names; the vendor filter only on the yellow part (the course's wrong answer "filter-only-yellow").
    const filterOnlyYellow = `WITH trips AS (
  SELECT 'Green' AS service_type, lpep_pickup_datetime AS pickup_datetime FROM green_tripdata
  UNION ALL
  SELECT 'Yellow' AS service_type, tpep_pickup_datetime AS pickup_datetime FROM yellow_tripdata WHERE "VendorID" IS NOT NULL
)
SELECT service_type, date_trunc('month', pickup_datetime)::date AS trip_month, count(*) AS trips
FROM trips
WHERE pickup_datetime >= '2019-09-01' AND pickup_datetime < '2019-12-01'
GROUP BY service_type, trip_month
ORDER BY service_type, trip_month`
    expect(await clauseHint(factTripsMonthly, filterOnlyYellow, 'where')).toBe(
      'In your WITH query `trips` → the first part of the UNION ALL, look at the WHERE clause first: the clauses PostgreSQL evaluates before it do what the question needs.',
    )
    expect(await clauseHint(factTripsMonthly, filterOnlyYellow, 'what')).toContain('Your query has no WHERE there; the question needs one.')
    // The outer WHERE is evaluated after the WITH query is built: a right WITH query and a wrong outer date range.
    const outerRange = factTripsMonthly.replace("pickup_datetime < '2019-12-01'", "pickup_datetime <= '2019-11-30'")
    expect(await clauseHint(factTripsMonthly, outerRange, 'how')).toMatch(
      /^Look at your WHERE clause first.*Operators: yours has `<=`; the question needs `<`\. Values: yours has `'2019-11-30'`; the question needs `'2019-12-01'`\.$/,
    )
  })

  it('names a window step deep in a chain of WITH queries', async () => {
    const hourGap = longestSession.replace("INTERVAL '30 minutes'", "INTERVAL '1 hour'")
    expect(await clauseHint(longestSession, hourGap, 'how')).toMatch(
      /^In your WITH query `numbered` → your WITH query `flagged`, look at the SELECT clause first.*Values: yours has `'1 hour'`; the question needs `'30 minutes'`\.$/,
    )
    const unordered = longestSession.replace('ORDER BY trips DESC, zone_id', 'ORDER BY trips, zone_id')
    expect(await clauseHint(longestSession, unordered, 'how')).toMatch(/^Look at your ORDER BY clause first.*Sort directions: the question needs `DESC`\.$/)
  })

  it('says how the parts are combined: their number at level what, UNION vs UNION ALL at level how', async () => {
    const noFhv = monthlyTrips.replace(/\n {2}UNION ALL\n {2}SELECT 'fhv'[^)]*\)::date, count\(\*\)\n {2}FROM fhv_tripdata[^\n]*/, '')
    expect(noFhv).not.toContain('fhv')
    expect(await clauseHint(monthlyTrips, noFhv, 'where')).toBe(
      'In the subquery in your FROM, look at how it combines the results of its parts (UNION, INTERSECT, EXCEPT) first.',
    )
    expect(await clauseHint(monthlyTrips, noFhv, 'what')).toContain("The question's combines 3 parts; yours combines 2 parts.")
    const deduplicated = monthlyTrips.replaceAll('UNION ALL', 'UNION')
    expect(await clauseHint(monthlyTrips, deduplicated, 'what')).not.toContain('UNION ALL;')
    expect(await clauseHint(monthlyTrips, deduplicated, 'how')).toContain('Yours combines them with UNION; the question needs UNION ALL.')
  })

  it('compares the parts of a UNION in order, and the ORDER BY of the whole after them', async () => {
    const greenDropoff = monthlyTrips.replace("WHERE lpep_pickup_datetime >= '2019-09-01'", "WHERE lpep_dropoff_datetime >= '2019-09-01'")
    expect(await clauseHint(monthlyTrips, greenDropoff, 'what')).toMatch(
      /^In the subquery in your FROM → the second part of the UNION ALL, look at the WHERE clause first.*Your WHERE uses `lpep_dropoff_datetime`/,
    )
    const topLevel = `SELECT 'yellow' AS taxi_type, count(*) AS trips FROM yellow_tripdata UNION ALL SELECT 'green', count(*) FROM green_tripdata ORDER BY 1`
    expect(await clauseHint(topLevel, topLevel.replace('ORDER BY 1', 'ORDER BY 2'), 'where')).toMatch(/^Look at your ORDER BY clause first/)
    expect(await clauseHint(topLevel, `SELECT 'yellow' AS taxi_type, count(*) AS trips FROM yellow_tripdata`, 'what')).toBe(
      "Look at how your query combines the results of its parts (UNION, INTERSECT, EXCEPT) first. The question's combines 2 parts; yours is one query.",
    )
  })
})
