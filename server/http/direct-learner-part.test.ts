// `syllabus web`'s own answer of the homework page's learner's part (decision 033), over real HTTP and
// PostgreSQL, with session cookies next-auth encodes: a learner's cookie gets only that learner's
// attempts, never stored by a shared cache; a revoked, tampered or foreign cookie gets the visitor's
// answer; whatever it does not answer is left to Next.js untouched.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { setTestClock } from '../../tests/setup/test-clock.ts'
import { revokeSessions } from '../auth/session-revocation.ts'
import { db } from '../db/client.ts'
import { getEnv } from '../env.ts'
import { homeworkLearnerView } from '../learners/homework-learner.ts'
import { createLearner, seedCourseRows, type SeededCourse } from '../submissions/testing/seed-course.ts'
import { answerLearnerPart } from './direct-learner-part.ts'
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS } from './security-headers.ts'

process.env.SYLLABUS_COURSES_DIR = path.dirname(miniCourseDir)

/** The status the test server answers with when the request is left to Next.js. */
const LEFT_TO_NEXT = 599
const PART = '/api/courses/mini/homework/hw1/learner'

let seeded: SeededCourse
let server: http.Server
let base: string

const cookieName = () => (getEnv().NEXTAUTH_URL?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token')
/** A session cookie as next-auth issues it at sign-in (the user's current session version). */
async function sessionCookie(user: { id: string; sessionVersion: number }) {
  const token = await encode({ token: { sub: user.id, sessionVersion: user.sessionVersion }, secret: getEnv().NEXTAUTH_SECRET })
  return `${cookieName()}=${token}`
}

async function get(url: string, init: { cookie?: string; method?: string } = {}) {
  const response = await fetch(`${base}${url}`, { method: init.method ?? 'GET', headers: init.cookie === undefined ? {} : { cookie: init.cookie } })
  return { status: response.status, headers: response.headers, text: await response.text() }
}

async function attempt(userId: string, questionSlug: string, answer: string) {
  return db.submission.create({ data: { userId, questionId: seeded.questionIds[`hw1/${questionSlug}`]!, attempt: (await db.submission.count({ where: { userId } })) + 1, answer } })
}

beforeAll(async () => {
  seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  server = http.createServer((request, response) => {
    void answerLearnerPart(request, response).then((answered) => {
      if (!answered) response.writeHead(LEFT_TO_NEXT).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('the learner’s part answered by the web process itself', () => {
  it('gives each learner only their own attempts, as the route does, never to be stored by a shared cache', async () => {
    setTestClock('2027-01-20T10:00:00Z') // hw1 open
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const other = await createLearner({ enrolIn: seeded.courseId })
    const first = await attempt(learner.id, 'docker-rm-flag', 'x'.repeat(1500)) // the part is then larger than compression's 1 KB threshold
    const own = await attempt(learner.id, 'docker-rm-flag', 'c')
    const others = await attempt(other.id, 'docker-rm-flag', 'a')

    const cookie = `theme=dark; ${await sessionCookie(learner)}`
    const mine = { ...(await get(PART, { cookie })), cookie }
    expect(mine.status).toBe(200)
    expect(JSON.parse(mine.text)).toMatchObject({ signedIn: true, learnerId: learner.id, canAnswer: true, attempts: [{ id: own.id }, { id: first.id }] })
    expect(mine.text).not.toContain(others.id)
    expect(mine.text).not.toContain(other.id)
    // Byte for byte the route handler's body (the same view, serialised as Response.json does).
    expect(mine.text).toBe(JSON.stringify(await homeworkLearnerView({ userId: learner.id, sessionVersion: learner.sessionVersion }, 'mini', 'hw1')))
    expect(mine.headers.get('cache-control')).toBe('private, no-store')
    // Compressed as Next.js's server compresses every response (fetch accepts gzip).
    expect(mine.headers.get('content-encoding')).toBe('gzip')
    expect(mine.headers.get('vary')).toBe('rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding')
    expect(mine.headers.get('set-cookie')).toBeNull()
    expect(mine.headers.get('content-type')).toBe('application/json')
    expect(mine.headers.get('content-security-policy')).toBe(contentSecurityPolicy(null))
    for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) expect(mine.headers.get(name), name).toBe(value)

    const plain = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      http.get(`${base}${PART}`, { headers: { cookie: mine.cookie } }, (response) => {
        let body = ''
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ headers: response.headers, body }))
      }).on('error', reject)
    })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['content-length']).toBe(String(Buffer.byteLength(plain.body)))
    expect(plain.body).toBe(mine.text)

    const theirs = await get(PART, { cookie: await sessionCookie(other) })
    expect(JSON.parse(theirs.text)).toMatchObject({ learnerId: other.id, attempts: [{ id: others.id }] })
    expect(theirs.text).not.toContain(own.id)

    // A cookie next-auth split in chunks (a long token) is read as next-auth reads it.
    const [name, token] = (await sessionCookie(learner)).split('=') as [string, string]
    const chunked = await get(PART, { cookie: `${name}.0=${token.slice(0, 100)}; ${name}.1=${token.slice(100)}` })
    expect(JSON.parse(chunked.text)).toMatchObject({ learnerId: learner.id, attempts: [{ id: own.id }, { id: first.id }] })
  })

  it('answers a revoked, tampered or foreign cookie as a visitor, with nothing of anyone’s', async () => {
    setTestClock('2027-01-20T10:00:00Z')
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const own = await attempt(learner.id, 'docker-rm-flag', 'c')
    const cookie = await sessionCookie(learner)
    expect(JSON.parse((await get(PART, { cookie })).text)).toMatchObject({ signedIn: true, attempts: [{ id: own.id }] })

    const [name, token] = cookie.split('=') as [string, string]
    const parts = token.split('.')
    parts[3] = (parts[3]![0] === 'A' ? 'B' : 'A') + parts[3]!.slice(1)
    const foreign = await encode({ token: { sub: learner.id, sessionVersion: learner.sessionVersion }, secret: `${getEnv().NEXTAUTH_SECRET}-another-site` })
    await revokeSessions(learner.id) // sign-out everywhere: the copied cookie is still well signed
    for (const sent of [cookie, `${name}=${parts.join('.')}`, `${name}=${foreign}`, 'theme=dark', `${name}=`]) {
      const answer = await get(PART, { cookie: sent })
      expect(answer.status, sent).toBe(200)
      expect(JSON.parse(answer.text), sent).toEqual({ signedIn: false, state: 'open' })
      expect(answer.text).not.toContain(own.id)
      // The visitor's answer is the same for every visitor (the page cache keeps it for cookieless requests).
      expect(answer.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=1, stale-while-revalidate=10')
      expect(answer.headers.get('vary')).toBe('rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Cookie, Accept-Encoding')
    }
  })

  it('leaves to Next.js what it does not answer: no cookie, other methods and paths, an unknown homework', async () => {
    const learner = await createLearner({ enrolIn: seeded.courseId })
    const cookie = await sessionCookie(learner)
    expect((await get(PART)).status).toBe(LEFT_TO_NEXT)
    for (const method of ['POST', 'HEAD', 'PUT']) expect((await get(PART, { cookie, method })).status, method).toBe(LEFT_TO_NEXT)
    for (const url of [`${PART}/`, '/api/courses/mini/homework/no-such-homework/learner', '/api/courses/no-such-course/homework/hw1/learner', '/api/courses/mi%6Ei/homework/hw1/learner', '/api/courses/mini/homework/hw1/learner/x', '/api/courses/mini/leaderboard/viewer', '/courses/mini/homework/hw1']) {
      expect((await get(url, { cookie })).status, url).toBe(LEFT_TO_NEXT)
    }
    // A query string does not change the answer (as with the route).
    expect((await get(`${PART}?x=1`, { cookie })).status).toBe(200)
  })
})
