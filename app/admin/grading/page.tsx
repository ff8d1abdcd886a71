import type { Metadata } from 'next'
import { RegradeForm } from '@/components/admin/regrade-form'
import { EmptyState } from '@/components/ui/empty-state'
import { DataTable } from '@/components/ui/data-table'
import { formatDateTime } from '@/components/ui/format'
import { regradeTargets } from '@/server/admin/grading'
import { requireUserWithPermission } from '@/server/auth/session'
import { listDeadLetteredRuns } from '@/server/grading/dead-lettered-runs'

export const metadata: Metadata = { title: 'Grading' }

export default async function GradingAdminPage() {
  // Lists every course's stuck runs with learner emails: admins only. Course staff regrade from their course's instructor pages.
  await requireUserWithPermission('view:admin', '/admin/grading')
  const [targets, deadLettered] = await Promise.all([regradeTargets(), listDeadLetteredRuns({ limit: 100 })])
  return (
    <div className="space-y-8">
      <h1 className="page-title">Grading</h1>
      <section aria-labelledby="regrade" className="space-y-3">
        <h2 id="regrade" className="text-xl font-semibold">Regrade</h2>
        <p className="text-sm text-slate-700">
          Re-queues each learner’s latest attempt (after fixing a reference solution or a grader). History is kept; scores
          are recomputed as the new results arrive. Also: <code>npm run syllabus -- regrade --course … --homework …</code>
        </p>
        <RegradeForm courses={targets} />
      </section>
      <section aria-labelledby="dead-letter" className="space-y-3">
        <h2 id="dead-letter" className="text-xl font-semibold">Runs that could not be graded</h2>
        <p className="text-sm text-slate-700">
          Infrastructure failures that exhausted their retries. Learners were told it does not count against them.
        </p>
        {deadLettered.length === 0 ? (
          <EmptyState title="Nothing is stuck">Every grading job finished or is on its way.</EmptyState>
        ) : (
          <DataTable columns={[{ label: 'When' }, { label: 'Question' }, { label: 'Learner' }, { label: 'Engine' }, { label: 'Tries' }, { label: 'Last error' }]}>
                {deadLettered.map((run) => (
                  <tr key={run.id} className="border-t border-slate-100 align-top">
                    <td className="whitespace-nowrap px-4 py-2">{run.deadLetteredAt ? formatDateTime(run.deadLetteredAt) : ''}</td>
                    <td className="px-4 py-2 font-mono text-xs">
                      {run.submission.question.homework.course.slug}/{run.submission.question.homework.slug}/{run.submission.question.slug}
                    </td>
                    <td className="px-4 py-2">{run.submission.user.email}</td>
                    <td className="px-4 py-2">{run.engine}</td>
                    <td className="px-4 py-2">{run.attempts}</td>
                    <td className="max-w-md px-4 py-2 text-xs text-slate-700">{run.error}</td>
                  </tr>
                ))}
          </DataTable>
        )}
      </section>
    </div>
  )
}
