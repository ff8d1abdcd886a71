'use server'
import 'server-only'
// Server actions for certificates: the learner's name on it; issuance and revocation by course staff.
import { revalidatePath } from 'next/cache'
import { requireApiCourseStaff, getUser } from '../auth/session.ts'
import { getCourse } from '../courses/content.ts'
import { NotFoundError, UnauthenticatedError } from '../errors.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { logger } from '../logger.ts'
import { issueCertificates, revokeCertificate, setCertificateName } from './certificates.ts'

export type CertificateFormState = FormActionState

export async function setCertificateNameAction(courseSlug: string, _previous: CertificateFormState, form: FormData): Promise<CertificateFormState> {
  try {
    const user = await getUser()
    if (!user) throw new UnauthenticatedError()
    const name = await setCertificateName(user.id, courseSlug, String(form.get('certificateName') ?? ''))
    revalidatePath(`/courses/${courseSlug}/dashboard`)
    return { ok: true, message: `Saved. Your certificate will read “${name}”.` }
  } catch (error) {
    return actionFailure(error, 'setting a certificate name')
  }
}

/** Issues to every eligible learner, or to one (`userId` in the form). */
export async function issueCertificatesAction(courseSlug: string, _previous: CertificateFormState, form: FormData): Promise<CertificateFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'manage:certificates')
    const course = await getCourse(courseSlug)
    if (!course) throw new NotFoundError(`The course "${courseSlug}"`)
    const userId = String(form.get('userId') ?? '')
    const summary = await issueCertificates(course, userId ? { userIds: [userId] } : {})
    logger.info({ staffId: staff.id, courseSlug, userId: userId || undefined, issued: summary.issued }, 'certificates issued')
    revalidatePath(`/courses/${courseSlug}/instructor`, 'layout')
    const parts = [
      `Issued ${summary.issued} certificate${summary.issued === 1 ? '' : 's'}.`,
      summary.alreadyCertified ? `${summary.alreadyCertified} already certified.` : '',
      summary.notEligible ? `${summary.notEligible} not yet eligible.` : '',
      summary.notEvaluable ? `${summary.notEvaluable} not evaluable yet (project results unavailable).` : '',
      summary.missingName ? `${summary.missingName} eligible but without a name.` : '',
    ]
    return { ok: true, message: parts.filter(Boolean).join(' ') }
  } catch (error) {
    return actionFailure(error, 'issuing certificates')
  }
}

export async function revokeCertificateAction(courseSlug: string, _previous: CertificateFormState, form: FormData): Promise<CertificateFormState> {
  try {
    const staff = await requireApiCourseStaff(courseSlug, 'manage:certificates')
    const input = { verificationCode: String(form.get('verificationCode') ?? ''), reason: String(form.get('reason') ?? '') }
    await revokeCertificate(input, staff.id, staff.access.course.id)
    logger.info({ staffId: staff.id, courseSlug, verificationCode: input.verificationCode }, 'certificate revoked')
    revalidatePath(`/courses/${courseSlug}/instructor`, 'layout')
    revalidatePath(`/verify/${input.verificationCode}`)
    return { ok: true, message: 'Revoked. The verification page now says so.' }
  } catch (error) {
    return actionFailure(error, 'revoking a certificate')
  }
}
