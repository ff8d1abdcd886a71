import { certificatePdf } from '@/server/certificates/artifacts'

export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }) {
  const { code } = await params
  const pdf = await certificatePdf(code)
  if (!pdf) return new Response('No valid certificate with this id.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="certificate-${code}.pdf"`,
      'Cache-Control': 'no-store',
    },
  })
}
