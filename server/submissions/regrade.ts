// Regrading: the latest submission of each learner gets a new GradingRun (trigger `regrade`) and a
// job (createRun), in one transaction per question. Earlier runs are kept as history; the learner's
// scores are recomputed when each new run finishes (a run's latest successful result is the one that counts).
import { engines, type EngineName } from '../../graders/grade-result.ts'
import { db } from '../db/client.ts'
import { NotFoundError } from '../errors.ts'
import { getGradingQueue } from '../grading/job-sender.ts'
import { createRun } from '../grading/run-lifecycle.ts'

export interface RegradeSummary {
  questions: number
  /** New runs queued, one per learner who submitted. */
  queued: number
}

function engineOfRow(engine: string): EngineName {
  if (!(engines as readonly string[]).includes(engine)) throw new Error(`Unknown grading engine "${engine}"`)
  return engine as EngineName
}

/** Re-queues the latest submission of every learner for one question (a database id). */
export async function regradeQuestion(questionId: string): Promise<RegradeSummary> {
  const question = await db.question.findUnique({ where: { id: questionId }, select: { id: true, engine: true } })
  if (!question) throw new NotFoundError('That question')
  const engine = engineOfRow(question.engine)
  const boss = await getGradingQueue()
  const queued = await db.$transaction(
    async (tx) => {
      const latest = await tx.submission.findMany({
        where: { questionId },
        distinct: ['userId'],
        orderBy: [{ userId: 'asc' }, { attempt: 'desc' }],
        select: { id: true },
      })
      for (const submission of latest) {
        await createRun(tx, boss, { submissionId: submission.id, engine, trigger: 'regrade' })
      }
      return latest.length
    },
    { timeout: 120_000 },
  )
  return { questions: 1, queued }
}

/** Re-queues every question of a homework (a database id). */
export async function regradeHomework(homeworkId: string): Promise<RegradeSummary> {
  const questions = await db.question.findMany({ where: { homeworkId, archivedAt: null }, orderBy: { position: 'asc' }, select: { id: true } })
  if (questions.length === 0 && !(await db.homework.findUnique({ where: { id: homeworkId }, select: { id: true } }))) {
    throw new NotFoundError('That homework')
  }
  let queued = 0
  for (const question of questions) queued += (await regradeQuestion(question.id)).queued
  return { questions: questions.length, queued }
}

/** From the slugs in the course files (what instructors type) to the database ids of what to regrade. */
export async function findRegradeTarget(courseSlug: string, homeworkSlug: string, questionSlug?: string) {
  const homework = await db.homework.findFirst({
    where: { slug: homeworkSlug, course: { slug: courseSlug } },
    select: { id: true, questions: { where: questionSlug ? { slug: questionSlug } : { archivedAt: null }, select: { id: true } } },
  })
  if (!homework) throw new NotFoundError(`Homework "${homeworkSlug}" of course "${courseSlug}"`)
  if (questionSlug && homework.questions.length === 0) throw new NotFoundError(`Question "${questionSlug}" of ${homeworkSlug}`)
  return { homeworkId: homework.id, questionId: questionSlug ? homework.questions[0]!.id : undefined }
}

/** Re-queues one learner's submission (staff learner page); another course's submission is "not found". */
export async function regradeSubmission(courseId: string, userId: string, submissionId: string): Promise<RegradeSummary> {
  const submission = await db.submission.findFirst({
    where: { id: submissionId, userId, question: { homework: { courseId } } },
    select: { id: true, question: { select: { engine: true } } },
  })
  if (!submission) throw new NotFoundError('That submission')
  const engine = engineOfRow(submission.question.engine)
  const boss = await getGradingQueue()
  await db.$transaction((tx) => createRun(tx, boss, { submissionId: submission.id, engine, trigger: 'regrade' }))
  return { questions: 1, queued: 1 }
}
