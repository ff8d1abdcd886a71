// The public key(s) that sign this site's Open Badges credentials, for verifying them offline.
import { publishedKeySet } from '@/server/certificates/signing-key'

export const dynamic = 'force-dynamic'

export async function GET() {
  return Response.json(await publishedKeySet(), { headers: { 'Cache-Control': 'public, max-age=3600' } })
}
