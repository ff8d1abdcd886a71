// Streamed CSV exports for course staff: /courses/<slug>/instructor/export/roster|scores|submissions
import { Readable } from 'node:stream'
import { requireApiCourseStaff } from '@/server/auth/session'
import { exportFileName, exportKinds, streamCsvExport, type ExportKind } from '@/server/cohort/csv-export'
import { getEnv } from '@/server/env'
import { NotFoundError } from '@/server/errors'
import { errorResponse } from '@/server/http/error-envelope'
import { logger } from '@/server/logger'

export const dynamic = 'force-dynamic'

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; kind: string }> }) {
  const { slug, kind } = await params
  try {
    const staff = await requireApiCourseStaff(slug, 'export:cohort')
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
    return errorResponse(error, 'cohort export')
  }
}
