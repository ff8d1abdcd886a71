import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { IssueCertificatesForm, RevokeCertificateForm } from '@/components/instructor/certificate-forms'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { Pagination } from '@/components/ui/pagination'
import { pageParam } from '@/server/admin/users'
import { requireCourseStaff } from '@/server/auth/session'
import { issueCertificates, listCertificates } from '@/server/certificates/certificates'
import { certificationRules, describeRules } from '@/server/certificates/eligibility'
import { getCourse } from '@/server/courses/content'

export const metadata: Metadata = { title: 'Certificates' }

export default async function CertificatesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string }> }) {
  const { slug } = await params
  const { access } = await requireCourseStaff(slug, 'manage:certificates', `/courses/${slug}/instructor/certificates`)
  const course = await getCourse(slug)
  if (!course) notFound()
  const page = pageParam.parse((await searchParams).page)
  const rules = certificationRules(course)
  const [preview, certificates] = await Promise.all([rules ? issueCertificates(course, { dryRun: true }) : null, listCertificates(access.course.id, { page })])
  return (
    <div className="space-y-8">
      <div>
        <Breadcrumbs items={[{ href: `/courses/${slug}`, label: access.course.title }, { href: `/courses/${slug}/instructor`, label: 'Instructor' }, { label: 'Certificates' }]} />
        <h1 className="page-title">Certificates</h1>
        <p className="text-sm text-slate-700">{rules ? `Rule from course.yaml: ${describeRules(rules)}` : 'This course issues no certificates (no certificate: section in course.yaml).'}</p>
      </div>
      {preview && (
        <section aria-labelledby="issue" className="card space-y-3">
          <h2 id="issue" className="text-xl font-semibold">Issue</h2>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
            {[
              ['Ready to issue', preview.issued],
              ['Already certified', preview.alreadyCertified],
              ['Not yet eligible', preview.notEligible],
              ['Not evaluable yet', preview.notEvaluable],
              ['Eligible, no name', preview.missingName],
            ].map(([label, value]) => (
              <div key={label}>
                <dt className="text-slate-600">{label}</dt>
                <dd className="text-2xl font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          {preview.notEvaluable > 0 && <p className="text-sm text-amber-800">The final project’s results are not available on this platform yet, so project requirements cannot be checked.</p>}
          <IssueCertificatesForm slug={slug} />
          <p className="text-xs text-slate-600">Also: <code>npm run syllabus -- certificates issue --course {slug}</code></p>
        </section>
      )}
      <section aria-labelledby="issued" className="space-y-3">
        <h2 id="issued" className="text-xl font-semibold">Issued ({certificates.total})</h2>
        {certificates.total === 0 ? (
          <EmptyState title="No certificates issued yet" />
        ) : (
          <DataTable caption="Issued certificates" columns={[{ label: 'Name' }, { label: 'Learner' }, { label: 'Issued' }, { label: 'State' }, { label: '' }]}>
            {certificates.rows.map((row) => (
              <tr key={row.verificationCode} className="border-t border-slate-100 align-top">
                <td className="px-4 py-2">
                  <a href={`/verify/${row.verificationCode}`}>{row.recipientName}</a>
                </td>
                <td className="px-4 py-2">{row.user.email}</td>
                <td className="px-4 py-2">{formatDate(row.issuedAt)}</td>
                <td className="px-4 py-2">{row.revokedAt ? `revoked ${formatDate(row.revokedAt)}: ${row.revokedReason ?? ''}` : 'valid'}</td>
                <td className="px-4 py-2">{!row.revokedAt && <RevokeCertificateForm slug={slug} verificationCode={row.verificationCode} />}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination page={page} pageCount={certificates.pageCount} href={(p) => `/courses/${slug}/instructor/certificates?page=${p}`} />
      </section>
    </div>
  )
}
