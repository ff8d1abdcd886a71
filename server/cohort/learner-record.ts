// Everything course staff see of one learner on the staff learner page: per homework their score, deadline
// extension and extras, per question every attempt with its answer and the grader's feedback (never
// withheld from staff), overrides in force and their audit trail, the final project and certification.
// A user who is not enrolled in the course is "not found", whatever their id.
import { z } from 'zod'
import { gradeCheck } from '../../graders/grade-result.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { extendedWindow, submissionsCloseAt } from '../../course/homework-window.ts'
import { learnerCertification } from '../certificates/certificates.ts'
import { db } from '../db/client.ts'
import { scoreOverrideHistory } from '../scores/score-overrides.ts'

const storedChecks = z.array(gradeCheck)

/** An answer as text for staff (server/submissions/answer-schema.ts): source or text, a number, or the chosen option ids. */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer
  if (typeof answer === 'number') return String(answer)
  if (Array.isArray(answer)) return answer.map(answerText).join(', ')
  return JSON.stringify(answer)
}

export async function learnerRecord(courseId: string, course: LoadedCourse, userId: string) {
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    select: {
      createdAt: true,
      points: true,
      homeworkPoints: true,
      learningInPublicPoints: true,
      nickname: true,
      certificateName: true,
      user: { select: { id: true, email: true, name: true } },
    },
  })
  if (!enrollment) return null
  const [submissions, questionScores, homeworkScores, extensions, extras, overrides, certification, projectSubmissions] = await Promise.all([
    db.submission.findMany({
      where: { userId, question: { homework: { courseId } } },
      orderBy: [{ attempt: 'desc' }],
      select: {
        id: true,
        attempt: true,
        answer: true,
        isLate: true,
        latePenalty: true,
        status: true,
        submittedAt: true,
        question: { select: { slug: true, homework: { select: { slug: true } } } },
        gradingRuns: {
          orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
          take: 1,
          select: { status: true, verdict: true, points: true, checks: true, trigger: true, finishedAt: true },
        },
      },
    }),
    db.questionScore.findMany({ where: { userId, question: { homework: { courseId } } }, select: { points: true, question: { select: { slug: true, homework: { select: { slug: true } } } } } }),
    db.homeworkScore.findMany({ where: { userId, homework: { courseId } }, select: { points: true, maxPoints: true, homework: { select: { slug: true } } } }),
    db.deadlineExtension.findMany({
      where: { userId, homework: { courseId } },
      select: { until: true, reason: true, updatedAt: true, homework: { select: { slug: true } }, grantedBy: { select: { email: true } } },
    }),
    db.homeworkExtras.findMany({
      where: { userId, homework: { courseId } },
      select: { solutionUrl: true, learningInPublicUrls: true, lecturesHours: true, homeworkHours: true, faqUrl: true, homework: { select: { slug: true } } },
    }),
    scoreOverrideHistory(courseId, userId),
    learnerCertification(userId, course),
    db.projectSubmission.findMany({
      where: { userId, attempt: { courseId } },
      orderBy: { attempt: { number: 'asc' } },
      select: {
        repoUrl: true,
        commitSha: true,
        createdAt: true,
        attempt: { select: { number: true } },
        score: { select: { status: true, projectPoints: true, passed: true, reason: true, reviewsDone: true, reviewsRequired: true, reviewsReceived: true } },
      },
    }),
  ])
  const key = (homework: string, question: string) => `${homework}/${question}`
  const scoreOf = new Map(questionScores.map((score) => [key(score.question.homework.slug, score.question.slug), score.points]))
  // The first row per question in the newest-first history is the override in force (points null: lifted).
  const overrideInForce = new Map<string, (typeof overrides)[number]>()
  for (const override of overrides) {
    const id = key(override.question.homework.slug, override.question.slug)
    if (!overrideInForce.has(id)) overrideInForce.set(id, override)
  }
  const homeworks = course.weeks.flatMap((week) => {
    const homework = week.homework
    if (!homework) return []
    const extension = extensions.find((entry) => entry.homework.slug === homework.slug) ?? null
    const window = extendedWindow(homework, extension?.until)
    const score = homeworkScores.find((entry) => entry.homework.slug === homework.slug)
    return [
      {
        slug: homework.slug,
        title: homework.config.title,
        week: week.number,
        deadline: homework.deadline,
        closesAt: submissionsCloseAt(window),
        extension: extension && { until: extension.until, reason: extension.reason, updatedAt: extension.updatedAt, grantedBy: extension.grantedBy?.email ?? null },
        points: score?.points ?? 0,
        maxPoints: score?.maxPoints ?? homework.totalPoints,
        extras: extras.find((entry) => entry.homework.slug === homework.slug) ?? null,
        questions: homework.questions.map((question) => {
          const id = key(homework.slug, question.slug)
          const override = overrideInForce.get(id)
          return {
            slug: question.slug,
            number: question.number,
            kind: question.kind,
            maxPoints: question.spec.points,
            points: scoreOf.get(id) ?? 0,
            override: override && override.points !== null ? { points: override.points, reason: override.reason } : null,
            attempts: submissions
              .filter((submission) => submission.question.homework.slug === homework.slug && submission.question.slug === question.slug)
              .map((submission) => {
                const run = submission.gradingRuns[0]
                const checks = storedChecks.safeParse(run?.checks ?? [])
                return {
                  id: submission.id,
                  attempt: submission.attempt,
                  submittedAt: submission.submittedAt,
                  isLate: submission.isLate,
                  latePenalty: submission.latePenalty,
                  status: submission.status,
                  answer: answerText(submission.answer),
                  verdict: run?.verdict ?? null,
                  points: run?.points ?? null,
                  regraded: run?.trigger === 'regrade',
                  checks: checks.success ? checks.data : [],
                }
              }),
          }
        }),
      },
    ]
  })
  return {
    learner: { ...enrollment.user, enrolledAt: enrollment.createdAt, nickname: enrollment.nickname, certificateName: enrollment.certificateName },
    points: { total: enrollment.points, homework: enrollment.homeworkPoints, learningInPublic: enrollment.learningInPublicPoints },
    homeworks,
    overrides,
    certification,
    project: projectSubmissions,
  }
}

export type LearnerRecord = NonNullable<Awaited<ReturnType<typeof learnerRecord>>>
