// The web findings of issue 12, each as an attack a learner (or a page on another site) would make,
// against the real functions, the real proxy and a real PostgreSQL. Every case failed on the code
// before the fix: the redirect left the site, text/plain cross-site posts reached the handlers, NUL
// bytes and lone surrogates were 500s, a reused Idempotency-Key returned another answer's submission,
// choice questions took unlimited attempts with instant verdicts, sign-in was never throttled, and Run
// served learners who were not enrolled, any number at once. The browser cases (drafts across users,
// the redirect after a real sign-in, CSP nonces on rendered pages) are in browser.spec.ts.
import path from 'node:path'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { copyFixtureCourse, type FixtureCopy, repositoryCoursesDir } from '../../../course/fixture-copy.ts'
import { loadCourse, type LoadedCourse } from '../../../course/load.ts'
import { defaultEngines, type EngineRegistry, quizEngine } from '../../../graders/engines.ts'
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server'
import nextConfig from '../../../next.config.ts'
import { config as proxyConfig, proxy } from '../../../proxy.ts'
import { authRedirect, safeRedirect } from '../../../server/auth/safe-redirect.ts'
import { AUTH_RATE_LIMITS, authRateLimits, throttleAuthAttempt } from '../../../server/auth/auth-throttle.ts'
import { db } from '../../../server/db/client.ts'
import { toPublicError } from '../../../server/errors.ts'
import { stopGradingQueue } from '../../../server/grading/job-sender.ts'
import { startGradingWorker, type GradingWorker } from '../../../server/grading/worker.ts'
import { readJsonBody } from '../../../server/http/read-json-body.ts'
import { MAX_SERVER_ACTION_BODY_BYTES } from '../../../server/http/request-guards.ts'
import { learnerCertification } from '../../../server/certificates/certificates.ts'
import { learnerDashboard } from '../../../server/learners/dashboard.ts'
import { leaderboard } from '../../../server/learners/leaderboard.ts'
import { visiblePoints, withheldHomeworkSlugs } from '../../../server/scores/withheld-scores.ts'
import { runSqlPreview } from '../../../server/sql-preview.ts'
import { closeGradingRunListener } from '../../../server/submissions/live-status.ts'
import { getSubmissionForOwner } from '../../../server/submissions/read-submission.ts'
import { submitAnswer } from '../../../server/submissions/submit-answer.ts'
import { createLearner, seedCourseRows } from '../../../server/submissions/testing/seed-course.ts'
import { waitFor } from '../../../server/submissions/testing/wait-for.ts'
import { DEFAULT_TEST_NOW, setTestClock } from '../../setup/test-clock.ts'

const SITE = 'http://localhost:3000'
const noLimit = { capacity: 1_000, refillPerSecond: 1_000 }

/** Status of what a call threw (the one mapper the route handlers use), or 'ok'. */
async function statusOf(call: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await call
    return 'ok'
  } catch (error) {
    return toPublicError(error).status
  }
}

function request(pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new NextRequest(new URL(pathname, SITE), { method: init.method ?? 'GET', headers: init.headers, body: init.body })
}

describe('redirects stay on the site', () => {
  it.each(['/\t/evil.example', '/%09/evil.example'.replace('%09', '\t'), '/\n/evil.example', '//evil.example', '/\\evil.example', 'https://evil.example'])(
    'after sign-in: %j goes home',
    (target) => {
      expect(safeRedirect(target)).toBe('/me')
    },
  )

  it.each(['/\t/evil.example', 'https://evil.example/x', '//evil.example', 'http://[', `${SITE}@evil.example/`])(
    'next-auth callbackUrl %j: the site, never a throw',
    (url) => {
      expect(authRedirect({ url, baseUrl: SITE })).toBe(SITE)
    },
  )
})

describe('proxy: headers and state-changing requests', () => {
  it('sets a CSP with a fresh nonce and the other security headers on a page', () => {
    const first = proxy(request('/me'))
    const second = proxy(request('/me'))
    const policy = first.headers.get('content-security-policy')!
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/)
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).not.toBe(second.headers.get('content-security-policy'))
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(first.headers.get('permissions-policy')).toContain('camera=()')
  })

  it('gives prerendered course pages a policy without a nonce (they cannot carry one), still framing-proof', () => {
    const policy = proxy(request('/courses/data-engineering-zoomcamp/weeks/01-introduction')).headers.get('content-security-policy')!
    expect(policy).not.toContain('nonce-')
    expect(policy).toContain("frame-ancestors 'none'")
  })

  it('skips the cached content pages (their headers come from next.config), never an action posted to them or any other page', async () => {
    const runs = (url: string, headers: Record<string, string> = {}) => unstable_doesMiddlewareMatch({ config: proxyConfig, url, headers })
    const course = '/courses/data-engineering-zoomcamp'
    const contentPages = ['/', '/catalog/now', `${course}/leaderboard`, `${course}/leaderboard/2`, course, `${course}/weeks/01-introduction`, `${course}/weeks/01-introduction/docker-basics`, `${course}/homework/hw1`]
    for (const page of contentPages) {
      expect(runs(page), page).toBe(false)
      expect(runs(page, { 'next-action': 'abc' }), `action on ${page}`).toBe(true)
    }
    // The homework page's learner's part (GET only) is skipped too; every other route handler is not.
    expect(runs(`/api${course}/homework/hw1/learner`)).toBe(false)
    expect(runs(`/api${course}/leaderboard/viewer`)).toBe(false)
    for (const route of ['/api/submissions', '/api/submissions/abc', '/api/submissions/abc/events', `/api${course}/enrollment`, '/api/sql/run', `/api${course}/homework/hw1/learner/x`]) {
      expect(runs(route), route).toBe(true)
    }
    // Safe only while it stays read-only: Next.js answers any other method with a 405 before the handler.
    for (const route of [await import('../../../app/api/courses/[slug]/homework/[homework]/learner/route.ts'), await import('../../../app/api/courses/[slug]/leaderboard/viewer/route.ts')]) {
      expect(Object.keys(route).filter((name) => /^[A-Z]+$/.test(name))).toEqual(['GET'])
    }
    for (const page of ['/me', '/sign-in', '/verify/abc', '/catalogue', '/catalog/now/x', '/admin', '/api/submissions', `${course}/dashboard`, `${course}/leaderboard/2/x`, `${course}/homework/hw1/statistics`, `${course}/project`, `${course}/instructor`]) {
      expect(runs(page), page).toBe(true)
    }
    // Every page the proxy skips still gets the nonce-less CSP and the other security headers, from next.config.
    const rules = await nextConfig.headers!()
    // The rules' sources are plain `:name` segments: one path segment each.
    const matches = (source: string, page: string) => new RegExp(`^${source.replace(/:[a-z]+/g, '[^/]+')}$`).test(page)
    for (const page of [...contentPages, `/api${course}/homework/hw1/learner`, `/api${course}/leaderboard/viewer`]) {
      const headers = rules.filter((rule) => matches(rule.source, page)).flatMap((rule) => rule.headers)
      expect(headers.find((header) => header.key === 'Content-Security-Policy')?.value, page).toContain("frame-ancestors 'none'")
      expect(headers.find((header) => header.key === 'Content-Security-Policy')?.value, page).not.toContain('nonce-')
      expect(headers.find((header) => header.key === 'X-Frame-Options')?.value, page).toBe('DENY')
    }
  })

  it('gives homework pages (the same for everyone, served from a cache) the nonce-less policy, but not their statistics', () => {
    const page = '/courses/data-engineering-zoomcamp/homework/hw1'
    expect(proxy(request(page, { headers: { cookie: 'next-auth.session-token=x' } })).headers.get('content-security-policy')).not.toContain('nonce-')
    expect(proxy(request(`${page}/statistics`)).headers.get('content-security-policy')).toMatch(/'nonce-/)
  })

  it('refuses a cross-site post (403) and a text/plain post (415) to a route handler', async () => {
    const body = JSON.stringify({ courseSlug: 'x', homeworkSlug: 'hw1', questionSlug: 'q', answer: 'a' })
    const foreign = proxy(request('/api/submissions', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json', 'content-length': String(body.length) }, body }))
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } })
    const plain = proxy(request('/api/submissions', { method: 'POST', headers: { origin: SITE, 'content-type': 'text/plain', 'content-length': String(body.length) }, body }))
    expect(plain.status).toBe(415)
    const json = proxy(request('/api/submissions', { method: 'POST', headers: { origin: SITE, 'content-type': 'application/json', 'content-length': String(body.length) }, body }))
    expect(json.headers.get('x-middleware-next')).toBe('1')
  })

  it('refuses a server action from another origin (403) and one over 1 MB (413), before Next.js fails with a 500', () => {
    const foreign = proxy(request('/sign-up', { method: 'POST', headers: { 'next-action': 'abc', origin: 'https://evil.example' }, body: 'x' }))
    expect(foreign.status).toBe(403)
    const huge = proxy(request('/sign-up', { method: 'POST', headers: { 'next-action': 'abc', origin: SITE, 'content-length': String(MAX_SERVER_ACTION_BODY_BYTES + 1) } }))
    expect(huge.status).toBe(413)
  })
})

describe('request bodies', () => {
  const body = (text: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    new Request(`${SITE}/api/submissions`, { method: 'POST', headers, body: text })

  it.each([
    ['a NUL byte', '{"answer":"SELECT 1\\u0000"}', 422],
    ['a lone surrogate', '{"answer":"\\ud800"}', 422],
    ['a lone surrogate in a key', '{"\\udc00":"a"}', 422],
    ['not JSON', 'answer=1', 400],
  ])('%s is a 4xx', async (_name, text, status) => {
    expect(await statusOf(readJsonBody(body(text), 64 * 1024))).toBe(status)
  })

  it('an oversize body without Content-Length is a 413 (read with a cap)', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(`{"a":"${'x'.repeat(64 * 1024)}`))
      },
    })
    const chunked = new Request(`${SITE}/api/submissions`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(await statusOf(readJsonBody(chunked, 128 * 1024))).toBe(413)
  })
})

describe('submitting', () => {
  let course: FixtureCopy
  let courseId: string
  let loaded: LoadedCourse
  let worker: GradingWorker
  const engines: EngineRegistry = { ...defaultEngines(() => Promise.reject(new Error('no grading cluster here'))), quiz: quizEngine }

  beforeAll(async () => {
    // The mini course with the defaults: no max_attempts, verdicts after the deadline.
    course = await copyFixtureCourse()
    await course.edit('weeks/01-containers/homework.yaml', /\nmax_attempts: 10\n/, '\nfeedback: after_deadline\n')
    process.env.SYLLABUS_COURSES_DIR = path.dirname(course.dir)
    loaded = await loadCourse(course.dir)
    courseId = (await seedCourseRows(loaded)).courseId
    worker = await startGradingWorker({ databaseUrl: process.env.DATABASE_URL!, engines, pollingIntervalSeconds: 0.5, superviseIntervalSeconds: 1 })
  })

  afterAll(async () => {
    await worker?.stop({ timeoutMs: 5_000 })
    await stopGradingQueue()
    await closeGradingRunListener()
  })

  const beforeDeadline = new Date('2027-01-20T12:00:00Z')
  const submit = (userId: string, fields: Record<string, unknown>) =>
    submitAnswer({ userId, courseSlug: 'mini', homeworkSlug: 'hw1', questionSlug: 'postgres-port', answer: 5432, ...fields } as never, {
      rateLimit: noLimit,
      now: beforeDeadline,
    })

  it('refuses NUL and lone surrogates in an answer with 422, an unknown course with 404', async () => {
    const learner = await createLearner({ enrolIn: courseId })
    expect(await statusOf(submit(learner.id, { questionSlug: 'postgres-cli-client', answer: 'psql\u0000' }))).toBe(422)
    expect(await statusOf(submit(learner.id, { questionSlug: 'postgres-cli-client', answer: 'psql\ud800' }))).toBe(422)
    expect(await statusOf(submit(learner.id, { courseSlug: 'no-such-course' }))).toBe(404)
  })

  it('binds an Idempotency-Key to its answer: a different answer is 422, concurrent duplicates get one submission', async () => {
    const learner = await createLearner({ enrolIn: courseId })
    const key = 'key-0123456789'
    const [first, second] = await Promise.all([submit(learner.id, { idempotencyKey: key }), submit(learner.id, { idempotencyKey: key })])
    expect(second.submissionId).toBe(first.submissionId)
    expect(await statusOf(submit(learner.id, { idempotencyKey: key, answer: 5433 }))).toBe(422)
    expect(await db.submission.count({ where: { userId: learner.id } })).toBe(1)
  })

  it('allows one attempt at a choice question by default, and withholds the verdict until the deadline', async () => {
    const learner = await createLearner({ enrolIn: courseId })
    const guess = await submit(learner.id, { questionSlug: 'docker-rm-flag', answer: 'a' })
    const again = submit(learner.id, { questionSlug: 'docker-rm-flag', answer: 'c' })
    await expect(again).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining('attempt') })
    await waitFor(async () => (await getSubmissionForOwner(guess.submissionId, learner.id, beforeDeadline)).status === 'graded')
    const before = await getSubmissionForOwner(guess.submissionId, learner.id, beforeDeadline)
    expect(before.run).toMatchObject({ verdict: null, score: null, points: null, checks: [] })
    expect(before.feedbackWithheldUntil).not.toBeNull()
    const after = await getSubmissionForOwner(guess.submissionId, learner.id, new Date('2027-03-01T00:00:00Z'))
    expect(after.run?.verdict).toBe('incorrect')
  })

  it('shows no points for a homework scored after the deadline: not on the dashboard, not on the leaderboard', async () => {
    const learner = await createLearner({ enrolIn: courseId })
    const right = await submit(learner.id, { answer: 5432 })
    await waitFor(async () => (await db.homeworkScore.count({ where: { userId: learner.id, points: { gt: 0 } } })) === 1)
    const afterDeadline = new Date('2027-03-01T00:00:00Z')
    expect((await getSubmissionForOwner(right.submissionId, learner.id, beforeDeadline)).run).toMatchObject({ verdict: null, points: null })

    const dashboard = await learnerDashboard(learner.id, loaded, beforeDeadline)
    expect(dashboard.weeks.find((week) => week.homework?.slug === 'hw1')?.homework?.points).toBeNull()
    expect(dashboard.homeworkPoints).toBe(0)
    const enrollment = await db.enrollment.findFirstOrThrow({ where: { userId: learner.id } })
    expect(enrollment.points, 'the stored total is complete').toBeGreaterThan(0)
    expect(visiblePoints(enrollment, dashboard.withheldPoints)).toMatchObject({ points: 0, homeworkPoints: 0 })

    const before = await leaderboard(courseId, 1, learner.id, withheldHomeworkSlugs(loaded, beforeDeadline))
    expect(before.viewer?.points).toBe(0)
    const row = before.rows.find((entry) => entry.isViewer)
    expect(row).toMatchObject({ points: 0, homeworkPoints: 0, byHomework: {} })
    expect(before.homework.find((entry) => entry.slug === 'hw1')?.withheld).toBe(true)

    // The certificate card's "earn N more homework points" is a learner's with no points yet.
    const homeworkRequirement = async (userId: string, now: Date) =>
      (await learnerCertification(userId, loaded, null, now))?.eligibility?.requirements.find((requirement) => requirement.id === 'homework')
    const newcomer = await createLearner({ enrolIn: courseId })
    expect(await homeworkRequirement(learner.id, beforeDeadline)).toEqual(await homeworkRequirement(newcomer.id, beforeDeadline))

    // Once submissions close, the same reads show the points.
    expect(withheldHomeworkSlugs(loaded, afterDeadline)).toEqual([])
    // Without an explicit instant (the leaderboard page) it is the course calendar's now, which the test clock moves.
    setTestClock(beforeDeadline.toISOString())
    expect(withheldHomeworkSlugs(loaded)).toContain('hw1')
    setTestClock(afterDeadline.toISOString())
    expect(withheldHomeworkSlugs(loaded)).toEqual([])
    setTestClock(DEFAULT_TEST_NOW)
    const shown = await learnerDashboard(learner.id, loaded, afterDeadline)
    expect(shown.weeks.find((week) => week.homework?.slug === 'hw1')?.homework?.points).toBeGreaterThan(0)
    expect((await leaderboard(courseId, 1, learner.id, withheldHomeworkSlugs(loaded, afterDeadline))).viewer?.points).toBe(enrollment.points)
    expect(await homeworkRequirement(learner.id, afterDeadline)).not.toEqual(await homeworkRequirement(newcomer.id, afterDeadline))
  })
})

describe('sign-in and sign-up are throttled per account and per address', () => {
  it('refuses the sixth quick sign-in on one account with 429 and a Retry-After', async () => {
    const tries = []
    for (let index = 0; index < 6; index += 1) {
      tries.push(await statusOf(throttleAuthAttempt('sign-in', { email: 'victim@example.com', address: `10.0.0.${index}` })))
    }
    expect(tries).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 429])
    const error = await throttleAuthAttempt('sign-in', { email: 'victim@example.com', address: '10.0.1.1' }).catch((caught: unknown) => caught)
    expect(toPublicError(error).retryAfterSeconds).toBeGreaterThan(1)
  })

  it('refuses many accounts tried from one address', async () => {
    const { capacity } = AUTH_RATE_LIMITS['sign-in'].perAddress
    const statuses = []
    for (let index = 0; index <= capacity; index += 1) {
      statuses.push(await statusOf(throttleAuthAttempt('sign-in', { email: `user${index}@example.com`, address: '192.0.2.7' })))
    }
    expect(statuses.at(-1)).toBe(429)
    expect(statuses.slice(0, -1).every((status) => status === 'ok')).toBe(true)
  })

  it('throttles sign-ups from one address', async () => {
    const { capacity } = AUTH_RATE_LIMITS['sign-up'].perAddress
    const statuses = []
    for (let index = 0; index <= capacity; index += 1) {
      statuses.push(await statusOf(throttleAuthAttempt('sign-up', { email: `new${index}@example.com`, address: '198.51.100.9' })))
    }
    expect(statuses.at(-1)).toBe(429)
  })

  it('lets an operator raise the per-address burst for a classroom behind one NAT, not the per-account limit', async () => {
    const limits = authRateLimits(40)
    expect(limits['sign-in'].perAddress.capacity).toBe(40)
    expect(limits['sign-up'].perAddress.capacity).toBe(40)
    expect(limits['sign-in'].perAccount).toEqual(AUTH_RATE_LIMITS['sign-in'].perAccount)
    const statuses = []
    for (let index = 0; index <= 40; index += 1) {
      statuses.push(await statusOf(throttleAuthAttempt('sign-in', { email: `pupil${index}@example.com`, address: '203.0.113.40' }, limits['sign-in'])))
    }
    expect(statuses.slice(0, 40).every((status) => status === 'ok')).toBe(true)
    expect(statuses.at(-1)).toBe(429)
  })
})

// Across web processes: sql-run-limits.test.ts.
describe('Run (/api/sql/run)', () => {
  const question = { courseSlug: 'data-engineering-zoomcamp', homeworkSlug: 'hw1', questionSlug: 'trips-on-day' }
  let zoomcampId: string

  beforeAll(async () => {
    process.env.GRADING_DATABASE_URL = inject('gradingAdminUrl')
    process.env.SYLLABUS_COURSES_DIR = repositoryCoursesDir
    zoomcampId = (await seedCourseRows(await loadCourse(path.join(repositoryCoursesDir, question.courseSlug)))).courseId
    // The first Run opens the preview environment (loads the public data); the cases below time Runs.
    await runSqlPreview((await createLearner({ enrolIn: zoomcampId })).id, { ...question, sql: 'SELECT 1' })
  }, 300_000)

  it('is refused (403) to a learner who is not enrolled', async () => {
    const stranger = await createLearner()
    expect(await statusOf(runSqlPreview(stranger.id, { ...question, sql: 'SELECT 1' }))).toBe(403)
  })

  it('runs one query per learner at a time, and answers 503 with Retry-After when the pool is full', async () => {
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => createLearner({ enrolIn: zoomcampId })))
    // Long enough to outlast the checks below on a loaded machine, which start once both Runs are in.
    // Runs until the statement timeout (5 s); sleeping is refused (decision 040), so it computes.
    const slow = { ...question, sql: 'SELECT count(*) FROM generate_series(1, 100000) AS a, generate_series(1, 100000) AS b' }
    const running = [runSqlPreview(first!.id, slow), runSqlPreview(second!.id, slow)]
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(await statusOf(runSqlPreview(first!.id, { ...question, sql: 'SELECT 1' }))).toBe(429)
    const busy = await runSqlPreview(third!.id, { ...question, sql: 'SELECT 1' }).catch((error: unknown) => error)
    expect(toPublicError(busy)).toMatchObject({ status: 503, retryAfterSeconds: expect.any(Number) })
    await Promise.all(running)
    expect(await statusOf(runSqlPreview(third!.id, { ...question, sql: 'SELECT 1' }))).toBe('ok')
  })
})
