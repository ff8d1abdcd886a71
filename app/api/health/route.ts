import { db } from '@/server/db/client'
import { UnavailableError } from '@/server/errors'
import { errorResponse } from '@/server/http/error-envelope'

export const dynamic = 'force-dynamic'

/** Liveness for `npm start` and load balancers: the web process answers and reaches its database. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`
    return Response.json({ ok: true })
  } catch {
    return errorResponse(new UnavailableError('The database is unreachable.', 5), 'health check')
  }
}
