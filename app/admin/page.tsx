import type { Metadata } from 'next'
import Link from 'next/link'
import { Pagination } from '@/components/ui/pagination'
import { DataTable } from '@/components/ui/data-table'
import { EmptyState } from '@/components/ui/empty-state'
import { formatDate } from '@/components/ui/format'
import { listUsers, pageParam, platformCounts, searchParam } from '@/server/admin/users'
import { requireUserWithPermission } from '@/server/auth/session'

export const metadata: Metadata = { title: 'Admin' }

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string; q?: string }> }) {
  await requireUserWithPermission('view:admin', '/admin')
  const params = await searchParams
  const page = pageParam.parse(params.page)
  const query = searchParam.parse(params.q)
  const [counts, users] = await Promise.all([platformCounts(), listUsers(page, query)])
  const href = (p: number) => `/admin?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(p) })}`
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="page-title">Admin</h1>
        <Link href="/admin/grading">Grading: regrade and stuck runs →</Link>
      </div>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        {Object.entries(counts).map(([label, value]) => (
          <div key={label} className="card py-4">
            <dt className="text-sm capitalize text-slate-600">{label}</dt>
            <dd className="text-2xl font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="users" className="space-y-3">
        <h2 id="users" className="text-xl font-semibold">
          Accounts
        </h2>
        <form role="search" action="/admin" className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor="account-search" className="field-label">Search by email or name</label>
            <input id="account-search" name="q" type="search" defaultValue={query} maxLength={200} className="field-input" />
          </div>
          <button type="submit" className="btn-secondary">Search</button>
          {query && <Link href="/admin">Clear</Link>}
        </form>
        {users.total === 0 ? (
          <EmptyState title={query ? `No account matches “${query}”` : 'No accounts yet'} />
        ) : (
          <DataTable
            caption={`${users.total} account${users.total === 1 ? '' : 's'}`}
            columns={[{ label: 'Email' }, { label: 'Name' }, { label: 'Role' }, { label: 'Teaches' }, { label: 'Submissions' }, { label: 'Joined' }]}
          >
            {users.users.map((user) => (
              <tr key={user.id} className="border-t border-slate-100">
                <td className="px-4 py-2">
                  <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
                </td>
                <td className="px-4 py-2">{user.name}</td>
                <td className="px-4 py-2">{user.role}</td>
                <td className="px-4 py-2">{user._count.courseStaff ? `${user._count.courseStaff} course${user._count.courseStaff === 1 ? '' : 's'}` : ''}</td>
                <td className="px-4 py-2">{user._count.submissions}</td>
                <td className="px-4 py-2">{formatDate(user.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination page={users.page} pageCount={users.pageCount} href={href} />
      </section>
    </div>
  )
}
