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

  it('gives no hint when off, for WITH or UNION queries, or for text that does not parse', async () => {
    expect(await clauseHint(tripsOnDay, dropoffOnly, 'off')).toBeNull()
    expect(await clauseHint(tripsOnDay, `WITH t AS (SELECT * FROM green_tripdata) SELECT count(*) FROM t`, 'how')).toBeNull()
    expect(await clauseHint(tripsOnDay, `SELECT 1 UNION SELECT 2`, 'how')).toBeNull()
    expect(await clauseHint(tripsOnDay, `SELEC count(*)`, 'how')).toBeNull()
  })
})
