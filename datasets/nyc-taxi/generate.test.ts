import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { csvChunks, formatHundredths, formatTimestamp } from './format.ts'
import { generateTripTableRows, plannedTableRowCount, variantSeed } from './generate.ts'
import { TABLE_COLUMNS, TRIP_TABLES } from './schema.ts'
import { TAXI_ZONES, zoneById } from './zones.ts'

function smallDatasetHash(seed: number) {
  const hash = createHash('sha256')
  for (const table of TRIP_TABLES) {
    for (const chunk of csvChunks(TABLE_COLUMNS[table], generateTripTableRows(table, { seed, size: 'small' }))) hash.update(chunk)
  }
  return hash.digest('hex')
}

describe('nyc_taxi generator', () => {
  it('gives byte-identical data for the same seed and different data for another', () => {
    const first = smallDatasetHash(7)
    expect(smallDatasetHash(7)).toBe(first)
    expect(smallDatasetHash(8)).not.toBe(first)
  })

  it('still generates the public small dataset it generated when GENERATOR_VERSION was set', () => {
    // If this fails you changed the generated data: bump GENERATOR_VERSION (so loaded datasets are
    // rebuilt) and put the new hash here.
    expect(smallDatasetHash(variantSeed('public'))).toBe('f925ccb20793111110d65cd74a2a3c39c249fffa75e4fe27f69b9f198c463687')
  })

  it('produces about 30k trips in small, and as many rows as it plans', () => {
    let total = 0
    for (const table of TRIP_TABLES) {
      const planned = plannedTableRowCount(table, { seed: 3, size: 'small' })
      expect([...generateTripTableRows(table, { seed: 3, size: 'small' })]).toHaveLength(planned)
      total += planned
    }
    expect(total).toBeGreaterThan(27_000)
    expect(total).toBeLessThan(33_000)
  })

  it('keeps the well-known taxi zones accurate', () => {
    expect(TAXI_ZONES).toHaveLength(265)
    expect(zoneById(1)).toEqual({ locationId: 1, borough: 'EWR', zone: 'Newark Airport', serviceZone: 'EWR' })
    expect(zoneById(132).zone).toBe('JFK Airport')
    expect(zoneById(138).zone).toBe('LaGuardia Airport')
    expect(zoneById(74).zone).toBe('East Harlem North')
    expect(zoneById(75).zone).toBe('East Harlem South')
    expect(zoneById(7).zone).toBe('Astoria')
    expect(zoneById(230).zone).toBe('Times Sq/Theatre District')
    expect(zoneById(236).zone).toBe('Upper East Side North')
    expect(zoneById(237).zone).toBe('Upper East Side South')
    expect(zoneById(43).zone).toBe('Central Park')
    expect(zoneById(161).zone).toBe('Midtown Center')
    expect(zoneById(264)).toMatchObject({ borough: 'Unknown', zone: 'NV' })
    expect(zoneById(265)).toEqual({ locationId: 265, borough: 'N/A', zone: 'Outside of NYC', serviceZone: null })
  })

  it('writes values as the TLC files do', () => {
    expect(formatHundredths(550)).toBe('5.5')
    expect(formatHundredths(-5200)).toBe('-52')
    expect(formatHundredths(1207)).toBe('12.07')
    expect(formatHundredths(0)).toBe('0')
    expect(formatTimestamp(Date.UTC(2019, 9, 1) / 1000)).toBe('2019-10-01 00:00:00')
    expect(formatTimestamp(Date.UTC(2019, 9, 31, 23, 59, 59) / 1000)).toBe('2019-10-31 23:59:59')
  })
})
