// CourseReader.readForHomework: one homework served while the course's first full read is under way.
// The full read is held back by a gate around the real loader, so "under way" is certain, not a race.
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CourseReader } from './course-reader.ts'
import { copyFixtureCourse, type FixtureCopy } from './fixture-copy.ts'
import * as load from './load.ts'
import { loadQuestionForGrading } from './question-for-grading.ts'

vi.mock('./load.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof load>()
  return { ...actual, loadCourse: vi.fn(actual.loadCourse) }
})

const copies: FixtureCopy[] = []
afterEach(async () => {
  vi.mocked(load.loadCourse).mockReset()
  for (const copy of copies.splice(0)) await copy.remove('.')
})

/** A reader over a copy of the fixture course whose next full read waits for `release`. */
async function readerWithHeldRead() {
  const copy = await copyFixtureCourse()
  copies.push(copy)
  const actual = (await vi.importActual<typeof load>('./load.ts')).loadCourse
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  vi.mocked(load.loadCourse).mockImplementation(async (dir) => {
    await gate
    return actual(dir)
  })
  return { copy, reader: new CourseReader(path.dirname(copy.dir), { stampReuseMs: 60_000 }), release }
}

describe('CourseReader.readForHomework', () => {
  it('serves the one homework while the full read is under way, then the full course', async () => {
    const { reader, release } = await readerWithHeldRead()
    const full = reader.read('mini')
    // Under way: stamped and loading (the loader is called right after the stamp is kept).
    await vi.waitFor(() => expect(load.loadCourse).toHaveBeenCalled())
    const early = await reader.readForHomework('mini', 'hw2')
    expect(early?.weeks.map((week) => week.homework?.slug)).toEqual(['hw2'])
    const questionSlug = early!.weeks[0]!.homework!.questions[0]!.slug
    const found = await loadQuestionForGrading(reader, { courseSlug: 'mini', homeworkSlug: 'hw2', questionSlug })
    expect(found?.homework.slug).toBe('hw2')
    release()
    const whole = await full
    expect(whole?.weeks.length).toBe(2)
    expect(await reader.readForHomework('mini', 'hw2')).toBe(whole)
  })

  it('an unknown homework gets the full read’s answer (the question is gone), not an error', async () => {
    const { reader, release } = await readerWithHeldRead()
    void reader.read('mini')
    await vi.waitFor(() => expect(load.loadCourse).toHaveBeenCalled())
    const answer = loadQuestionForGrading(reader, { courseSlug: 'mini', homeworkSlug: 'hw9', questionSlug: 'docker-rm-flag' })
    release()
    expect(await answer).toBeNull()
  })

  it('with no full read under way, answers as read does (the full course)', async () => {
    const copy = await copyFixtureCourse()
    copies.push(copy)
    const reader = new CourseReader(path.dirname(copy.dir))
    const course = await reader.readForHomework('mini', 'hw1')
    expect(course?.weeks.length).toBe(2)
  })
})
