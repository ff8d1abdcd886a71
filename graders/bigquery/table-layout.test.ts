import { describe, expect, it } from 'vitest'
import type { TableLayout } from './local-engine.ts'
import { compareTableLayout } from './table-layout.ts'

const trips: TableLayout = {
  columns: [
    { name: 'VendorID', type: 'INT64' },
    { name: 'tpep_dropoff_datetime', type: 'TIMESTAMP' },
    { name: 'total_amount', type: 'FLOAT64' },
  ],
  partitioning: { column: 'tpep_dropoff_datetime', unit: 'DAY' },
  clustering: ['VendorID'],
}

describe('compareTableLayout', () => {
  it('accepts the same table, whatever the case of the names', () => {
    expect(compareTableLayout(trips, { ...trips, columns: trips.columns.map((column) => ({ ...column, name: column.name.toLowerCase() })), clustering: ['vendorid'] })).toEqual({ equal: true })
  })

  it('rejects a table cut down to the columns a check query reads, naming what is missing', () => {
    const result = compareTableLayout(trips, { ...trips, columns: trips.columns.slice(0, 2) })
    expect(result).toEqual({ equal: false, message: expect.stringContaining('lacks columns of the trips it is made from: total_amount') })
  })

  it('rejects a table without the clustering, describing only the learner’s table', () => {
    const result = compareTableLayout(trips, { ...trips, clustering: [] })
    expect(result.equal).toBe(false)
    expect(!result.equal && result.message).toMatch(/^Your table is not clustered/)
    expect(!result.equal && result.message).not.toContain('VendorID')
  })

  it('rejects another partitioning column or unit without giving the expected one away', () => {
    const pickup = compareTableLayout(trips, { ...trips, partitioning: { column: 'tpep_pickup_datetime', unit: 'DAY' } })
    expect(!pickup.equal && pickup.message).toMatch(/^Your table is partitioned by day on tpep_pickup_datetime/)
    const monthly = compareTableLayout(trips, { ...trips, partitioning: { column: 'tpep_dropoff_datetime', unit: 'MONTH' } })
    expect(!monthly.equal && monthly.message).toMatch(/partitioned by month/)
    expect(compareTableLayout(trips, { ...trips, partitioning: null })).toMatchObject({ equal: false, message: expect.stringMatching(/not partitioned/) })
  })

  it('rejects a changed column type', () => {
    const result = compareTableLayout(trips, { ...trips, columns: [trips.columns[0]!, trips.columns[1]!, { name: 'total_amount', type: 'STRING' }] })
    expect(!result.equal && result.message).toContain('total_amount (STRING)')
  })
})
