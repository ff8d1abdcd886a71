// Certificates: the learner's name for it, eligibility with what is left, issuance (one or in bulk),
// revocation, and the public record behind /verify/<code>.
import { randomInt } from 'node:crypto'
import { z } from 'zod'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { AppError, NotFoundError } from '../errors.ts'
import { certificationRules, deadlinesOf, evaluateCertification, maxHomeworkPoints, type Eligibility } from './eligibility.ts'
import { withheldHomeworkSlugs, withheldPointsOf } from '../scores/withheld-scores.ts'
import { projectOutcomeSource as defaultProjectSource, type ProjectOutcomeSource } from './project-outcomes.ts'

/** Lower-case letters and digits without look-alikes (no 0/o, 1/l/i): easy to read out, ~98 bits. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const CODE_LENGTH = 20
export const verificationCodePattern = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`)

export function newVerificationCode() {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

export const certificateNameSchema = z
  .string()
  .trim()
  .transform((name) => name.normalize('NFC').replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(2, 'Write at least 2 characters.')
      .max(80, 'At most 80 characters.')
      .regex(/^[\p{L}\p{M}][\p{L}\p{M} .,'’-]*$/u, 'Use letters, spaces, dots, hyphens and apostrophes.'),
  )

/**
 * The name a certificate would carry: the learner's certificate name, else their account name — only if it
 * passes the rule the certificate-name form applies, so an account name the form would refuse (a
 * spreadsheet formula, markup) is never printed and signed. null: the learner is "eligible, no name".
 */
export function printableCertificateName(certificateName: string | null, accountName: string | null): string | null {
  const parsed = certificateNameSchema.safeParse(certificateName ?? accountName ?? '')
  return parsed.success ? parsed.data : null
}

export class CertificateNameFrozenError extends AppError {
  constructor(name: string) {
    super('conflict', `Your certificate was issued to “${name}”; the name on an issued certificate cannot change.`, {
      certificateName: 'The certificate is already issued.',
    })
  }
}

async function enrollmentOf(userId: string, courseSlug: string) {
  const enrollment = await db.enrollment.findFirst({
    where: { userId, course: { slug: courseSlug } },
    select: { id: true, courseId: true, certificateName: true, user: { select: { name: true } } },
  })
  if (!enrollment) throw new AppError('forbidden', 'Enrol in this course first.')
  return enrollment
}

/** The learner sets the name printed on their certificate; refused once a certificate is issued. */
export async function setCertificateName(userId: string, courseSlug: string, name: string) {
  const certificateName = certificateNameSchema.parse(name)
  const enrollment = await enrollmentOf(userId, courseSlug)
  const issued = await db.certificate.findUnique({ where: { userId_courseId: { userId, courseId: enrollment.courseId } }, select: { recipientName: true } })
  if (issued) throw new CertificateNameFrozenError(issued.recipientName)
  await db.enrollment.update({ where: { id: enrollment.id }, data: { certificateName } })
  return certificateName
}

export interface LearnerCertification {
  /** null: the course issues no certificates. */
  eligibility: Eligibility | null
  certificate: { verificationCode: string; recipientName: string; issuedAt: Date; revokedAt: Date | null } | null
  /** The name that would go on the certificate now (theirs, else a valid account name); null: they must set one. */
  name: string | null
  nameIsSet: boolean
}

export async function learnerCertification(
  userId: string,
  course: LoadedCourse,
  projects: ProjectOutcomeSource | null = defaultProjectSource,
  now = new Date(),
): Promise<LearnerCertification | null> {
  const enrollment = await db.enrollment.findFirst({
    where: { userId, course: { slug: course.slug } },
    select: {
      courseId: true,
      homeworkPoints: true,
      certificateName: true,
      user: { select: { name: true } },
      course: { select: { certificates: { where: { userId }, select: { verificationCode: true, recipientName: true, issuedAt: true, revokedAt: true } } } },
    },
  })
  if (!enrollment) return null
  const rules = certificationRules(course)
  // The learner's view: homework whose scores wait for the deadline do not count here yet, or the
  // "earn N more points" line would say whether an answer was right.
  const homeworkPoints = enrollment.homeworkPoints - (await withheldPointsOf(userId, course.slug, withheldHomeworkSlugs(course, now)))
  const project = projects ? ((await projects.outcomes(enrollment.courseId, [userId])).get(userId) ?? { submitted: false, passed: null, reviewsDone: 0 }) : null
  return {
    eligibility: rules
      ? evaluateCertification(rules, { homeworkPoints, maxHomeworkPoints: maxHomeworkPoints(course), project }, deadlinesOf(course))
      : null,
    certificate: enrollment.course.certificates[0] ?? null,
    name: printableCertificateName(enrollment.certificateName, enrollment.user.name),
    nameIsSet: enrollment.certificateName !== null,
  }
}

export interface IssueSummary {
  issued: number
  alreadyCertified: number
  notEligible: number
  notEvaluable: number
  /** Eligible, but neither a certificate name nor an account name that passes as one. */
  missingName: number
  /** Verification codes of the new certificates. */
  codes: string[]
}

const BATCH = 500

/**
 * Issues a certificate to every eligible learner of the course who has none (or to the given learners
 * only). Safe to run twice, or twice at once: (user, course) is unique, so a learner gets one certificate.
 */
export async function issueCertificates(
  course: LoadedCourse,
  options: { userIds?: string[]; dryRun?: boolean; projects?: ProjectOutcomeSource | null; onBatch?: (done: number) => void } = {},
): Promise<IssueSummary> {
  const rules = certificationRules(course)
  if (!rules) throw new AppError('unprocessable', `The course "${course.slug}" issues no certificates (its course.yaml has no certificate: section).`)
  const courseRow = await db.course.findUnique({ where: { slug: course.slug }, select: { id: true } })
  if (!courseRow) throw new NotFoundError(`The course "${course.slug}"`)
  const projects = options.projects === undefined ? defaultProjectSource : options.projects
  const maxPoints = maxHomeworkPoints(course)
  const deadlines = deadlinesOf(course)
  const summary: IssueSummary = { issued: 0, alreadyCertified: 0, notEligible: 0, notEvaluable: 0, missingName: 0, codes: [] }
  let cursor: string | undefined
  let done = 0
  for (;;) {
    const page = await db.enrollment.findMany({
      where: { courseId: courseRow.id, ...(options.userIds ? { userId: { in: options.userIds } } : {}) },
      orderBy: { id: 'asc' },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, userId: true, homeworkPoints: true, certificateName: true, user: { select: { name: true, certificates: { where: { courseId: courseRow.id }, select: { id: true } } } } },
    })
    if (page.length === 0) break
    cursor = page.at(-1)!.id
    const outcomes = projects ? await projects.outcomes(courseRow.id, page.map((row) => row.userId)) : null
    const toIssue: { userId: string; courseId: string; verificationCode: string; recipientName: string }[] = []
    for (const row of page) {
      if (row.user.certificates.length > 0) {
        summary.alreadyCertified++
        continue
      }
      const project = outcomes ? (outcomes.get(row.userId) ?? { submitted: false, passed: null, reviewsDone: 0 }) : null
      const { state } = evaluateCertification(rules, { homeworkPoints: row.homeworkPoints, maxHomeworkPoints: maxPoints, project }, deadlines)
      if (state === 'in_progress') summary.notEligible++
      else if (state === 'not_evaluable') summary.notEvaluable++
      else {
        const name = printableCertificateName(row.certificateName, row.user.name)
        if (!name) summary.missingName++
        else toIssue.push({ userId: row.userId, courseId: courseRow.id, verificationCode: newVerificationCode(), recipientName: name })
      }
    }
    if (toIssue.length > 0 && !options.dryRun) {
      const created = await db.certificate.createManyAndReturn({ data: toIssue, skipDuplicates: true, select: { verificationCode: true } })
      summary.issued += created.length
      summary.alreadyCertified += toIssue.length - created.length
      summary.codes.push(...created.map((row) => row.verificationCode))
    } else if (options.dryRun) summary.issued += toIssue.length
    done += page.length
    options.onBatch?.(done)
  }
  return summary
}

export const revocationInput = z.object({
  verificationCode: z.string().regex(verificationCodePattern, 'That is not a certificate id.'),
  reason: z.string().trim().min(3, 'Give a reason (at least 3 characters).').max(500, 'At most 500 characters.'),
})

export async function revokeCertificate(input: { verificationCode: string; reason: string }, revokedById: string | null, courseId?: string) {
  const { verificationCode, reason } = revocationInput.parse(input)
  const certificate = await db.certificate.findUnique({ where: { verificationCode }, select: { id: true, courseId: true, revokedAt: true } })
  if (!certificate || (courseId && certificate.courseId !== courseId)) throw new NotFoundError('That certificate')
  // Only an unrevoked certificate is updated: two revocations at once cannot both write a reason.
  const { count } = await db.certificate.updateMany({
    where: { id: certificate.id, revokedAt: null },
    data: { revokedAt: new Date(), revokedReason: reason, revokedById },
  })
  if (count === 0) throw new AppError('conflict', 'This certificate is already revoked.')
  return { verificationCode }
}

export type PublicCertificate = {
  state: 'valid' | 'revoked'
  verificationCode: string
  recipientName: string
  course: { slug: string; title: string; summary: string }
  issuedAt: Date
  revokedAt: Date | null
}

/** What anyone may know about a certificate: name, course, dates and state. Never the email or the reason. */
export async function publicCertificate(verificationCode: string): Promise<PublicCertificate | null> {
  if (!verificationCodePattern.test(verificationCode)) return null
  const certificate = await db.certificate.findUnique({
    where: { verificationCode },
    select: { verificationCode: true, recipientName: true, issuedAt: true, revokedAt: true, course: { select: { slug: true, title: true, summary: true } } },
  })
  if (!certificate) return null
  return { ...certificate, state: certificate.revokedAt ? 'revoked' : 'valid' }
}

export async function listCertificates(courseId: string, { page, pageSize = 50 }: { page: number; pageSize?: number }) {
  const [total, rows] = await Promise.all([
    db.certificate.count({ where: { courseId } }),
    db.certificate.findMany({
      where: { courseId },
      orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        verificationCode: true,
        recipientName: true,
        issuedAt: true,
        revokedAt: true,
        revokedReason: true,
        user: { select: { id: true, email: true } },
      },
    }),
  ])
  return { total, pageCount: Math.max(1, Math.ceil(total / pageSize)), rows }
}
