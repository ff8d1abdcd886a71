import { describe, expect, it } from 'vitest'
import { copyFixtureCourse, miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { db } from '../db/client.ts'
import { CourseSyncConflictError, syncCourse } from './sync-course.ts'

// Each test uses its own course slug (the copy's folder name), so tests share the file's database safely.
async function freshCopy(slug: string) {
  return copyFixtureCourse(miniCourseDir, slug)
}

describe('syncCourse', () => {
  it('creates every row on the first sync, then writes nothing when the content is unchanged', async () => {
    const copy = await freshCopy('sync-idempotent')
    const course = await loadCourse(copy.dir)
    const first = await syncCourse(course)
    // 1 course, 2 modules, 3 lessons, 2 homework, 7 questions
    expect(first).toMatchObject({ changed: true, created: 15, updated: 0, archived: 0, deleted: 0, unchanged: 0 })

    const row = await db.course.findUniqueOrThrow({ where: { slug: 'sync-idempotent' } })
    expect(row).toMatchObject({ title: 'Mini Data Engineering', timezone: 'Europe/Berlin', contentHash: course.contentHash })
    const questions = await db.question.findMany({
      where: { homework: { courseId: row.id } },
      orderBy: [{ homework: { slug: 'asc' } }, { position: 'asc' }],
      select: { slug: true, kind: true, engine: true, maxPoints: true },
    })
    expect(questions).toEqual([
      { slug: 'docker-rm-flag', kind: 'single_choice', engine: 'quiz', maxPoints: 1 },
      { slug: 'warehouse-features', kind: 'multiple_choice', engine: 'quiz', maxPoints: 2 },
      { slug: 'postgres-port', kind: 'numeric', engine: 'quiz', maxPoints: 1 },
      { slug: 'postgres-cli-client', kind: 'text', engine: 'quiz', maxPoints: 1 },
      { slug: 'longest-trip-day', kind: 'sql', engine: 'postgres', maxPoints: 2 },
      { slug: 'clean-zone-names', kind: 'python', engine: 'python', maxPoints: 3 },
      { slug: 'parquet-engine', kind: 'text', engine: 'quiz', maxPoints: 1 },
    ])
    const homework = await db.homework.findUniqueOrThrow({ where: { courseId_slug: { courseId: row.id, slug: 'hw1' } } })
    expect(homework.deadline.toISOString()).toBe('2027-01-27T22:00:00.000Z')

    const second = await syncCourse(await loadCourse(copy.dir))
    expect(second).toMatchObject({ changed: false, created: 0, updated: 0, archived: 0, deleted: 0, unchanged: 15 })
    expect((await db.course.findUniqueOrThrow({ where: { slug: 'sync-idempotent' } })).syncedAt).toEqual(row.syncedAt)
  })

  it('updates a changed question (and the rows that contain it) and nothing else', async () => {
    const copy = await freshCopy('sync-update')
    await syncCourse(await loadCourse(copy.dir))
    await copy.edit('weeks/01-containers/homework.yaml', '    points: 1\n    prompt: On which', '    points: 4\n    prompt: On which')
    const result = await syncCourse(await loadCourse(copy.dir))
    expect(result.changes).toEqual([
      { action: 'updated', entity: 'course', key: 'sync-update' },
      { action: 'updated', entity: 'module', key: 'containers' },
      { action: 'updated', entity: 'homework', key: 'hw1' },
      { action: 'updated', entity: 'question', key: 'hw1/postgres-port' },
    ])
    const question = await db.question.findFirstOrThrow({
      where: { slug: 'postgres-port', homework: { course: { slug: 'sync-update' } } },
    })
    expect(question.maxPoints).toBe(4)
  })

  it('deletes removed content that nobody submitted to', async () => {
    const copy = await freshCopy('sync-delete')
    await syncCourse(await loadCourse(copy.dir))
    await copy.remove('weeks/02-pipelines/lessons/01-cleaning-with-pandas.md')
    await copy.edit('weeks/02-pipelines/homework.yaml', / {2}- id: parquet-engine[\s\S]*$/, '')
    const result = await syncCourse(await loadCourse(copy.dir))
    expect(result.changes.filter((change) => change.action === 'deleted')).toEqual([
      { action: 'deleted', entity: 'lesson', key: 'pipelines/cleaning-with-pandas' },
      { action: 'deleted', entity: 'question', key: 'hw2/parquet-engine' },
    ])
    expect(await db.question.count({ where: { slug: 'parquet-engine', homework: { course: { slug: 'sync-delete' } } } })).toBe(0)
  })

  it('refuses to remove a question that has submissions, unless asked to archive it', async () => {
    const copy = await freshCopy('sync-archive')
    await syncCourse(await loadCourse(copy.dir))
    const question = await db.question.findFirstOrThrow({
      where: { slug: 'postgres-port', homework: { course: { slug: 'sync-archive' } } },
    })
    const user = await db.user.create({ data: { email: 'learner@example.com' } })
    await db.submission.create({ data: { userId: user.id, questionId: question.id, answer: { value: 5432 }, attempt: 1 } })

    // Renaming the question removes the old one.
    await copy.edit('weeks/01-containers/homework.yaml', 'id: postgres-port', 'id: postgres-default-port')
    const renamed = await loadCourse(copy.dir)
    const refusal = await syncCourse(renamed).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(CourseSyncConflictError)
    expect((refusal as Error).message).toContain('question "hw1/postgres-port" was removed or renamed but has 1 submission')
    expect((refusal as Error).message).toContain('--archive')
    // Nothing was written: the new question does not exist and the course hash is the old one.
    expect(await db.question.count({ where: { slug: 'postgres-default-port' } })).toBe(0)

    const archived = await syncCourse(renamed, { archive: true })
    expect(archived.changes).toContainEqual({ action: 'archived', entity: 'question', key: 'hw1/postgres-port' })
    expect(archived.changes).toContainEqual({ action: 'created', entity: 'question', key: 'hw1/postgres-default-port' })
    const row = await db.question.findUniqueOrThrow({ where: { id: question.id } })
    expect(row.archivedAt).toBeInstanceOf(Date)
    expect(await db.submission.count({ where: { questionId: question.id } })).toBe(1)

    // Syncing again is a no-op, even without --archive: the question is archived already.
    expect((await syncCourse(renamed)).changed).toBe(false)
  })

  it('archives a removed week whose homework has submissions, keeping its rows', async () => {
    const copy = await freshCopy('sync-archive-week')
    await syncCourse(await loadCourse(copy.dir))
    const question = await db.question.findFirstOrThrow({
      where: { slug: 'clean-zone-names', homework: { course: { slug: 'sync-archive-week' } } },
    })
    const user = await db.user.create({ data: { email: 'week-learner@example.com' } })
    await db.submission.create({ data: { userId: user.id, questionId: question.id, answer: { code: 'x' }, attempt: 1 } })
    await copy.remove('weeks/02-pipelines')
    await copy.edit('course.yaml', '  - 02-pipelines\n', '')
    const withoutWeek = await loadCourse(copy.dir)
    await expect(syncCourse(withoutWeek)).rejects.toThrow(/question "hw2\/clean-zone-names"/)
    const result = await syncCourse(withoutWeek, { archive: true })
    expect(result.changes.filter((change) => change.action !== 'updated')).toEqual([
      { action: 'archived', entity: 'question', key: 'hw2/clean-zone-names' },
      { action: 'deleted', entity: 'question', key: 'hw2/parquet-engine' },
      { action: 'archived', entity: 'homework', key: 'hw2' },
      { action: 'archived', entity: 'module', key: 'pipelines' },
    ])
    const week = await db.module.findFirstOrThrow({ where: { slug: 'pipelines', course: { slug: 'sync-archive-week' } } })
    expect(week.archivedAt).toBeInstanceOf(Date)
  })
})
