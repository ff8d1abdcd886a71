import { getSessionClaims } from '@/server/auth/session'
import { LEARNER_PART_HEADERS, VISITOR_PART_HEADERS } from '@/server/http/cache-headers'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { homeworkLearnerView } from '@/server/learners/homework-learner'

type Context = { params: Promise<{ slug: string; homework: string }> }

/**
 * The asker's part of the homework page (their enrolment, window, attempts, extras): the page itself is
 * the same for everyone and served from a cache. A visitor gets `{ signedIn: false }` and the calendar's
 * state. GET only: the proxy does not run for this route (server/http/security-headers.ts).
 */
export async function GET(_request: Request, { params }: Context) {
  return withErrorEnvelope('reading your homework', async () => {
    const { slug, homework } = await params
    // The session's version is checked in the statement that reads the learner's rows (no separate user read).
    const view = await homeworkLearnerView(await getSessionClaims(), slug, homework)
    return Response.json(view, { headers: view.signedIn ? LEARNER_PART_HEADERS : VISITOR_PART_HEADERS })
  })
}
