// Streamed CSV exports for course staff: /courses/<slug>/instructor/export/roster|scores|submissions
import { Readable } from 'node:stream'
import { assertCourseStaff } from '@/server/auth/session'
import { exportFileName, exportKinds, streamCsvExport, type ExportKind } from '@/server/cohort/csv-export'
import { getEnv } from '@/server/env'
import { NotFoundError, toPublicError } from '@/server/errors'
import { logger } from '@/server/logger'

export const dynamic = 'force-dynamic'

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; kind: string }> }) {
  const { slug, kind } = await params
  try {
    const staff = await assertCourseStaff(slug, 'export:cohort')
    if (!(exportKinds as readonly string[]).includes(kind)) throw new NotFoundError(`The export "${kind}"`)
    const stream = await streamCsvExport(kind as ExportKind, staff.access.course.id, getEnv().DATABASE_URL)
    logger.info({ staffId: staff.id, courseSlug: slug, kind }, 'cohort export')
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${exportFileName(slug, kind as ExportKind)}"`,
        'Cache-Control': 'no-store',
      },
    })
  } catch (error) {
    const publicError = toPublicError(error)
    if (publicError.status >= 500) logger.error({ err: error }, 'cohort export failed')
    return Response.json({ error: { code: publicError.code, message: publicError.message } }, { status: publicError.status })
  }
}
