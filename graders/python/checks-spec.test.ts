import { describe, expect, test } from 'vitest'
import { pythonChecksSchema } from './checks-spec.ts'

const load = { name: 'loads', description: 'Loads the file.', script: { args: ['$DATA/a.csv', '$DB'] }, expect_query: { sql: 'SELECT 1', rows: [[1]] } }
const readOnly = { name: 'types', description: 'Column types.', expect_query: { sql: 'SELECT 2', rows: [[2]] } }

describe('checks.yaml', () => {
  test('a check without script reads the database after the script of another check', () => {
    const parsed = pythonChecksSchema.parse({ database: { schema: 'nyc_taxi' }, checks: [load, readOnly] })
    expect(parsed.checks[1]).not.toHaveProperty('script')
  })

  test('expect_query needs `database:`', () => {
    const parsed = pythonChecksSchema.safeParse({ checks: [load] })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual(['database'])
  })

  test('a check without script cannot compare files, and some check must run something', () => {
    const withFiles = { ...readOnly, expect_files: { 'out.csv': { csv: 'expected/out.csv' } } }
    expect(pythonChecksSchema.safeParse({ database: {}, checks: [load, withFiles] }).success).toBe(false)
    expect(pythonChecksSchema.safeParse({ database: {}, checks: [readOnly] }).success).toBe(false)
  })
})
