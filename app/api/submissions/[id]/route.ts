// GET /api/submissions/<id> — the submission's status and latest result, for its owner only
// (anyone else gets 404). The polling fallback of the events stream.
import { NextResponse } from 'next/server'
import { getUser } from '@/server/auth/session'
import { errorResponse, unauthenticatedResponse } from '@/server/submissions/error-responses'
import { getSubmissionForOwner } from '@/server/submissions/read-submission'

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await getUser()
    if (!user) return unauthenticatedResponse()
    const { id } = await params
    const view = await getSubmissionForOwner(id, user.id)
    return NextResponse.json(view, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}
