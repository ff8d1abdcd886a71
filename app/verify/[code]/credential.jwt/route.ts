// The Open Badges 3.0 credential as a VC-JWT; verify it with the keys at /.well-known/jwks.json.
import { certificateCredential } from '@/server/certificates/artifacts'

export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params
  const jwt = await certificateCredential(code)
  if (!jwt) return new Response('No valid certificate with this id.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(jwt, {
    headers: {
      'Content-Type': 'application/vc+jwt',
      'Content-Disposition': `attachment; filename="certificate-${code}.jwt"`,
      'Cache-Control': 'no-store',
    },
  })
}
