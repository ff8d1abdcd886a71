import { getUser } from '@/server/auth/session'
import { toPublicError } from '@/server/errors'
import { logger } from '@/server/logger'
import { runSqlPreview } from '@/server/sql-preview'

/** POST { courseSlug, homeworkId, questionId, sql } → the first rows of the query on the public dataset. */
export async function POST(request: Request) {
  const user = await getUser()
  if (!user) return Response.json({ message: 'Sign in to run queries.' }, { status: 401 })
  try {
    const body = await request.json().catch(() => null)
    return Response.json(await runSqlPreview(user.id, body ?? {}))
  } catch (error) {
    const publicError = toPublicError(error)
    if (publicError.status >= 500) logger.error({ err: error }, 'sql preview failed')
    return Response.json(publicError, { status: publicError.status })
  }
}
