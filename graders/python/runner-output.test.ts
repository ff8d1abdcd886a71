import { describe, expect, it } from 'vitest'
import type { SandboxRunResult } from '../../sandbox/docker/index.ts'
import { describeRunEnd } from './runner-output.ts'

/** A completed run whose runner wrote these step statuses. */
function completedRun(statuses: unknown, overrides: Partial<SandboxRunResult> = {}): SandboxRunResult {
  return {
    ending: 'completed',
    exitCode: null,
    oomKilled: false,
    stdout: '',
    stderr: '',
    stdoutBytes: 0,
    stderrBytes: 0,
    outputFiles: new Map([['runner-status.json', Buffer.from(JSON.stringify(statuses))]]),
    outputRejected: null,
    fromWarmPool: false,
    timings: { prepareMs: 0, runMs: 0, collectMs: 0, totalMs: 0 },
    ...overrides,
  }
}

describe('describeRunEnd', () => {
  it('names running out of memory when the kernel killed a step (the container itself lives on)', () => {
    const run = completedRun([{ step: 0, exitCode: -9 }])
    expect(describeRunEnd(run, 30, 512)).toBe('your code ran out of memory (the limit is 512 MB)')
  })

  it('names the container being OOM-killed', () => {
    expect(describeRunEnd(completedRun([], { ending: 'exited', oomKilled: true }), 30, 256)).toMatch(/ran out of memory \(the limit is 256 MB\)/)
  })

  it('names a step that exited with an error status, and falls back only when nothing is known', () => {
    expect(describeRunEnd(completedRun([{ step: 0, exitCode: 0 }, { step: 1, exitCode: 2 }]), 30, 512)).toBe('your code exited with status 2 before it gave a result')
    expect(describeRunEnd(completedRun([{ step: 0, exitCode: 0 }]), 30, 512)).toBe('no result came back')
    expect(describeRunEnd(completedRun('not a list'), 30, 512)).toBe('no result came back')
  })
})
