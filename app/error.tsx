'use client'

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-red-700">Error</p>
      <h1 className="page-title mt-2">Something went wrong on our side</h1>
      <p className="mt-3 text-slate-700">
        Please try again. If it keeps happening, tell us the reference below.
      </p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-600">Reference: {error.digest}</p>}
      <button type="button" onClick={reset} className="btn-primary mt-6">
        Try again
      </button>
    </div>
  )
}
