import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { publicCertificate } from '@/server/certificates/certificates'
import { formatDate } from '@/components/ui/format'

export const metadata: Metadata = { title: 'Verify a certificate', robots: { index: false } }
export const dynamic = 'force-dynamic'

// Public: shows the name, the course and the dates, nothing else (no email, no revocation reason).
export default async function VerifyPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params
  const certificate = await publicCertificate(code)
  if (!certificate) notFound()
  const valid = certificate.state === 'valid'
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="page-title">Certificate verification</h1>
      <div
        role="status"
        data-testid="verification-state"
        className={`rounded-xl border px-6 py-4 text-lg font-semibold ${valid ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}
      >
        {valid ? '✓ Valid certificate' : `✗ Revoked on ${formatDate(certificate.revokedAt!)}: this certificate is no longer valid`}
      </div>
      <dl className="card grid grid-cols-[auto_1fr] gap-x-6 gap-y-3">
        <dt className="text-slate-600">Awarded to</dt>
        <dd className="font-semibold" data-testid="recipient-name">{certificate.recipientName}</dd>
        <dt className="text-slate-600">Course</dt>
        <dd>{certificate.course.title}</dd>
        <dt className="text-slate-600">Issued</dt>
        <dd>{formatDate(certificate.issuedAt)}</dd>
        <dt className="text-slate-600">Certificate id</dt>
        <dd className="font-mono text-sm">{certificate.verificationCode}</dd>
      </dl>
      {valid && (
        <ul className="flex flex-wrap gap-4 text-sm">
          <li><a href={`/verify/${code}/certificate.pdf`}>Download the PDF</a></li>
          <li><a href={`/verify/${code}/credential.jwt`}>Open Badges 3.0 credential (VC-JWT)</a></li>
          <li><a href="/.well-known/jwks.json">Public signing key</a></li>
        </ul>
      )}
    </div>
  )
}
