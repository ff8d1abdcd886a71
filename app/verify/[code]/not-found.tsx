export default function UnknownCertificate() {
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="page-title">Certificate verification</h1>
      <div role="status" data-testid="verification-state" className="rounded-xl border border-amber-300 bg-amber-50 px-6 py-4 text-lg font-semibold text-amber-900">
        ? Unknown certificate: no certificate has this id
      </div>
      <p className="text-sm text-slate-700">Check the address for typing mistakes; certificate ids use lower-case letters and digits only.</p>
    </div>
  )
}
