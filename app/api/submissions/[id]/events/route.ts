// GET /api/submissions/<id>/events — Server-Sent Events for the submission's owner:
// `queued` → `running` → `graded` | `failed` (data: the submission view), a heartbeat every 15 s,
// closed after the final event. Clients may fall back to polling GET /api/submissions/<id>.
import { requireApiUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { submissionEventStream } from '@/server/submissions/live-status'

export const runtime = 'nodejs'

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withErrorEnvelope('streaming submission events', async () => {
    const user = await requireApiUser()
    const { id } = await params
    const stream = await submissionEventStream(id, user.id, { signal: request.signal })
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        // Proxies such as nginx would otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      },
    })
  })
}
