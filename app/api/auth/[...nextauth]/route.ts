import NextAuth from 'next-auth'
import { clientAddress, throttleAuthAttempt } from '@/server/auth/auth-throttle'
import { authOptions } from '@/server/auth/options'
import { mapFailure } from '@/server/http/error-envelope'

type Context = { params: Promise<{ nextauth: string[] }> }

// Options are built per request so that `next build` does not need the runtime environment.
function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions())
}

/** Sign-in with a password is throttled per account and per address before next-auth checks it. */
async function post(request: Request, context: Context) {
  const { nextauth } = await context.params
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await request
      .clone()
      .formData()
      .catch(() => null)
    const email = form?.get('email')
    try {
      await throttleAuthAttempt('sign-in', { email: typeof email === 'string' ? email : '', address: clientAddress(request.headers) })
    } catch (error) {
      const { status, headers, envelope } = mapFailure(error, 'sign-in')
      // next-auth's signIn() reads `url`; its `error` parameter tells the form why.
      const url = new URL('/sign-in?error=RateLimited', request.url).toString()
      return Response.json({ ...envelope, url }, { status, headers })
    }
  }
  return handler(request, context)
}

export { handler as GET, post as POST }
