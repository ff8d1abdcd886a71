import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { LearnerCertification } from '@/server/certificates/certificates'
import { CertificateCard } from './certificate-card.tsx'

const eligible: LearnerCertification = {
  eligibility: { state: 'eligible', requirements: [{ id: 'homework', label: 'Score at least 50 % of the homework points', status: 'met', left: null }] },
  certificate: null,
  name: 'Ada Lovelace',
  nameIsSet: false,
}

function html(status: LearnerCertification) {
  return renderToStaticMarkup(createElement(CertificateCard, { slug: 'mini', status, linkedInUrl: null }))
}

describe('CertificateCard', () => {
  it('an eligible learner without a printable name is told to set one, not that the certificate is on its way', () => {
    const out = html({ ...eligible, name: null })
    expect(out).toContain('data-testid="certificate-name-needed"')
    expect(out).toContain('Set the name for your certificate')
    expect(out).not.toContain('next issue certificates')
  })

  it('with a name, the form holds it and nothing more is asked', () => {
    const out = html(eligible)
    expect(out).not.toContain('certificate-name-needed')
    expect(out).toContain('next issue certificates')
    expect(out).toContain('value="Ada Lovelace"')
  })
})
