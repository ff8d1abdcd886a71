import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatChildLine, prefixLines } from './child-output.ts'
import { step } from './progress.ts'

const time = Date.UTC(2027, 0, 12, 9, 30, 5)

describe('formatChildLine', () => {
  it('shows a log line as its level, message and fields on one line, without the process fields', () => {
    const line = JSON.stringify({ level: 30, time, pid: 7, hostname: 'h', service: 'worker', runId: 'r1', verdict: 'correct', msg: 'graded' })
    const shown = formatChildLine(line)
    expect(shown).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: graded \{"runId":"r1","verdict":"correct"\}$/)
    expect(shown).not.toMatch(/pid|hostname|service|\{"level"/)
  })

  it('shows a warning with its reason, and an error with its stack on the lines below', () => {
    expect(formatChildLine(JSON.stringify({ level: 40, time, reason: 'The Docker engine cannot be reached', msg: 'no sandbox' }))).toMatch(
      /WARN: no sandbox \{"reason":"The Docker engine cannot be reached"\}$/,
    )
    const error = formatChildLine(JSON.stringify({ level: 50, time, err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at grade (x.ts:1:1)' }, msg: 'failed' }))
    expect(error.split('\n')[0]).toMatch(/ERROR: failed$/)
    expect(error).toContain('at grade (x.ts:1:1)')
  })

  it('leaves anything that is not a log line as it is', () => {
    for (const line of ['▲ Next.js 16', '{ not json', '{"route":"/courses"}', '']) expect(formatChildLine(line)).toBe(line)
  })
})

describe('prefixLines', () => {
  afterEach(() => vi.restoreAllMocks())

  it('prefixes every line, across chunks, and a child line during a step ends the step’s line first', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
    const child = new PassThrough()
    prefixLines(child, '[worker]', process.stdout)
    await step('Starting the web server', async () => {
      child.write('Grading worker is tak')
      child.write(`ing jobs.\n${JSON.stringify({ level: 30, time, msg: 'ready' })}\n`)
      await new Promise((resolve) => setImmediate(resolve))
    })
    const lines = written.join('').split('\n')
    expect(lines[0]).toMatch(/Starting the web server…$/)
    expect(lines[1]).toBe('[worker] Grading worker is taking jobs.')
    expect(lines[2]).toMatch(/^\[worker\] \[\d\d:\d\d:\d\d\] INFO: ready$/)
    expect(lines[3]).toMatch(/Starting the web server: done \(\d+\.\d s\)$/)
  })

  it('a step with no other output ends on its own line', async () => {
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true))
    await step('Applying database migrations', async () => 3, (count) => `(${count} applied)`)
    expect(written.join('')).toMatch(/^• Applying database migrations… done \(3 applied\) \(\d+\.\d s\)\n$/)
  })
})
