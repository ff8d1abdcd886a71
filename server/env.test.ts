import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { coursesRoot, EnvError, parseEnv, readEnv, testClockFile } from './env.ts'

const valid = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/syllabus',
  NEXTAUTH_SECRET: 'x'.repeat(32),
}

describe('parseEnv', () => {
  it('accepts a minimal environment and fills defaults', () => {
    const env = parseEnv(valid)
    expect(env.LOG_LEVEL).toBe('info')
    expect(env.GITHUB_ID).toBeUndefined()
  })

  it('names each bad variable on its own line', () => {
    try {
      parseEnv({ DATABASE_URL: 'mysql://nope', NEXTAUTH_SECRET: 'short' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError)
      const problems = (error as EnvError).problems
      expect(problems).toHaveLength(2)
      expect(problems[0]).toMatch(/^DATABASE_URL: must be a postgresql:\/\//)
      expect(problems[1]).toMatch(/^NEXTAUTH_SECRET: must be at least 32 characters/)
    }
  })

  it('treats empty strings as unset', () => {
    expect(() => parseEnv({ ...valid, DATABASE_URL: '' })).toThrow(/DATABASE_URL: is not set/)
    expect(parseEnv({ ...valid, GITHUB_ID: '', GITHUB_SECRET: '' }).GITHUB_ID).toBeUndefined()
  })

  it('wants both GitHub variables or neither', () => {
    expect(() => parseEnv({ ...valid, GITHUB_ID: 'id' })).toThrow(/GITHUB_ID and GITHUB_SECRET/)
    expect(parseEnv({ ...valid, GITHUB_ID: 'id', GITHUB_SECRET: 'secret' }).GITHUB_SECRET).toBe('secret')
  })
})

describe('readEnv', () => {
  it('requires nothing, fills defaults and checks every value given', () => {
    const env = readEnv({})
    expect(env).toMatchObject({ SYLLABUS_DATA_DIR: '.data', SYLLABUS_SANDBOX_RUNTIME: 'runc', SYLLABUS_DATASET_SIZE: 'small', SYLLABUS_PROCESS: 'web' })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(readEnv({ PORT: '3203', SYLLABUS_DATASET_HIDDEN_SEED: '42' })).toMatchObject({ PORT: 3203, SYLLABUS_DATASET_HIDDEN_SEED: 42 })
  })

  it('names each bad value of the variables added for the CLI and the worker', () => {
    try {
      readEnv({ PORT: '70000', SYLLABUS_DATASET_HIDDEN_SEED: 'secret', SYLLABUS_DATASET_SIZE: 'huge', SYLLABUS_SANDBOX_RUNTIME: 'run c' })
      expect.unreachable()
    } catch (error) {
      expect((error as EnvError).problems).toEqual([
        'PORT: must be a port number (1-65535)',
        'SYLLABUS_DATASET_HIDDEN_SEED: must be a whole number of at most 9 digits',
        expect.stringMatching(/^SYLLABUS_DATASET_SIZE: /),
        'SYLLABUS_SANDBOX_RUNTIME: must be an OCI runtime name such as runc or runsc',
      ])
    }
  })
})

describe('SYLLABUS_COURSES_DIR', () => {
  const repositoryRoot = path.resolve(import.meta.dirname, '..')

  it('defaults to courses/ in the repository, whatever the working directory', () => {
    expect(parseEnv(valid).SYLLABUS_COURSES_DIR).toBe(path.join(repositoryRoot, 'courses'))
    expect(coursesRoot({})).toBe(path.join(repositoryRoot, 'courses'))
    expect(coursesRoot({ SYLLABUS_COURSES_DIR: '' })).toBe(path.join(repositoryRoot, 'courses'))
  })

  it('resolves a relative folder from the repository root and keeps an absolute one', () => {
    expect(coursesRoot({ SYLLABUS_COURSES_DIR: 'tests/fixtures/courses' })).toBe(path.join(repositoryRoot, 'tests/fixtures/courses'))
    expect(parseEnv({ ...valid, SYLLABUS_COURSES_DIR: '/srv/courses' }).SYLLABUS_COURSES_DIR).toBe('/srv/courses')
  })
})

describe('SYLLABUS_TEST_CLOCK_FILE', () => {
  it('is read alone, an empty value being none', () => {
    expect(testClockFile({})).toBeUndefined()
    expect(testClockFile({ SYLLABUS_TEST_CLOCK_FILE: '' })).toBeUndefined()
    expect(testClockFile({ SYLLABUS_TEST_CLOCK_FILE: '/tmp/clock', DATABASE_URL: 'not a url' })).toBe('/tmp/clock')
  })
})
