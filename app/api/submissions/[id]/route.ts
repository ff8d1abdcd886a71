// GET /api/submissions/<id> — the submission's status and latest result, for its owner only
// (anyone else gets 404). The polling fallback of the events stream.
import { NextResponse } from 'next/server'
import { requireApiUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { getSubmissionForOwner } from '@/server/submissions/read-submission'

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withErrorEnvelope('reading a submission', async () => {
    const user = await requireApiUser()
    const { id } = await params
    const view = await getSubmissionForOwner(id, user.id)
    return NextResponse.json(view, { headers: { 'Cache-Control': 'no-store' } })
  })
}
