// Writes a loaded course into the content index (Course, Module, Lesson, Homework, Question rows) so that
// submissions and scores have stable rows to point at. Idempotent by content hash; one transaction.
//
// Removal policy: content that disappeared from the files is deleted, unless learners submitted answers to
// it. Then the sync refuses (naming each question) unless `archive: true`, which sets `archivedAt` on the
// questions and on their homework and module, so the submissions and their scores keep their rows.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db as defaultDb, type Db } from '../db/client.ts'

export interface SyncOptions {
  /** Archive removed questions that have submissions instead of refusing to sync. */
  archive?: boolean
  db?: Db
}

export type SyncEntity = 'course' | 'module' | 'lesson' | 'homework' | 'question' | 'project-attempt'
export type SyncAction = 'created' | 'updated' | 'archived' | 'deleted'

export interface SyncChange {
  action: SyncAction
  entity: SyncEntity
  /** e.g. `hw1/docker-rm-flag`, `containers/docker-basics` */
  key: string
}

export interface SyncResult {
  changed: boolean
  created: number
  updated: number
  archived: number
  deleted: number
  unchanged: number
  changes: SyncChange[]
}

export interface RemovedQuestionWithSubmissions {
  /** `homework-id/question-id` */
  question: string
  submissions: number
}

export class CourseSyncConflictError extends Error {
  override name = 'CourseSyncConflictError'
  constructor(
    readonly courseSlug: string,
    readonly conflicts: readonly RemovedQuestionWithSubmissions[],
  ) {
    const lines = conflicts.map(
      ({ question, submissions }) =>
        `  question "${question}" was removed or renamed but has ${submissions} submission${submissions === 1 ? '' : 's'}`,
    )
    super(
      `Cannot sync course "${courseSlug}":\n${lines.join('\n')}\n` +
        'Restore it in the course files, or sync with --archive to keep it (and its submissions) archived.',
    )
  }
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export async function syncCourse(course: LoadedCourse, options: SyncOptions = {}): Promise<SyncResult> {
  const database = options.db ?? defaultDb
  return database.$transaction((tx) => syncInTransaction(tx as Tx, course, options.archive ?? false), {
    maxWait: 10_000,
    timeout: 120_000,
  })
}

async function syncInTransaction(tx: Tx, course: LoadedCourse, archive: boolean): Promise<SyncResult> {
  // Two syncs of one course at once would race on the unique keys; let the second wait for the first.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`syllabus:course-sync:${course.slug}`}))`

  const changes: SyncChange[] = []
  let unchanged = 0
  const record = (action: SyncAction | 'unchanged', entity: SyncEntity, key: string) => {
    if (action === 'unchanged') unchanged += 1
    else changes.push({ action, entity, key })
  }

  const courseFields = {
    title: course.config.title,
    summary: course.config.summary,
    startsAt: course.startsAt,
    timezone: course.config.timezone,
    contentHash: course.contentHash,
  }
  let courseRow = await tx.course.findUnique({ where: { slug: course.slug } })
  if (!courseRow) {
    courseRow = await tx.course.create({ data: { slug: course.slug, ...courseFields } })
    record('created', 'course', course.slug)
  } else if (courseRow.contentHash !== course.contentHash || courseRow.archivedAt) {
    await tx.course.update({ where: { id: courseRow.id }, data: { ...courseFields, archivedAt: null, syncedAt: new Date() } })
    record('updated', 'course', course.slug)
  } else {
    record('unchanged', 'course', course.slug)
  }
  const courseId = courseRow.id

  const existingModules = await tx.module.findMany({ where: { courseId }, include: { lessons: true } })
  const existingHomeworks = await tx.homework.findMany({
    where: { courseId },
    include: { questions: { include: { _count: { select: { submissions: true } } } } },
  })

  // Decide removals before writing anything, so a refused sync has touched nothing.
  const loadedQuestionKeys = new Set(
    course.weeks.flatMap((week) => week.homework?.questions.map((question) => `${week.homework!.slug}/${question.slug}`) ?? []),
  )
  const removedQuestions = existingHomeworks.flatMap((homework) =>
    homework.questions
      .filter((question) => !loadedQuestionKeys.has(`${homework.slug}/${question.slug}`))
      .map((question) => ({ homework, question, key: `${homework.slug}/${question.slug}` })),
  )
  const conflicts = removedQuestions
    .filter(({ question }) => question._count.submissions > 0 && !question.archivedAt)
    .map(({ key, question }) => ({ question: key, submissions: question._count.submissions }))
  if (conflicts.length > 0 && !archive) throw new CourseSyncConflictError(course.slug, conflicts)

  // Modules and their lessons.
  const moduleIdBySlug = new Map<string, string>()
  for (const week of course.weeks) {
    const fields = {
      position: week.number,
      title: week.config.title,
      startsAt: week.startsAt,
      contentHash: week.contentHash,
    }
    const existing = existingModules.find((row) => row.slug === week.slug)
    let moduleId: string
    if (!existing) {
      moduleId = (await tx.module.create({ data: { courseId, slug: week.slug, ...fields } })).id
      record('created', 'module', week.slug)
    } else {
      moduleId = existing.id
      if (existing.contentHash !== week.contentHash || existing.position !== week.number || existing.archivedAt) {
        await tx.module.update({ where: { id: moduleId }, data: { ...fields, archivedAt: null } })
        record('updated', 'module', week.slug)
      } else {
        record('unchanged', 'module', week.slug)
      }
    }
    moduleIdBySlug.set(week.slug, moduleId)

    for (const lesson of week.lessons) {
      const key = `${week.slug}/${lesson.slug}`
      const lessonFields = {
        position: lesson.number,
        title: lesson.frontMatter.title,
        durationMinutes: lesson.frontMatter.duration,
        contentHash: lesson.contentHash,
      }
      const existingLesson = existing?.lessons.find((row) => row.slug === lesson.slug)
      if (!existingLesson) {
        await tx.lesson.create({ data: { moduleId, slug: lesson.slug, ...lessonFields } })
        record('created', 'lesson', key)
      } else if (
        existingLesson.contentHash !== lesson.contentHash ||
        existingLesson.position !== lesson.number ||
        existingLesson.archivedAt
      ) {
        await tx.lesson.update({ where: { id: existingLesson.id }, data: { ...lessonFields, archivedAt: null } })
        record('updated', 'lesson', key)
      } else {
        record('unchanged', 'lesson', key)
      }
    }
    const lessonSlugs = new Set(week.lessons.map((lesson) => lesson.slug))
    for (const removed of existing?.lessons.filter((row) => !lessonSlugs.has(row.slug)) ?? []) {
      await tx.lesson.delete({ where: { id: removed.id } })
      record('deleted', 'lesson', `${week.slug}/${removed.slug}`)
    }
  }

  // Homework and questions.
  for (const week of course.weeks) {
    const homework = week.homework
    if (!homework) continue
    const moduleId = moduleIdBySlug.get(week.slug)!
    const fields = { moduleId, title: homework.config.title, deadline: homework.deadline, contentHash: homework.contentHash }
    const existing = existingHomeworks.find((row) => row.slug === homework.slug)
    let homeworkId: string
    if (!existing) {
      homeworkId = (await tx.homework.create({ data: { courseId, slug: homework.slug, ...fields } })).id
      record('created', 'homework', homework.slug)
    } else {
      homeworkId = existing.id
      if (existing.contentHash !== homework.contentHash || existing.moduleId !== moduleId || existing.archivedAt) {
        await tx.homework.update({ where: { id: homeworkId }, data: { ...fields, archivedAt: null } })
        record('updated', 'homework', homework.slug)
      } else {
        record('unchanged', 'homework', homework.slug)
      }
    }
    for (const question of homework.questions) {
      const key = `${homework.slug}/${question.slug}`
      const questionFields = {
        position: question.number,
        kind: question.kind,
        engine: question.engine,
        maxPoints: question.spec.points,
        contentHash: question.contentHash,
      }
      const existingQuestion = existing?.questions.find((row) => row.slug === question.slug)
      if (!existingQuestion) {
        await tx.question.create({ data: { homeworkId, slug: question.slug, ...questionFields } })
        record('created', 'question', key)
      } else if (
        existingQuestion.contentHash !== question.contentHash ||
        existingQuestion.position !== question.number ||
        existingQuestion.archivedAt
      ) {
        await tx.question.update({ where: { id: existingQuestion.id }, data: { ...questionFields, archivedAt: null } })
        record('updated', 'question', key)
      } else {
        record('unchanged', 'question', key)
      }
    }
  }

  // Removals: questions, then homework, then modules (a kept question keeps its homework and module).
  const keptHomeworkIds = new Set<string>()
  for (const { homework, question, key } of removedQuestions) {
    if (question._count.submissions === 0) {
      await tx.question.delete({ where: { id: question.id } })
      record('deleted', 'question', key)
      continue
    }
    keptHomeworkIds.add(homework.id)
    if (question.archivedAt) {
      record('unchanged', 'question', key)
    } else {
      await tx.question.update({ where: { id: question.id }, data: { archivedAt: new Date() } })
      record('archived', 'question', key)
    }
  }
  const loadedHomeworkIds = new Set(course.weeks.flatMap((week) => (week.homework ? [week.homework.slug] : [])))
  const keptModuleIds = new Set<string>()
  for (const homework of existingHomeworks.filter((row) => !loadedHomeworkIds.has(row.slug))) {
    if (!keptHomeworkIds.has(homework.id)) {
      await tx.homework.delete({ where: { id: homework.id } })
      record('deleted', 'homework', homework.slug)
      continue
    }
    keptModuleIds.add(homework.moduleId)
    if (homework.archivedAt) {
      record('unchanged', 'homework', homework.slug)
    } else {
      await tx.homework.update({ where: { id: homework.id }, data: { archivedAt: new Date() } })
      record('archived', 'homework', homework.slug)
    }
  }
  const loadedWeekSlugs = new Set(course.weeks.map((week) => week.slug))
  for (const removed of existingModules.filter((row) => !loadedWeekSlugs.has(row.slug))) {
    if (!keptModuleIds.has(removed.id)) {
      // Its lessons go with it (cascade); list them so the report says what disappeared.
      for (const lesson of removed.lessons) record('deleted', 'lesson', `${removed.slug}/${lesson.slug}`)
      await tx.module.delete({ where: { id: removed.id } })
      record('deleted', 'module', removed.slug)
    } else if (removed.archivedAt) {
      record('unchanged', 'module', removed.slug)
    } else {
      await tx.module.update({ where: { id: removed.id }, data: { archivedAt: new Date() } })
      record('archived', 'module', removed.slug)
    }
  }

  await syncProjectAttempts(tx, courseId, course, record)

  const count = (action: SyncAction) => changes.filter((change) => change.action === action).length
  return {
    changed: changes.length > 0,
    created: count('created'),
    updated: count('updated'),
    archived: count('archived'),
    deleted: count('deleted'),
    unchanged,
    changes,
  }
}

/**
 * The project's attempts: windows from the files. Instructor overrides live in other columns and stay.
 * An attempt removed from the files is deleted only when nobody submitted to it; otherwise it stays
 * (its submissions and scores keep their rows) and the report says so.
 */
async function syncProjectAttempts(
  tx: Tx,
  courseId: string,
  course: LoadedCourse,
  record: (action: SyncAction | 'unchanged', entity: SyncEntity, key: string) => void,
) {
  const existing = await tx.projectAttempt.findMany({ where: { courseId }, include: { _count: { select: { submissions: true } } } })
  const loaded = course.project?.attempts ?? []
  for (const attempt of loaded) {
    const key = `project/attempt-${attempt.number}`
    const fields = { opensAt: attempt.opensAt, submissionDeadline: attempt.submissionDeadline, reviewDeadline: attempt.reviewDeadline }
    const row = existing.find((candidate) => candidate.number === attempt.number)
    if (!row) {
      await tx.projectAttempt.create({ data: { courseId, number: attempt.number, ...fields } })
      record('created', 'project-attempt', key)
    } else if (Object.entries(fields).some(([name, value]) => row[name as keyof typeof fields].getTime() !== value.getTime())) {
      await tx.projectAttempt.update({ where: { id: row.id }, data: fields })
      record('updated', 'project-attempt', key)
    } else {
      record('unchanged', 'project-attempt', key)
    }
  }
  for (const row of existing.filter((candidate) => !loaded.some((attempt) => attempt.number === candidate.number))) {
    if (row._count.submissions > 0) {
      record('unchanged', 'project-attempt', `project/attempt-${row.number}`)
      continue
    }
    await tx.projectAttempt.delete({ where: { id: row.id } })
    record('deleted', 'project-attempt', `project/attempt-${row.number}`)
  }
}
