// What a valid certificate is handed out as: the PDF, the signed Open Badges credential, the LinkedIn link.
// A revoked or unknown certificate gets none of them (its /verify page says why).
import { getCourse } from '../courses/content.ts'
import { getEnv } from '../env.ts'
import { renderCertificatePdf } from './certificate-pdf.ts'
import { publicCertificate, type PublicCertificate } from './certificates.ts'
import { signCredential } from './credential.ts'
import { certificationRules, describeRules } from './eligibility.ts'
import { getSigningKey } from './signing-key.ts'
import { siteUrl, verificationUrl } from './site-url.ts'

async function validCertificate(verificationCode: string) {
  const certificate = await publicCertificate(verificationCode)
  return certificate?.state === 'valid' ? certificate : null
}

export async function certificatePdf(verificationCode: string): Promise<Buffer | null> {
  const certificate = await validCertificate(verificationCode)
  if (!certificate) return null
  return renderCertificatePdf({
    recipientName: certificate.recipientName,
    courseTitle: certificate.course.title,
    issuedAt: certificate.issuedAt,
    verifyUrl: verificationUrl(certificate.verificationCode),
    fontPath: getEnv().SYLLABUS_CERTIFICATE_FONT,
  })
}

export async function certificateCredential(verificationCode: string): Promise<string | null> {
  const certificate = await validCertificate(verificationCode)
  if (!certificate) return null
  const course = await getCourse(certificate.course.slug).catch(() => null)
  const rules = course && certificationRules(course)
  return signCredential(
    {
      verificationCode: certificate.verificationCode,
      recipientName: certificate.recipientName,
      issuedAt: certificate.issuedAt,
      course: certificate.course,
      criteria: rules ? describeRules(rules) : 'Completed the course.',
    },
    await getSigningKey(),
    siteUrl(),
  )
}

/** LinkedIn's "Add license or certification" form, filled in. */
export function linkedInAddToProfileUrl(
  certificate: Pick<PublicCertificate, 'verificationCode' | 'issuedAt'> & { course: Pick<PublicCertificate['course'], 'title'> },
  base = siteUrl(),
) {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certificate.course.title,
    organizationName: 'Syllabus',
    issueYear: String(certificate.issuedAt.getUTCFullYear()),
    issueMonth: String(certificate.issuedAt.getUTCMonth() + 1),
    certUrl: verificationUrl(certificate.verificationCode, base),
    certId: certificate.verificationCode,
  })
  return `https://www.linkedin.com/profile/add?${params}`
}
