import { getUser } from '@/server/auth/session'
import { dryRunBigQueryPreview } from '@/server/bigquery-preview'
import { toPublicError } from '@/server/errors'
import { logger } from '@/server/logger'

/** POST { courseSlug, homeworkId, questionId, sql } → the BigQuery dry-run estimate ("This query will process X when run."). */
export async function POST(request: Request) {
  const user = await getUser()
  if (!user) return Response.json({ message: 'Sign in to estimate queries.' }, { status: 401 })
  try {
    const body = await request.json().catch(() => null)
    return Response.json(await dryRunBigQueryPreview(user.id, body ?? {}))
  } catch (error) {
    const publicError = toPublicError(error)
    if (publicError.status >= 500) logger.error({ err: error }, 'bigquery dry run failed')
    return Response.json(publicError, { status: publicError.status })
  }
}
