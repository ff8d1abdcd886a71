// The roster: a course's learners, searchable, filterable and paged, with their points and certification state.
import { z } from 'zod'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { userSearchWhere } from '../admin/users.ts'
import { printableCertificateName } from '../certificates/certificates.ts'
import { certificationRules, deadlinesOf, evaluateCertification, maxHomeworkPoints } from '../certificates/eligibility.ts'
import { projectOutcomeSource, type ProjectOutcome } from '../certificates/project-outcomes.ts'
import { db, type Prisma, type Verdict } from '../db/client.ts'

export const ROSTER_PAGE_SIZE = 50

export const certificationFilters = ['all', 'certified', 'revoked', 'not_certified'] as const

export const rosterQuery = z.object({
  q: z.string().trim().max(200).catch('').default(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  certification: z.enum(certificationFilters).catch('all').default('all'),
  /** A homework slug: only learners who submitted to it (or, with `submitted=no`, who did not). */
  homework: z.string().regex(/^[a-z0-9-]{1,64}$/).optional().catch(undefined),
  submitted: z.enum(['yes', 'no']).catch('yes').default('yes'),
  /** With `homework`: only learners with a graded attempt there of this verdict (correct, or wrong: incorrect or partial). */
  verdict: z.enum(['any', 'correct', 'wrong']).catch('any').default('any'),
})

export type RosterQuery = z.infer<typeof rosterQuery>

export type RosterCertificationState = 'certified' | 'revoked' | 'eligible' | 'eligible_no_name' | 'in_progress' | 'not_evaluable' | 'no_certificate'

function rosterWhere(courseId: string, query: RosterQuery): Prisma.EnrollmentWhereInput {
  const user: Prisma.UserWhereInput[] = [userSearchWhere(query.q)]
  if (query.certification === 'certified') user.push({ certificates: { some: { courseId, revokedAt: null } } })
  if (query.certification === 'revoked') user.push({ certificates: { some: { courseId, revokedAt: { not: null } } } })
  if (query.certification === 'not_certified') user.push({ certificates: { none: { courseId } } })
  if (query.homework) {
    const submittedTo: Prisma.SubmissionListRelationFilter = { some: { question: { homework: { courseId, slug: query.homework } } } }
    user.push(query.submitted === 'yes' ? { submissions: submittedTo } : { NOT: { submissions: submittedTo } })
    if (query.submitted === 'yes' && query.verdict !== 'any') {
      const verdicts: Verdict[] = query.verdict === 'correct' ? ['correct'] : ['incorrect', 'partial']
      user.push({
        submissions: { some: { question: { homework: { courseId, slug: query.homework } }, gradingRuns: { some: { status: 'succeeded', verdict: { in: verdicts } } } } },
      })
    }
  }
  return { courseId, user: { AND: user } }
}

export async function roster(courseId: string, course: LoadedCourse, query: RosterQuery) {
  const where = rosterWhere(courseId, query)
  const [total, enrollments] = await Promise.all([
    db.enrollment.count({ where }),
    db.enrollment.findMany({
      where,
      orderBy: [{ points: 'desc' }, { id: 'asc' }],
      skip: (query.page - 1) * ROSTER_PAGE_SIZE,
      take: ROSTER_PAGE_SIZE,
      select: {
        createdAt: true,
        homeworkPoints: true,
        learningInPublicPoints: true,
        points: true,
        certificateName: true,
        user: {
          select: {
            id: true,
            email: true,
            name: true,
            certificates: { where: { courseId }, select: { revokedAt: true } },
            _count: { select: { submissions: { where: { question: { homework: { courseId } } } } } },
          },
        },
      },
    }),
  ])
  const rules = certificationRules(course)
  const maxPoints = maxHomeworkPoints(course)
  const deadlines = deadlinesOf(course)
  // The final-project results of this page's learners, so the roster's state matches the learner's dashboard.
  const projects = rules ? await projectOutcomeSource.outcomes(courseId, enrollments.map((enrollment) => enrollment.user.id)) : new Map<string, ProjectOutcome>()
  const rows = enrollments.map((enrollment) => {
    const certificate = enrollment.user.certificates[0]
    let certification: RosterCertificationState
    if (certificate) certification = certificate.revokedAt ? 'revoked' : 'certified'
    else if (!rules) certification = 'no_certificate'
    else certification = evaluateCertification(rules, { homeworkPoints: enrollment.homeworkPoints, maxHomeworkPoints: maxPoints, project: projects.get(enrollment.user.id) ?? null }, deadlines).state
    // Issuing skips an eligible learner with no printable name (certificates.ts), as the certificates page counts them.
    if (certification === 'eligible' && printableCertificateName(enrollment.certificateName, enrollment.user.name) === null) certification = 'eligible_no_name'
    return {
      userId: enrollment.user.id,
      email: enrollment.user.email,
      name: enrollment.user.name,
      enrolledAt: enrollment.createdAt,
      homeworkPoints: enrollment.homeworkPoints,
      learningInPublicPoints: enrollment.learningInPublicPoints,
      points: enrollment.points,
      submissions: enrollment.user._count.submissions,
      certification,
    }
  })
  return { total, page: query.page, pageCount: Math.max(1, Math.ceil(total / ROSTER_PAGE_SIZE)), rows, maxHomeworkPoints: maxPoints }
}
