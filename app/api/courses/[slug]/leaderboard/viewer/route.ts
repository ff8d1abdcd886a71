import { getUser } from '@/server/auth/session'
import { LEARNER_PART_HEADERS, VISITOR_PART_HEADERS } from '@/server/http/cache-headers'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { leaderboardViewerView } from '@/server/learners/leaderboard-viewer'

type Context = { params: Promise<{ slug: string }> }

/**
 * The asker's part of the leaderboard page (their rank, own row now, profile): the board itself is the
 * same for everyone and served from a cache. GET only: the proxy does not run for this route
 * (server/http/security-headers.ts).
 */
export async function GET(_request: Request, { params }: Context) {
  return withErrorEnvelope('reading your place on the leaderboard', async () => {
    const { slug } = await params
    const view = await leaderboardViewerView(await getUser(), slug)
    return Response.json(view, { headers: view.signedIn ? LEARNER_PART_HEADERS : VISITOR_PART_HEADERS })
  })
}
