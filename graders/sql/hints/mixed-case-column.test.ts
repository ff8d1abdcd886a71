import { describe, expect, it } from 'vitest'
import { mixedCaseColumnHint } from './mixed-case-column.ts'

describe('mixedCaseColumnHint', () => {
  it('tells the learner to quote a mixed-case column PostgreSQL could not find', () => {
    expect(mixedCaseColumnHint('column "vendorid" does not exist')).toBe(
      'PostgreSQL folds unquoted names to lower case, so vendorid is looked up as "vendorid". Write the column in double quotes: "VendorID".',
    )
    expect(mixedCaseColumnHint('column t.dolocationid does not exist')).toContain('"DOLocationID"')
    // fhv_tripdata spells it PUlocationID: both spellings are offered.
    expect(mixedCaseColumnHint('column "pulocationid" does not exist')).toContain('"PULocationID" or "PUlocationID", as your table spells it')
  })

  it('stays quiet for other errors and for names that are not a case mix-up', () => {
    expect(mixedCaseColumnHint('column "trip_distanc" does not exist')).toBeNull()
    expect(mixedCaseColumnHint('relation "zones" does not exist')).toBeNull()
    expect(mixedCaseColumnHint('column "Zone" does not exist')).toBeNull()
    expect(mixedCaseColumnHint('column "zone" does not exist', ['Zone'])).toContain('"Zone"')
  })
})
