import { describe, expect, it } from 'vitest'
import { estimateSentence, formatBytes } from './format-bytes.ts'

describe('formatBytes', () => {
  it('uses binary units with BigQuery console labels', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.50 KB')
    // The homework's materialized-table figure: 20,332,093 rows × 8 bytes of PULocationID.
    expect(formatBytes(20_332_093 * 8)).toBe('155.12 MB')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB')
  })
  it('writes the console sentence', () => {
    expect(estimateSentence(0)).toBe('This query will process 0 B when run.')
  })
})
