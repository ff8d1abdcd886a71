import { getUser, requireApiUser } from '@/server/auth/session'
import { withErrorEnvelope } from '@/server/http/error-envelope'
import { enroll, getEnrollment } from '@/server/learners/enrollment'

type Context = { params: Promise<{ slug: string }> }

/** Whether the visitor is signed in and enrolled (for the static course page's button). */
export async function GET(_request: Request, { params }: Context) {
  return withErrorEnvelope('reading an enrolment', async () => {
    const user = await getUser()
    if (!user) return Response.json({ signedIn: false, enrolled: false })
    const enrollment = await getEnrollment(user.id, (await params).slug)
    return Response.json({ signedIn: true, enrolled: Boolean(enrollment) })
  })
}

export async function POST(_request: Request, { params }: Context) {
  return withErrorEnvelope('enrolling', async () => {
    const user = await requireApiUser('Sign in to enrol.')
    await enroll(user.id, (await params).slug)
    return Response.json({ signedIn: true, enrolled: true })
  })
}
