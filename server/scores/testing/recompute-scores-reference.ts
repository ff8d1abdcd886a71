// The Prisma implementation of the score recompute that served until the set-based SQL in
// ../recompute-scores.ts replaced it (one statement instead of about a dozen round trips). Kept only as
// the reference that recompute-scores.test.ts compares the SQL against, scenario by scenario.
import { type DbTransaction, lockLearnerScores, type RecomputeScoresInput, type ScoringPolicy } from '../recompute-scores.ts'

/** Verdicts that count towards a score; `invalid` (not gradable) and `error` never do. */
const scoredVerdicts = ['correct', 'partial', 'incorrect'] as const

interface CountedSubmission {
  submissionId: string
  attempt: number
  points: number
}

/** Each submission's points from its latest successful run (a regrade supersedes the earlier run). */
async function countedSubmissions(tx: DbTransaction, userId: string, questionId: string): Promise<CountedSubmission[]> {
  const submissions = await tx.submission.findMany({
    where: { userId, questionId },
    select: {
      id: true,
      attempt: true,
      gradingRuns: {
        where: { status: 'succeeded' },
        orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
        take: 1,
        select: { verdict: true, points: true },
      },
    },
  })
  return submissions.flatMap((submission) => {
    const run = submission.gradingRuns[0]
    if (!run?.verdict || !(scoredVerdicts as readonly string[]).includes(run.verdict)) return []
    return [{ submissionId: submission.id, attempt: submission.attempt, points: run.points ?? 0 }]
  })
}

function pickCountedSubmission(candidates: CountedSubmission[], scoring: ScoringPolicy): CountedSubmission | null {
  if (candidates.length === 0) return null
  const byAttempt = [...candidates].sort((a, b) => a.attempt - b.attempt)
  if (scoring === 'last') return byAttempt.at(-1)!
  // The earliest attempt wins a tie, so a later equal answer does not move the reference.
  return byAttempt.reduce((best, candidate) => (candidate.points > best.points ? candidate : best))
}

/** Recomputes the learner's score on the question, its homework, and their course points. */
export async function recomputeScoresReference(tx: DbTransaction, { userId, questionId, scoring }: RecomputeScoresInput) {
  await lockLearnerScores(tx, userId)
  const counted = pickCountedSubmission(await countedSubmissions(tx, userId, questionId), scoring)
  const override = await tx.questionScoreOverride.findFirst({ where: { userId, questionId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { points: true } })
  const points = override?.points ?? counted?.points ?? 0
  await tx.questionScore.upsert({
    where: { userId_questionId: { userId, questionId } },
    create: { userId, questionId, points, submissionId: counted?.submissionId ?? null },
    update: { points, submissionId: counted?.submissionId ?? null },
  })

  const question = await tx.question.findUniqueOrThrow({
    where: { id: questionId },
    select: { homeworkId: true, homework: { select: { courseId: true } } },
  })
  const { homeworkId } = question
  const questions = await tx.question.findMany({ where: { homeworkId, archivedAt: null }, select: { id: true, maxPoints: true } })
  const scores = await tx.questionScore.findMany({
    where: { userId, questionId: { in: questions.map((entry) => entry.id) } },
    select: { points: true },
  })
  const homeworkPoints = scores.reduce((sum, score) => sum + score.points, 0)
  const maxPoints = questions.reduce((sum, entry) => sum + entry.maxPoints, 0)
  await tx.homeworkScore.upsert({
    where: { userId_homeworkId: { userId, homeworkId } },
    create: { userId, homeworkId, points: homeworkPoints, maxPoints },
    update: { points: homeworkPoints, maxPoints },
  })

  await recomputeCoursePointsReference(tx, userId, question.homework.courseId)
}

/** Course points for the leaderboard: homework points plus learning-in-public points plus final-project points. */
export async function recomputeCoursePointsReference(tx: DbTransaction, userId: string, courseId: string) {
  const homeworkTotal = await tx.homeworkScore.aggregate({
    where: { userId, homework: { courseId, archivedAt: null } },
    _sum: { points: true },
  })
  const homeworkPoints = homeworkTotal._sum.points ?? 0
  const enrollment = await tx.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    select: { learningInPublicPoints: true, projectPoints: true },
  })
  if (!enrollment) return
  await tx.enrollment.update({
    where: { userId_courseId: { userId, courseId } },
    data: { homeworkPoints, points: homeworkPoints + enrollment.learningInPublicPoints + enrollment.projectPoints },
  })
}
