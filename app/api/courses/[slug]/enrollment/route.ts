import { getUser } from '@/server/auth/session'
import { toPublicError } from '@/server/errors'
import { enroll, getEnrollment } from '@/server/learners/enrollment'

type Context = { params: Promise<{ slug: string }> }

/** Whether the visitor is signed in and enrolled (for the static course page's button). */
export async function GET(_request: Request, { params }: Context) {
  const user = await getUser()
  if (!user) return Response.json({ signedIn: false, enrolled: false })
  const enrollment = await getEnrollment(user.id, (await params).slug)
  return Response.json({ signedIn: true, enrolled: Boolean(enrollment) })
}

export async function POST(_request: Request, { params }: Context) {
  const user = await getUser()
  if (!user) return Response.json({ message: 'Sign in to enrol.' }, { status: 401 })
  try {
    await enroll(user.id, (await params).slug)
    return Response.json({ signedIn: true, enrolled: true })
  } catch (error) {
    const publicError = toPublicError(error)
    return Response.json(publicError, { status: publicError.status })
  }
}
