import type { Metadata } from 'next'
import Link from 'next/link'
import { Pagination } from '@/components/ui/pagination'
import { DataTable } from '@/components/ui/data-table'
import { formatDate } from '@/components/ui/format'
import { listUsers, pageParam, platformCounts } from '@/server/admin/users'
import { requireUserWithPermission } from '@/server/auth/session'

export const metadata: Metadata = { title: 'Admin' }

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  await requireUserWithPermission('view:admin', '/admin')
  const page = pageParam.parse((await searchParams).page)
  const [counts, users] = await Promise.all([platformCounts(), listUsers(page)])
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
      <section aria-labelledby="users">
        <h2 id="users" className="mb-3 text-xl font-semibold">
          Accounts
        </h2>
        <DataTable columns={[{ label: 'Email' }, { label: 'Name' }, { label: 'Role' }, { label: 'Submissions' }, { label: 'Joined' }]}>
              {users.users.map((user) => (
                <tr key={user.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">{user.email}</td>
                  <td className="px-4 py-2">{user.name}</td>
                  <td className="px-4 py-2">{user.role}</td>
                  <td className="px-4 py-2">{user._count.submissions}</td>
                  <td className="px-4 py-2">{formatDate(user.createdAt)}</td>
                </tr>
              ))}
        </DataTable>
        <Pagination page={users.page} pageCount={users.pageCount} href={(p) => `/admin?page=${p}`} />
      </section>
    </div>
  )
}
