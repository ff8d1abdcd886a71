import 'server-only'
// next-auth (v4) configuration: email + password always; GitHub when GITHUB_ID/GITHUB_SECRET are set.
// Sessions are JWTs holding only the user id; the user and role are read fresh on every request
// (server/auth/session.ts), so a role change or a deleted account takes effect at once.
import { PrismaAdapter } from '@next-auth/prisma-adapter'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import GitHubProvider from 'next-auth/providers/github'
import { db } from '../db/client.ts'
import { getEnv } from '../env.ts'
import { verifyCredentials } from './accounts.ts'
import { authRedirect } from './safe-redirect.ts'

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
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id
          // For the header's links only; every server check reads the role from the database.
          token.role = (user as { role?: string }).role ?? 'learner'
        }
        return token
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } }
      },
    },
  }
}
