import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { NotFoundError } from '../../server/errors.ts'
import { parseCommandArgs, runDatabaseCommand } from './command-runner.ts'

function capturedErrors() {
  const lines: string[] = []
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')))
  return lines
}

describe('parseCommandArgs', () => {
  it('returns flags and positionals, or null after printing the problem and the usage', () => {
    expect(parseCommandArgs(['add', '--course', 'zoomcamp'], { course: { type: 'string' } }, 'Usage: …')).toMatchObject({ positionals: ['add'], values: { course: 'zoomcamp' } })
    const errors = capturedErrors()
    expect(parseCommandArgs(['--nope'], { course: { type: 'string' } }, 'Usage: staff …')).toBeNull()
    expect(errors.join('\n')).toMatch(/Unknown option '--nope'[\s\S]*Usage: staff …/)
  })
})

describe('runDatabaseCommand', () => {
  it('passes the exit code through; a person’s mistake is one line and exit code 1; anything else is thrown', async () => {
    expect(await runDatabaseCommand(async () => 0)).toBe(0)
    const errors = capturedErrors()
    expect(await runDatabaseCommand(async () => Promise.reject(new NotFoundError('The course "x"')))).toBe(1)
    expect(await runDatabaseCommand(async () => z.object({ email: z.email('Enter an email.') }).parse({ email: 'no' }) && 0)).toBe(1)
    expect(errors).toEqual([expect.stringContaining('The course "x" was not found.'), expect.stringContaining('email: Enter an email.')])
    await expect(runDatabaseCommand(async () => Promise.reject(new TypeError('a bug')))).rejects.toThrow('a bug')
  })
})
