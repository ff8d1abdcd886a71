// The browser findings of issue 12 against the real `npm start` build: a draft typed by learner A is
// not shown to learner B on the same browser, a sign-in redirect cannot leave the site, and pages
// carry a CSP whose nonces let Next.js's own scripts run (nothing is blocked, the page is interactive).
import { expect, test, type Page } from '@playwright/test'

const COURSE = 'data-engineering-zoomcamp'
const PASSWORD = 'a long learner password'

// Each case signs up (and out) more than once: minutes on a loaded two-core machine.
test.setTimeout(180_000)

async function signUp(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`
  await page.goto(`/sign-up?redirectTo=/courses/${COURSE}`)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  // A cold server on a loaded machine takes seconds to sign a new account in.
  await expect(page).toHaveURL((url) => url.pathname === `/courses/${COURSE}`, { timeout: 30_000 })
  return email
}

async function enrol(page: Page) {
  const status = await page.evaluate(async (slug) => (await fetch(`/api/courses/${slug}/enrollment`, { method: 'POST' })).status, COURSE)
  expect(status).toBe(200)
}

async function signOut(page: Page) {
  await page.goto('/me')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible({ timeout: 30_000 })
}

test("learner B never sees learner A's draft on a shared browser", async ({ page }) => {
  await signUp(page, 'Ada')
  await enrol(page)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const quiz = page.getByTestId('question-docker-rm-flag')
  await quiz.getByRole('radio', { name: '--rm', exact: true }).check()
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('syllabus:draft:')).length)).toBe(1)

  await signOut(page)
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('syllabus:draft:')))).toEqual([])

  await signUp(page, 'Bob')
  await enrol(page)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  await expect(page.getByTestId('question-docker-rm-flag').getByRole('radio', { name: '--rm', exact: true })).not.toBeChecked()
})

test('a sign-in redirect with a tab in it stays on the site', async ({ page, baseURL }) => {
  const email = await signUp(page, 'Eve')
  await signOut(page)
  await page.goto('/sign-in?redirectTo=/%09/evil.example')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL((url) => url.origin === new URL(baseURL!).origin && url.pathname === '/me')
})

test('pages carry a nonce CSP and still run their scripts; prerendered and cached pages too', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text())
  })
  const home = await page.goto('/sign-in')
  const policy = home!.headers()['content-security-policy']
  expect(policy).toMatch(/'nonce-[^']+'/)
  expect(policy).toContain("frame-ancestors 'none'")
  expect(home!.headers()['x-content-type-options']).toBe('nosniff')
  // Interactive: the client-side form validates (a hydrated page), nothing was blocked.
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText('The email or password is not right')).toBeVisible()

  const lesson = await page.goto(`/courses/${COURSE}`)
  expect(lesson!.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible() // the client-rendered header menu

  // The homework page is cached too (the same for everyone): the nonce-less policy, and its scripts
  // run under it — the visitor's part, fetched by the page's script, says to sign in.
  const homework = await page.goto(`/courses/${COURSE}/homework/hw1`)
  expect(homework!.headers()['content-security-policy']).not.toContain('nonce-')
  expect(homework!.headers()['x-frame-options']).toBe('DENY')
  await expect(page.getByText('and enrol to answer these questions')).toBeVisible()
  expect(violations).toEqual([])
})

test('a session cookie copied before sign-out stops working after it (401 on the API, sign-in on pages)', async ({ page, browser, baseURL }) => {
  await signUp(page, 'Mallory')
  const copied = (await page.context().cookies()).filter((cookie) => cookie.name.includes('next-auth.session-token'))
  expect(copied).not.toEqual([])
  await signOut(page)

  const thief = await browser.newContext({ baseURL })
  await thief.addCookies(copied)
  const api = await thief.request.get('/api/submissions/any-id')
  expect(api.status()).toBe(401)
  const stolen = await thief.newPage()
  await stolen.goto('/me')
  await expect(stolen).toHaveURL((url) => url.pathname === '/sign-in')
  await thief.close()
})
