import { db } from '@/server/db/client'

export const dynamic = 'force-dynamic'

/** Liveness for `npm start` and load balancers: the web process answers and reaches its database. */
export async function GET() {
  try {
    await db.$queryRaw`SELECT 1`
    return Response.json({ ok: true })
  } catch {
    return Response.json({ ok: false, reason: 'database unreachable' }, { status: 503 })
  }
}
