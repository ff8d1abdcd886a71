// E2E fixture: a certificate for an enrolled learner, written straight into the e2e server's database.
// The Zoomcamp's rules need the final project, which this platform cannot evaluate yet, so no learner can
// earn one through the UI; the verify page, PDF and credential are what the e2e test checks.
//   tsx tests/e2e/support/seed-certificate.ts <email> <course-slug>   → prints the verification id
import { withDatabases } from '../../../cli/lib/databases.ts'
import { newVerificationCode, printableCertificateName } from '../../../server/certificates/certificates.ts'
import { db, disconnectDb } from '../../../server/db/client.ts'

const [email, courseSlug] = process.argv.slice(2)
if (!email || !courseSlug) throw new Error('Usage: seed-certificate.ts <email> <course-slug>')
await withDatabases(['app'], async () => {
  const enrollment = await db.enrollment.findFirstOrThrow({
    where: { user: { email }, course: { slug: courseSlug } },
    select: { userId: true, courseId: true, certificateName: true, user: { select: { name: true } } },
  })
  const certificate = await db.certificate.create({
    data: {
      userId: enrollment.userId,
      courseId: enrollment.courseId,
      recipientName: printableCertificateName(enrollment.certificateName, enrollment.user.name) ?? email,
      verificationCode: newVerificationCode(),
    },
  })
  console.log(certificate.verificationCode)
  await disconnectDb()
})
process.exit(0)
