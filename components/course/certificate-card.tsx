import type { LearnerCertification } from '@/server/certificates/certificates'
import type { RequirementStatus } from '@/server/certificates/eligibility'
import { formatDate } from '@/components/ui/format'
import { CertificateNameForm } from './certificate-name-form'

const MARK: Record<RequirementStatus, { symbol: string; text: string; className: string }> = {
  met: { symbol: '✓', text: 'done', className: 'text-emerald-700' },
  unmet: { symbol: '○', text: 'to do', className: 'text-slate-700' },
  unknown: { symbol: '?', text: 'not known yet', className: 'text-amber-700' },
}

/** The learner's certificate: what is left, the name it will carry, and once issued, where to get it. */
export function CertificateCard({ slug, status, linkedInUrl }: { slug: string; status: LearnerCertification; linkedInUrl: string | null }) {
  const { certificate, eligibility } = status
  if (!eligibility && !certificate) return null
  return (
    <section aria-labelledby="certificate" className="card space-y-4">
      <h2 id="certificate" className="text-xl font-semibold">Certificate</h2>
      {certificate && !certificate.revokedAt ? (
        <div className="space-y-3">
          <p data-testid="certificate-state">
            Issued to <strong>{certificate.recipientName}</strong> on {formatDate(certificate.issuedAt)}.
          </p>
          <ul className="flex flex-wrap gap-4 text-sm">
            <li><a href={`/verify/${certificate.verificationCode}/certificate.pdf`}>Download the PDF</a></li>
            <li><a href={`/verify/${certificate.verificationCode}`}>Verification page</a></li>
            <li><a href={`/verify/${certificate.verificationCode}/credential.jwt`}>Open Badges credential</a></li>
            {linkedInUrl && (
              <li>
                <a href={linkedInUrl} target="_blank" rel="noopener noreferrer">
                  Add to LinkedIn profile
                </a>
              </li>
            )}
          </ul>
        </div>
      ) : certificate?.revokedAt ? (
        <p data-testid="certificate-state">Your certificate was revoked on {formatDate(certificate.revokedAt)}. Contact the course staff if you think this is a mistake.</p>
      ) : (
        eligibility && (
          <div className="space-y-4">
            <p data-testid="certificate-state">
              {eligibility.state === 'eligible'
                ? `You have met every requirement.${status.name === null ? '' : ' Your certificate is issued when the course staff next issue certificates.'}`
                : eligibility.state === 'not_evaluable'
                  ? 'Your homework is in order; the project requirements cannot be checked on this platform yet.'
                  : 'What is left before your certificate:'}
            </p>
            <ul className="space-y-2" aria-label="Certificate requirements">
              {eligibility.requirements.map((requirement) => (
                <li key={requirement.id} className="flex gap-3">
                  <span aria-hidden className={`font-bold ${MARK[requirement.status].className}`}>{MARK[requirement.status].symbol}</span>
                  <span>
                    <span className="sr-only">{MARK[requirement.status].text}: </span>
                    {requirement.label}
                    {requirement.left && <span className="block text-sm text-slate-700" data-testid={`left-${requirement.id}`}>{requirement.left}</span>}
                  </span>
                </li>
              ))}
            </ul>
            {status.name === null && (
              <p className="text-sm text-amber-800" data-testid="certificate-name-needed">
                Set the name for your certificate below: until you do, none can be issued to you. (Your account name is
                used only if it is made of letters, spaces, dots, hyphens and apostrophes.)
              </p>
            )}
            <CertificateNameForm slug={slug} name={status.name ?? ''} />
          </div>
        )
      )}
    </section>
  )
}
