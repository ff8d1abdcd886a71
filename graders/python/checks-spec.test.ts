import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { loadPythonChecks, pythonChecksSchema } from './checks-spec.ts'

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

describe('loading checks.yaml', () => {
  test('an unchanged file is parsed once; an edit counts at once; every caller gets its own copy', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'checks-spec-'))
    try {
      const call = (expect: number) => ({ name: 'sums', description: 'Sums.', call: { function: 'f', args: [[1, 2]] }, expect })
      await writeFile(path.join(dir, 'checks.yaml'), JSON.stringify({ checks: [call(3)] }))
      const parse = vi.spyOn(pythonChecksSchema, 'safeParse')
      const first = await loadPythonChecks(dir)
      first.checks.length = 0
      const second = await loadPythonChecks(dir)
      expect(second.checks).toHaveLength(1)
      expect(parse).toHaveBeenCalledTimes(1)
      await writeFile(path.join(dir, 'checks.yaml'), JSON.stringify({ checks: [call(4)] }))
      expect((await loadPythonChecks(dir)).checks[0]).toMatchObject({ expect: 4 })
      expect(parse).toHaveBeenCalledTimes(2)
      parse.mockRestore()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
