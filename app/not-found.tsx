import Link from 'next/link'

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="page-title mt-2">We can’t find that page</h1>
      <p className="mt-3 text-slate-700">The link may be old, or the page may have moved.</p>
      <Link href="/" className="btn-primary mt-6">
        Back to the courses
      </Link>
    </div>
  )
}
