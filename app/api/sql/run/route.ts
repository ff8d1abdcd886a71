import { requireApiUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { readJsonBody } from '@/server/http/read-json-body'
import { runSqlPreview } from '@/server/sql-preview'

// The query's own cap (64 KiB) is checked after parsing; this stops a huge body before it is read.
const MAX_RUN_BODY_BYTES = 128 * 1024

/** POST { courseSlug, homeworkSlug, questionSlug, sql } → the first rows of the query on the public dataset. */
export async function POST(request: Request) {
  return withErrorEnvelope('sql preview', async () => {
    const user = await requireApiUser('Your session has ended. Sign in again to run queries.')
    const body = await readJsonBody(request, MAX_RUN_BODY_BYTES, 'the query')
    return Response.json(await runSqlPreview(user.id, body))
  })
}
