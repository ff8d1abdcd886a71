// A learner's session token copied (a shared computer, a leaked cookie) used to keep working for 30
// days after sign-out: next-auth's JWTs are checked by signature only. These cases drive next-auth's
// own request handler (what /api/auth/* and every getServerSession call run) with the real options
// and a real PostgreSQL: sign in with a password, copy the cookie, sign out, replay the copy.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import NextAuth from 'next-auth'
import { beforeAll, describe, expect, it } from 'vitest'
import { miniCourseDir } from '../../../course/fixture-copy.ts'
import { loadCourse } from '../../../course/load.ts'
import { createAccount } from '../../../server/auth/accounts.ts'
import { authOptions } from '../../../server/auth/options.ts'
import { userOfSession } from '../../../server/auth/session.ts'
import { decodeSessionToken } from '../../../server/auth/session-token.ts'
import { answerLearnerPart } from '../../../server/http/direct-learner-part.ts'
import { db } from '../../../server/db/client.ts'
import { getEnv } from '../../../server/env.ts'
import { homeworkLearnerView } from '../../../server/learners/homework-learner.ts'
import { seedCourseRows } from '../../../server/submissions/testing/seed-course.ts'
import { setTestClock } from '../../setup/test-clock.ts'

const SITE = 'http://localhost:3000'
const PASSWORD = 'a long learner password'
const SESSION_COOKIE = 'next-auth.session-token'
process.env.NEXTAUTH_URL ??= SITE

type Jar = Record<string, string>

/**
 * One request to next-auth's handler (the pages-style entry, which a test can call without a Next.js
 * request scope; the app's route handler runs the same core). The cookies it sets land in the jar.
 */
async function auth(jar: Jar, action: string, init: { method?: 'GET' | 'POST'; providerId?: string; body?: Record<string, string> } = {}) {
  const setCookies: string[] = []
  let body: unknown
  const response = {
    status: () => response,
    getHeader: (name: string) => (name.toLowerCase() === 'set-cookie' ? [...setCookies] : undefined),
    setHeader(name: string, value: string | string[]) {
      if (name.toLowerCase() === 'set-cookie') setCookies.splice(0, setCookies.length, ...[value].flat())
      return response
    },
    send: (sent: unknown) => void (body = sent),
    json: (sent: unknown) => void (body = sent),
    end: () => undefined,
  }
  const request = {
    method: init.method ?? 'GET',
    query: { nextauth: [action, ...(init.providerId ? [init.providerId] : [])] },
    body: init.body ?? {},
    cookies: { ...jar },
    headers: { host: new URL(SITE).host, 'content-type': 'application/json' },
  }
  await NextAuth(request as never, response as never, authOptions())
  for (const header of setCookies) {
    const [pair = ''] = header.split(';')
    const name = pair.slice(0, pair.indexOf('='))
    const value = decodeURIComponent(pair.slice(pair.indexOf('=') + 1))
    if (value === '' || /max-age=0(;|$)/i.test(header)) delete jar[name]
    else jar[name] = value
  }
  return { body }
}

async function signIn(email: string): Promise<Jar> {
  const jar: Jar = {}
  const csrf = await auth(jar, 'csrf')
  const { csrfToken } = csrf.body as { csrfToken: string }
  await auth(jar, 'callback', { method: 'POST', providerId: 'credentials', body: { csrfToken, email, password: PASSWORD, json: 'true' } })
  expect(jar[SESSION_COOKIE], 'signing in sets a session cookie').toBeTruthy()
  return jar
}

async function signOut(jar: Jar) {
  const { csrfToken } = (await auth(jar, 'csrf')).body as { csrfToken: string }
  await auth(jar, 'signout', { method: 'POST', body: { csrfToken } })
}

/** What the API guards and the pages get for these cookies: the user, or null (401 / sign-in page). */
async function guardedUser(jar: Jar) {
  const session = (await auth(jar, 'session')).body as { user?: unknown }
  return userOfSession(session?.user ? (session as never) : null)
}

describe('sign-out revokes the session server-side', () => {
  let email: string
  beforeAll(async () => {
    email = `copied-${Date.now()}@example.com`
    await createAccount({ name: 'Copied', email, password: PASSWORD })
  })

  it('a copied session cookie stops working once its owner signs out', async () => {
    const browser = await signIn(email)
    const copy = { [SESSION_COOKIE]: browser[SESSION_COOKIE]! }
    expect((await guardedUser(copy))?.email).toBe(email)

    await signOut(browser)
    expect(browser[SESSION_COOKIE]).toBeUndefined()

    // The copy is still a well-signed, unexpired JWT; next-auth now answers "no session" and
    // rewrites the cookie without a user, and the guard refuses it.
    const replay = await auth(copy, 'session')
    expect(replay.body).not.toHaveProperty('user')
    expect(await guardedUser({ [SESSION_COOKIE]: browser[SESSION_COOKIE] ?? '' })).toBeNull()
    expect(await guardedUser(copy)).toBeNull()
  })

  it('the guard alone refuses a session of an older version (a token that got past next-auth)', async () => {
    const jar = await signIn(email)
    const session = (await auth(jar, 'session')).body as never
    expect(await userOfSession(session)).not.toBeNull()
    await db.user.update({ where: { email }, data: { sessionVersion: { increment: 1 } } })
    expect(await userOfSession(session)).toBeNull()
  })

  it('signing in again after sign-out works, and the new session is current', async () => {
    const first = await signIn(email)
    await signOut(first)
    const second = await signIn(email)
    expect((await guardedUser(second))?.email).toBe(email)
  })

  it('a token without a session version (issued before this check) is refused', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    expect(await userOfSession({ user: { id: user.id }, expires: '' } as never)).toBeNull()
  })

  it('the homework page’s learner’s part (which checks the version in its own statement) refuses the copy after sign-out', async () => {
    process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)
    const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
    setTestClock('2027-01-20T10:00:00Z') // hw1 open
    const user = await db.user.findUniqueOrThrow({ where: { email } })
    await db.enrollment.upsert({ where: { userId_courseId: { userId: user.id, courseId: seeded.courseId } }, create: { userId: user.id, courseId: seeded.courseId }, update: {} })
    const own = await db.submission.create({ data: { userId: user.id, questionId: seeded.questionIds['hw1/docker-rm-flag']!, attempt: 1, answer: 'c' } })
    /** What the route reads from a cookie: next-auth's token, decoded as getSessionClaims does. */
    const claimsOf = async (jar: Jar) => {
      const token = await decodeSessionToken({ token: jar[SESSION_COOKIE], secret: getEnv().NEXTAUTH_SECRET })
      return { userId: token!.sub!, sessionVersion: token!.sessionVersion as number }
    }
    const browser = await signIn(email)
    const copy = await claimsOf({ [SESSION_COOKIE]: browser[SESSION_COOKIE]! })
    expect(await homeworkLearnerView(copy, 'mini', 'hw1')).toMatchObject({ signedIn: true, learnerId: user.id, attempts: [{ id: own.id }] })

    // The same part as `syllabus web` answers it outside Next.js (decision 033), from the copied cookie itself.
    const server = http.createServer((request, response) => void answerLearnerPart(request, response).then((answered) => answered || response.writeHead(599).end()))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const direct = async () => {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/courses/mini/homework/hw1/learner`, { headers: { cookie: `${SESSION_COOKIE}=${browser[SESSION_COOKIE]}` } })
      return { cacheControl: response.headers.get('cache-control'), body: await response.text() }
    }
    const copiedCookie = browser[SESSION_COOKIE]!
    try {
      const before = await direct()
      expect(before.body).toContain(own.id)
      expect(before.cacheControl).toBe('private, no-store')

      await signOut(browser)
      const replay = await homeworkLearnerView(copy, 'mini', 'hw1')
      expect(replay).toEqual({ signedIn: false, state: 'open' })
      expect(JSON.stringify(replay)).not.toContain(own.id)
      browser[SESSION_COOKIE] = copiedCookie
      const after = await direct()
      expect(JSON.parse(after.body)).toEqual({ signedIn: false, state: 'open' })
      expect(after.body).not.toContain(own.id)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
