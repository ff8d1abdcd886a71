import 'server-only'
// next-auth (v4) configuration: email + password always; GitHub when GITHUB_ID/GITHUB_SECRET are set.
// Sessions are JWTs holding only the user id and its session version; the user and role are read
// fresh on every request (server/auth/session.ts), so a role change or a deleted account takes effect
// at once, and signing out revokes every token issued before (server/auth/session-revocation.ts).
import { PrismaAdapter } from '@next-auth/prisma-adapter'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import GitHubProvider from 'next-auth/providers/github'
import { db } from '../db/client.ts'
import { getEnv } from '../env.ts'
import { verifyCredentials } from './accounts.ts'
import { authRedirect } from './safe-redirect.ts'
import { currentSessionVersion, isSessionCurrent, revokeSessions, SESSION_VERSION_CLAIM } from './session-revocation.ts'

export function authOptions(): NextAuthOptions {
  const env = getEnv()
  return {
    secret: env.NEXTAUTH_SECRET,
    // The adapter stores GitHub accounts; its types predate Prisma 7's generated client.
    adapter: PrismaAdapter(db as never),
    session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null
          const user = await verifyCredentials(credentials.email, credentials.password)
          return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null
        },
      }),
      ...(env.GITHUB_ID && env.GITHUB_SECRET
        ? [GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET })]
        : []),
    ],
    callbacks: {
      redirect: authRedirect,
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id
          // For the header's links only; every server check reads the role from the database.
          token.role = (user as { role?: string }).role ?? 'learner'
          token[SESSION_VERSION_CLAIM] = await currentSessionVersion(user.id)
          return token
        }
        // A revoked token becomes an empty one: next-auth answers "no session" and rewrites the
        // cookie without the user, so the browser holding it is signed out as well.
        return (await isSessionCurrent(token)) ? token : {}
      },
      session({ session, token }) {
        if (!token.sub) return { expires: session.expires }
        return { ...session, user: { ...session.user, id: token.sub, role: token.role, [SESSION_VERSION_CLAIM]: token[SESSION_VERSION_CLAIM] } }
      },
    },
    events: {
      // Awaited by next-auth before it clears the cookie; a copied token stops working here.
      async signOut({ token }) {
        if (typeof token?.sub === 'string') await revokeSessions(token.sub)
      },
    },
  }
}
