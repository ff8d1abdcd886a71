import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyFixtureCourse, miniCourseDir } from '../../course/fixture-copy.ts'
import { run } from './course.ts'

function captureOutput() {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')))
  return { out, err }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('syllabus course', () => {
  it('check: exit 0 and a summary for a valid course, exit 1 and file:line:column errors otherwise', async () => {
    const output = captureOutput()
    expect(await run(['check', miniCourseDir])).toBe(0)
    expect(output.out.join('\n')).toContain('mini 2 weeks, 3 lessons, 2 homework, 7 questions')

    const copy = await copyFixtureCourse()
    await copy.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Berlin')
    expect(await run(['check', copy.dir])).toBe(1)
    expect(output.err.join('\n')).toContain('course.yaml:5:11: timezone: must be an IANA time zone')
  })

  it('check without a folder reads the configured courses root (SYLLABUS_COURSES_DIR)', async () => {
    const output = captureOutput()
    vi.stubEnv('SYLLABUS_COURSES_DIR', path.dirname(miniCourseDir))
    try {
      expect(await run(['check'])).toBe(0)
    } finally {
      vi.unstubAllEnvs()
    }
    expect(output.out.join('\n')).toContain('mini 2 weeks, 3 lessons, 2 homework, 7 questions')
  })

  it('sync: reports what changed, then "no changes"', async () => {
    const output = captureOutput()
    const copy = await copyFixtureCourse(miniCourseDir, 'cli-sync')
    expect(await run(['sync', copy.dir])).toBe(0)
    expect(output.out.join('\n')).toMatch(/cli-sync: 15 created/)
    expect(output.out.join('\n')).toMatch(/created\s+question\s+hw1\/docker-rm-flag/)
    expect(await run(['sync', copy.dir])).toBe(0)
    expect(output.out.at(-1)).toMatch(/cli-sync: no changes/)
  })

  it('sync without DATABASE_URL says how to get one', async () => {
    const output = captureOutput()
    vi.stubEnv('DATABASE_URL', '')
    try {
      expect(await run(['sync', miniCourseDir])).toBe(1)
    } finally {
      vi.unstubAllEnvs()
    }
    expect(output.err).toHaveLength(1)
    expect(output.err[0]).toMatch(/DATABASE_URL is not set.*npm start/)
  })

  it('prints usage for an unknown subcommand', async () => {
    const output = captureOutput()
    expect(await run(['publish'])).toBe(2)
    expect(output.err[0]).toContain('course check [dir]')
  })
})
