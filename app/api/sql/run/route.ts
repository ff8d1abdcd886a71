import { requireApiUser } from '@/server/auth/session'
import { AppError } from '@/server/errors'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { runSqlPreview } from '@/server/sql-preview'

/** POST { courseSlug, homeworkSlug, questionSlug, sql } → the first rows of the query on the public dataset. */
export async function POST(request: Request) {
  return withErrorEnvelope('sql preview', async () => {
    const user = await requireApiUser('Your session has ended. Sign in again to run queries.')
    const body: unknown = await request.json().catch(() => {
      throw new AppError('bad_request', 'Send the query as a JSON object.')
    })
    return Response.json(await runSqlPreview(user.id, body ?? {}))
  })
}
