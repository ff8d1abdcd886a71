import { getUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { homeworkLearnerView } from '@/server/learners/homework-learner'

type Context = { params: Promise<{ slug: string; homework: string }> }

/** A visitor's answer is the same for every visitor: shared caches may keep it a second, for requests without a cookie. */
const VISITOR_HEADERS = { 'Cache-Control': 'public, max-age=0, s-maxage=1', Vary: 'Cookie' }
const LEARNER_HEADERS = { 'Cache-Control': 'private, no-store' }

/**
 * The asker's part of the homework page (their enrolment, window, attempts, extras): the page itself is
 * the same for everyone and served from a cache. A visitor gets `{ signedIn: false }` and the calendar's
 * state. GET only: the proxy does not run for this route (server/http/security-headers.ts).
 */
export async function GET(_request: Request, { params }: Context) {
  return withErrorEnvelope('reading your homework', async () => {
    const { slug, homework } = await params
    const view = await homeworkLearnerView(await getUser(), slug, homework)
    return Response.json(view, { headers: view.signedIn ? LEARNER_HEADERS : VISITOR_HEADERS })
  })
}
