import { getUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { homeworkLearnerView } from '@/server/learners/homework-learner'

type Context = { params: Promise<{ slug: string; homework: string }> }

/**
 * The asker's part of the homework page (their enrolment, window, attempts, extras): the page itself is
 * the same for everyone and served from a cache. A visitor gets `{ signedIn: false }`; never cached.
 */
export async function GET(_request: Request, { params }: Context) {
  return withErrorEnvelope('reading your homework', async () => {
    const { slug, homework } = await params
    const view = await homeworkLearnerView(await getUser(), slug, homework)
    return Response.json(view, { headers: { 'Cache-Control': 'private, no-store' } })
  })
}
