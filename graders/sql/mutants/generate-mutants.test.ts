// The mutant generator on the course's real references: every operator of issue 16 fires somewhere,
// the mutants parse, differ from the reference, and are the near misses a learner writes.
import { parse } from 'libpg-query'
import { describe, expect, it } from 'vitest'
import { repositoryCoursesDir } from '../../../course/fixture-copy.ts'
import { loadCourses } from '../../../course/load.ts'
import { generateMutants, mutantId, type Mutant } from './generate-mutants.ts'

const courses = await loadCourses(repositoryCoursesDir)
const references = courses.flatMap((course) =>
  course.weeks.flatMap((week) =>
    (week.homework?.questions ?? []).flatMap((question) =>
      question.kind === 'sql' && question.spec.engine === 'postgres' ? [{ id: `${week.homework!.slug}/${question.slug}`, sql: question.hidden.solutionSql }] : [],
    ),
  ),
)

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim()

async function mutantsOf(questionId: string): Promise<Mutant[]> {
  const reference = references.find((entry) => entry.id === questionId)
  if (!reference) throw new Error(`no question ${questionId}`)
  return generateMutants(reference.sql)
}

describe('generateMutants on the course references', () => {
  it('covers every operator of the issue across the course', async () => {
    const operators = new Set<string>()
    for (const reference of references) for (const mutant of await generateMutants(reference.sql)) operators.add(mutant.operator)
    expect([...operators].sort()).toEqual(
      [
        'aggregate-swap',
        'comparison',
        'count-variant',
        'date-boundary',
        'distinct',
        'group-by-dropped',
        'join-type',
        'limit-off-by-one',
        'null-handling',
        'order-direction',
        'predicate-dropped',
        'predicate-negated',
      ].sort(),
    )
  })

  it('gives parsable, distinct mutants that differ from the reference, with ids from their SQL', async () => {
    for (const reference of references) {
      const mutants = await generateMutants(reference.sql)
      expect(mutants.length, reference.id).toBeGreaterThan(0)
      expect(new Set(mutants.map((mutant) => mutant.sql)).size).toBe(mutants.length)
      for (const mutant of mutants) {
        await expect(parse(mutant.sql)).resolves.toBeDefined()
        expect(mutant.id).toBe(mutantId(mutant.sql))
        expect(oneLine(mutant.sql)).not.toBe(oneLine(reference.sql))
      }
    }
  })

  it('writes the BETWEEN that drops the last day after midnight', async () => {
    const sqls = (await mutantsOf('hw1/trips-on-day')).map((mutant) => oneLine(mutant.sql))
    expect(sqls).toContain(
      "SELECT count(*) AS trips FROM green_tripdata WHERE lpep_pickup_datetime BETWEEN '2019-09-18' AND '2019-09-18' AND lpep_dropoff_datetime >= '2019-09-18' AND lpep_dropoff_datetime < '2019-09-19';",
    )
    // count(*) over a WHERE is one row: DISTINCT on it is the same query, so it is not offered.
    expect(sqls.some((sql) => sql.startsWith('SELECT DISTINCT'))).toBe(false)
  })

  it('flips ORDER BY count(*) DESC … LIMIT and moves the LIMIT by one', async () => {
    const mutants = await mutantsOf('hw1/top-pickup-boroughs')
    const sqls = mutants.map((mutant) => oneLine(mutant.sql))
    expect(sqls.some((sql) => sql.includes('ORDER BY sum(t.total_amount) ASC, borough ASC LIMIT 3'))).toBe(true)
    expect(sqls.some((sql) => sql.endsWith('LIMIT 2;'))).toBe(true)
    expect(sqls.some((sql) => sql.endsWith('LIMIT 4;'))).toBe(true)
    expect(sqls.some((sql) => sql.includes('LEFT JOIN taxi_zone_lookup'))).toBe(true)
    expect(sqls.some((sql) => sql.includes('avg(t.total_amount) AS total_amount'))).toBe(true)
  })

  it('mutates NULL handling: IS NULL → = NULL, IS NOT NULL flipped, coalesce removed, IS DISTINCT FROM → <>', async () => {
    // Week 3's former PostgreSQL reference (week 3 is BigQuery now).
    const missing = (await generateMutants(`SELECT count(*) AS trips FROM fhv_tripdata WHERE "PUlocationID" IS NULL AND "DOlocationID" IS NULL;`)).map((mutant) =>
      oneLine(mutant.sql),
    )
    expect(missing.some((sql) => sql.includes('"PUlocationID" = NULL'))).toBe(true)
    expect(missing.some((sql) => sql.includes('"PUlocationID" IS NOT NULL'))).toBe(true)
    const pairs = (await mutantsOf('hw5/top-zone-pairs')).map((mutant) => oneLine(mutant.sql))
    expect(pairs.some((sql) => sql.startsWith(`SELECT (pu."Zone" || ' / ')`))).toBe(true)
    const vendor = (await mutantsOf('hw2/green-kept-per-vendor')).map((mutant) => oneLine(mutant.sql))
    expect(vendor.some((sql) => sql.includes('passenger_count <> 0'))).toBe(true)
  })

  it('drops a GROUP BY column and swaps count(DISTINCT …) for count(…)', async () => {
    const fact = (await mutantsOf('hw4/fact-trips-monthly')).map((mutant) => oneLine(mutant.sql))
    expect(fact.some((sql) => /GROUP BY trip_month ORDER BY/.test(sql))).toBe(true)
    const distinct = (await generateMutants('SELECT count(DISTINCT "PULocationID") AS distinct_pickup_locations FROM green_tripdata;')).map((mutant) => oneLine(mutant.sql))
    expect(distinct).toContain('SELECT count("PULocationID") AS distinct_pickup_locations FROM green_tripdata;')
    expect(distinct).toContain('SELECT count(*) AS distinct_pickup_locations FROM green_tripdata;')
  })

  it('removes a ::date cast', async () => {
    const mutants = await generateMutants(`SELECT count(*) FROM green_tripdata WHERE lpep_pickup_datetime::date = '2019-10-18'`)
    expect(mutants.map((mutant) => oneLine(mutant.sql))).toContain("SELECT count(*) FROM green_tripdata WHERE lpep_pickup_datetime = '2019-10-18'")
  })

  it('rejects SQL that does not parse', async () => {
    await expect(generateMutants('SELEC 1')).rejects.toThrow()
  })
})
