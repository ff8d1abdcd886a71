import Link from 'next/link'

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">403</p>
      <h1 className="page-title mt-2">You don’t have access to this page</h1>
      <p className="mt-3 text-slate-700">It is for administrators. If you think you should have access, ask one.</p>
      <Link href="/" className="btn-primary mt-6">
        Back to the courses
      </Link>
    </div>
  )
}
