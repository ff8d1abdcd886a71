import { requireApiUser } from '@/server/auth/session'
import { dryRunBigQueryPreview } from '@/server/bigquery-preview'
import { AppError } from '@/server/errors'
import { withErrorEnvelope } from '@/server/http/error-envelope'

/** POST { courseSlug, homeworkSlug, questionSlug, sql } → BigQuery's dry-run estimate ("This query will process X when run."). */
export async function POST(request: Request) {
  return withErrorEnvelope('bigquery dry run', async () => {
    const user = await requireApiUser('Your session has ended. Sign in again to estimate queries.')
    const body: unknown = await request.json().catch(() => {
      throw new AppError('bad_request', 'Send the query as a JSON object.')
    })
    return Response.json(await dryRunBigQueryPreview(user.id, body ?? {}))
  })
}
