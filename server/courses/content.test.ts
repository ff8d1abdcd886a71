import { cp } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyFixtureCourse, type FixtureCopy } from '../../course/fixture-copy.ts'
import { getCourse, PAGE_COURSE_MAX_AGE_MS } from './content.ts'

const copies: FixtureCopy[] = []
afterEach(async () => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
  for (const copy of copies.splice(0)) await copy.remove('.')
})

async function courseCopy() {
  const copy = await copyFixtureCourse()
  copies.push(copy)
  vi.stubEnv('SYLLABUS_COURSES_DIR', path.dirname(copy.dir))
  return copy
}

describe('getCourse (pages)', () => {
  it('reuses a read for PAGE_COURSE_MAX_AGE_MS, then sees the edit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const copy = await courseCopy()
    const first = await getCourse('mini')
    expect(first?.config.title).toBe('Mini Data Engineering')
    await copy.edit('course.yaml', 'title: Mini Data Engineering', 'title: Mini Data Engineering, revised')
    vi.setSystemTime(Date.now() + PAGE_COURSE_MAX_AGE_MS - 1)
    expect(await getCourse('mini')).toBe(first)
    vi.setSystemTime(Date.now() + 1)
    expect((await getCourse('mini'))?.config.title).toBe('Mini Data Engineering, revised')
  })

  it('keeps no answer for a course that does not exist, so one added later is found at once', async () => {
    const copy = await courseCopy()
    expect(await getCourse('later')).toBeNull()
    await cp(copy.dir, path.join(path.dirname(copy.dir), 'later'), { recursive: true })
    expect((await getCourse('later'))?.config.title).toBe('Mini Data Engineering')
  })
})
