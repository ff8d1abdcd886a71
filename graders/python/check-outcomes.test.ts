import { describe, expect, it } from 'vitest'
import type { SandboxRunResult } from '../../sandbox/docker/index.ts'
import { judgeChecks } from './check-outcomes.ts'
import { pythonChecksSchema } from './checks-spec.ts'

const spec = pythonChecksSchema.parse({
  checks: [
    { name: 'times', description: 'The pick-up and drop-off times are stored as timestamps, not text.', call: { function: 'f' }, expect: 'timestamp' },
    { name: 'count', description: 'It counts the trips.', call: { function: 'g' }, expect: 3 },
  ],
})

const run = { ending: 'completed', oomKilled: false, outputFiles: new Map(), outputRejected: null } as unknown as SandboxRunResult

function judge(records: Map<number, { index: number; ok: boolean; value?: unknown }>) {
  return judgeChecks(spec, {
    run,
    missingReason: 'no result came back',
    records,
    callChecks: spec.checks as never,
    scriptSteps: new Map(),
    expectedFiles: new Map(),
    queries: new Map(),
    answerLines: 10,
  })
}

describe('check messages', () => {
  it('a failed check says what was expected and what the learner’s result did, not the bare description', () => {
    const [times, count] = judge(new Map([[0, { index: 0, ok: true, value: 'text' }], [1, { index: 1, ok: true, value: 3 }]]))
    expect(times).toMatchObject({ passed: false })
    expect(times!.message).toBe('Expected: The pick-up and drop-off times are stored as timestamps, not text.\nYour result: your function returned a different value.')
    // A pass keeps the plain description.
    expect(count).toMatchObject({ passed: true, message: 'It counts the trips.' })
  })
})
