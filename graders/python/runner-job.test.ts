// What enters the sandbox: only the data files some check names, and never an expected value.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadPythonChecks, pythonChecksSchema } from './checks-spec.ts'
import { buildRunnerJob, neededDataFiles } from './runner-job.ts'

const hostileTests = path.join(import.meta.dirname, '..', '..', 'tests', 'hostile', 'code', 'fixture', 'tests')

describe('the runner job', () => {
  test('a data file no check names stays out of the sandbox', async () => {
    const spec = await loadPythonChecks(hostileTests)
    expect(spec.data).toContain('unused.csv')
    const job = await buildRunnerJob(spec, hostileTests, 'pass', null)
    expect(Object.keys(job.inputFiles).sort()).toEqual(['answer.py', 'data/input.csv', 'job.json'])
    expect(Object.values(job.inputFiles).map(String).join('\n')).not.toContain('HIDDEN-UNUSED')
  })

  test('an argument naming the data folder itself hands over every data file', () => {
    const spec = pythonChecksSchema.parse({
      data: ['a.csv', 'b.csv'],
      checks: [{ name: 'reads', description: 'Reads the folder.', call: { function: 'f', args: ['$DATA'] }, expect: 1 }],
    })
    expect(neededDataFiles(spec)).toEqual(['a.csv', 'b.csv'])
  })

  test('files are matched by the name a check gives them ($DATA or the sandbox path), in kwargs too', () => {
    const spec = pythonChecksSchema.parse({
      data: ['a.csv', 'b.csv', 'c.csv'],
      checks: [
        { name: 'one', description: 'One.', call: { function: 'f', kwargs: { path: '$DATA/b.csv' } }, expect: 1 },
        { name: 'three', description: 'Three.', call: { function: 'f', args: ['/sandbox/input/data/a.csv'] }, expect: 1 },
        { name: 'two', description: 'Two.', script: { args: ['$DATA/c.csv', '$OUT/x.csv'] }, expect_files: { 'x.csv': { csv: 'c.csv' } } },
      ],
    })
    expect(neededDataFiles(spec)).toEqual(['a.csv', 'b.csv', 'c.csv'])
    expect(neededDataFiles({ ...spec, checks: spec.checks.filter((check) => check.name !== 'three') })).toEqual(['b.csv', 'c.csv'])
  })
})
