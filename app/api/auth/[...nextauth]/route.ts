import NextAuth from 'next-auth'
import { authOptions } from '@/server/auth/options'

type Context = { params: Promise<{ nextauth: string[] }> }

// Options are built per request so that `next build` does not need the runtime environment.
function handler(request: Request, context: Context) {
  return NextAuth(request as never, context as never, authOptions())
}

export { handler as GET, handler as POST }
