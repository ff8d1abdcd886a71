// What a learner reads when the server refuses an answer: each refusal shows the server's own
// message from the error envelope, not a generic "could not be submitted". The server is the real
// `npm start` build; nothing is intercepted.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { resetServerClock, setServerClock } from './support/server-clock.ts'

const COURSE = 'data-engineering-zoomcamp'
// The folder the server reads courses from (the course reader's root; the repository default otherwise).
const COURSES_ROOT = process.env.SYLLABUS_COURSES_DIR ?? (existsSync('courses') ? 'courses' : 'course')

async function signUp(page: Page, name: string) {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`
  await page.goto(`/sign-up?redirectTo=/courses/${COURSE}`)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('a long learner password')
  await page.getByRole('button', { name: 'Create account' }).click()
  // (The sign-up URL itself ends with the course path, in its redirectTo.)
  await expect(page).toHaveURL((url) => url.pathname === `/courses/${COURSE}`)
}

async function enrol(page: Page, slug: string) {
  const status = await page.evaluate(async (courseSlug) => (await fetch(`/api/courses/${courseSlug}/enrollment`, { method: 'POST' })).status, slug)
  expect(status).toBe(200)
}

test('signed out in another tab: the answer is refused with a link to sign in again', async ({ page, context }) => {
  await signUp(page, 'Tab')
  await enrol(page, COURSE)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const quiz = page.getByTestId('question-docker-rm-flag')
  await quiz.getByRole('radio', { name: '--rm', exact: true }).check()

  const otherTab = await context.newPage()
  await otherTab.goto('/me')
  await otherTab.getByRole('button', { name: 'Sign out' }).click()
  await expect(otherTab.getByRole('link', { name: 'Sign in' }).first()).toBeVisible()
  await otherTab.close()
  await page.bringToFront() // a background tab does not paint, and a click waits for a stable frame

  await quiz.getByRole('button', { name: 'Submit' }).click()
  const refusal = quiz.getByTestId('api-error')
  await expect(refusal).toContainText('Your session has ended. Sign in again to submit answers.')
  const signIn = refusal.getByRole('link', { name: 'Sign in again' })
  await expect(signIn).toHaveAttribute('href', `/sign-in?redirectTo=${encodeURIComponent(`/courses/${COURSE}/homework/hw1`)}`)
})

test('submitting too fast: the answer is refused with a live countdown', async ({ page }) => {
  await signUp(page, 'Fast')
  await enrol(page, COURSE)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  // The learner's part of the page has arrived (no attempt yet) before the bucket is used up behind its back.
  const quiz = page.getByTestId('question-docker-rm-flag')
  await expect(quiz.getByRole('button', { name: 'Submit', exact: true })).toBeVisible()
  // Use up the submit bucket (5 answers, one more every 10 s) with real submissions.
  const statuses = await page.evaluate(async () => {
    const seen: number[] = []
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ courseSlug: 'data-engineering-zoomcamp', homeworkSlug: 'hw1', questionSlug: 'docker-rm-flag', answer: 'a' }),
      })
      seen.push(response.status)
    }
    return seen
  })
  expect(statuses.at(-1)).toBe(429)

  await quiz.getByRole('radio', { name: '--rm', exact: true }).check()
  await quiz.getByRole('button', { name: /^Submit/ }).click()
  const refusal = quiz.getByTestId('api-error')
  await expect(refusal).toContainText('You are submitting very quickly.')
  const countdown = refusal.getByTestId('retry-countdown')
  await expect(countdown).toHaveText(/^You can try again in \d+ s\.$/)
  const first = Number((await countdown.textContent())!.match(/\d+/)![0])
  expect(first).toBeGreaterThan(1)
  await expect(countdown).toHaveText(`You can try again in ${first - 1} s.`, { timeout: 3_000 })
})

test('a homework that closes while its page is open refuses the answer and says when it closed', async ({ page }) => {
  test.setTimeout(240_000)
  const slug = `e2e-closing-${Date.now()}`
  const dir = path.join(COURSES_ROOT, slug)
  const closesAt = new Date(Date.now() + 40_000)
  closesAt.setUTCMilliseconds(0)
  // The site's course calendar runs on a set clock (tests/e2e/support/server-clock.ts): now, for this course.
  await setServerClock(new Date(closesAt.getTime() - 40_000).toISOString())
  try {
    await mkdir(path.join(dir, 'weeks/01-closing'), { recursive: true })
    await writeFile(
      path.join(dir, 'course.yaml'),
      `title: Closing soon\nsummary: A course written by the refusals e2e test.\nstarts: 2026-01-01\ntimezone: UTC\nweeks:\n  - 01-closing\n`,
    )
    await writeFile(path.join(dir, 'weeks/01-closing/module.yaml'), 'title: Closing\n')
    await writeFile(
      path.join(dir, 'weeks/01-closing/homework.yaml'),
      [
        'id: hw1',
        'title: "Homework that closes"',
        `deadline: "${closesAt.toISOString().replace('.000Z', 'Z')}"`,
        'questions:',
        '  - id: pick-c',
        '    kind: single_choice',
        '    points: 1',
        '    prompt: Pick c.',
        '    options:',
        '      - { id: a, text: "a" }',
        '      - { id: c, text: "c" }',
        '    answer: c',
        '',
      ].join('\n'),
    )
    // The content index gets the new course, as an operator's `course sync` would.
    execFileSync('node_modules/.bin/tsx', ['cli/syllabus.ts', 'course', 'sync', dir], {
      env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', DATABASE_URL: '' },
    })

    await signUp(page, 'Late')
    await enrol(page, slug)
    await page.goto(`/courses/${slug}/homework/hw1`)
    const question = page.getByTestId('question-pick-c')
    await question.getByRole('radio', { name: 'c', exact: true }).check()
    await expect(question.getByRole('button', { name: 'Submit' })).toBeEnabled()

    // The page stays open past the deadline (there is no late window), then the learner submits.
    await setServerClock(new Date(closesAt.getTime() + 1_000).toISOString())
    await question.getByRole('button', { name: 'Submit' }).click()
    await expect(question.getByTestId('api-error')).toContainText(
      `This homework closed on ${closesAt.toUTCString()}; new answers are no longer accepted.`,
    )
  } finally {
    await resetServerClock()
    await rm(dir, { recursive: true, force: true })
  }
})
