import { rename } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CourseReader, folderStamp } from './course-reader.ts'
import { copyFixtureCourse, type FixtureCopy } from './fixture-copy.ts'
import { CourseValidationError } from './load.ts'
import { CourseFolderMissingError, loadQuestionForGrading } from './question-for-grading.ts'

const copies: FixtureCopy[] = []
async function readerOverCopy() {
  const copy = await copyFixtureCourse()
  copies.push(copy)
  return { copy, reader: new CourseReader(path.dirname(copy.dir)) }
}
afterEach(async () => {
  for (const copy of copies.splice(0)) await copy.remove('.')
})

describe('CourseReader', () => {
  it('reuses the loaded course while its files are unchanged', async () => {
    const { reader } = await readerOverCopy()
    const first = await reader.read('mini')
    expect(first?.config.title).toBe('Mini Data Engineering')
    expect(await reader.read('mini')).toBe(first)
  })

  it('sees an edited file on the next read (no stale content after an edit or a sync)', async () => {
    const { copy, reader } = await readerOverCopy()
    const before = await reader.read('mini')
    await copy.edit('course.yaml', 'title: Mini Data Engineering', 'title: Mini Data Engineering, revised')
    const after = await reader.read('mini')
    expect(after).not.toBe(before)
    expect(after?.config.title).toBe('Mini Data Engineering, revised')
    expect(after?.contentHash).not.toBe(before?.contentHash)
  })

  it('with stampReuseMs (the running platform), walks the folder at most once per window and sees an edit after it', async () => {
    const copy = await copyFixtureCourse()
    copies.push(copy)
    const reader = new CourseReader(path.dirname(copy.dir), { stampReuseMs: 2_000 })
    const before = await reader.read('mini')
    await copy.edit('course.yaml', 'title: Mini Data Engineering', 'title: Mini Data Engineering, revised')
    // Inside the window the earlier stamp stands: no walk, the loaded course is reused.
    expect(await reader.read('mini')).toBe(before)
    await new Promise((resolve) => setTimeout(resolve, 2_100))
    expect((await reader.read('mini'))?.config.title).toBe('Mini Data Engineering, revised')
  })

  it('with stampReuseMs, a read inside the window touches no file; a removed course is gone after it', async () => {
    const copy = await copyFixtureCourse()
    copies.push(copy)
    const reader = new CourseReader(path.dirname(copy.dir), { stampReuseMs: 1_000 })
    const before = await reader.read('mini')
    await rename(path.join(copy.dir, 'course.yaml'), path.join(copy.dir, 'course.yaml.away'))
    expect(await reader.read('mini')).toBe(before)
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    expect(await reader.read('mini')).toBeNull()
  })

  it('sees an added hidden file, which changes no Markdown but changes grading', async () => {
    const { copy, reader } = await readerOverCopy()
    const before = await reader.read('mini')
    const stamp = await folderStamp(copy.dir)
    await copy.write('weeks/01-containers/hidden/wrong/longest-trip-day--extra.sql', '-- expect: rows\nselect 1\n')
    expect(await folderStamp(copy.dir)).not.toBe(stamp)
    const after = await reader.read('mini')
    expect(after).not.toBe(before)
    const question = after?.weeks[0]?.homework?.questions.find((candidate) => candidate.slug === 'longest-trip-day')
    expect(question?.kind === 'sql' && question.hidden.wrongAnswers.map((wrong) => wrong.label)).toContain('extra')
  })

  it('throws for a broken course, and loads it again once fixed', async () => {
    const { copy, reader } = await readerOverCopy()
    await copy.edit('course.yaml', 'timezone: Europe/Berlin', 'timezone: Mars/Olympus')
    await expect(reader.read('mini')).rejects.toBeInstanceOf(CourseValidationError)
    await copy.edit('course.yaml', 'timezone: Mars/Olympus', 'timezone: Europe/Berlin')
    expect((await reader.read('mini'))?.slug).toBe('mini')
  })

  it('answers null for unknown courses and for slugs that would leave the root', async () => {
    const { reader } = await readerOverCopy()
    expect(await reader.read('no-such-course')).toBeNull()
    expect(await reader.read('../mini')).toBeNull()
    expect(await reader.read('mini/weeks')).toBeNull()
    expect(await reader.listSlugs()).toEqual(['mini'])
    expect(await new CourseReader(path.join(reader.root, 'missing')).listSlugs()).toEqual([])
  })
})

describe('loadQuestionForGrading', () => {
  it('finds a question with its hidden parts by course, homework and question slug', async () => {
    const { reader } = await readerOverCopy()
    const found = await loadQuestionForGrading(reader, { courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag' })
    expect(found?.homework.slug).toBe('hw1')
    expect(found?.question).toMatchObject({ slug: 'docker-rm-flag', kind: 'single_choice' })
    expect(await loadQuestionForGrading(reader, { courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'gone' })).toBeNull()
    expect(await loadQuestionForGrading(reader, { courseSlug: 'mini', homeworkSlug: 'hw9', questionSlug: 'docker-rm-flag' })).toBeNull()
  })

  it('throws when the course folder itself is missing (a wrong root is a deployment fault, retried)', async () => {
    const { reader } = await readerOverCopy()
    await expect(
      loadQuestionForGrading(reader, { courseSlug: 'other', homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag' }),
    ).rejects.toBeInstanceOf(CourseFolderMissingError)
  })
})
