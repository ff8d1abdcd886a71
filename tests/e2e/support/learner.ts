// Shared steps of the issue-18 specs: a new learner through "Sign up to enrol", a new course admin.
import { execFileSync } from 'node:child_process'
import { expect, type Browser, type Page } from '@playwright/test'

export const COURSE = 'data-engineering-zoomcamp'

export function unique() {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
}

/** The course page's "Sign up to enrol", then the form: the learner lands enrolled, on the dashboard. */
export async function signUpToEnrol(page: Page, name: string) {
  await page.goto(`/courses/${COURSE}`)
  const href = await page.getByRole('link', { name: 'Sign up to enrol' }).getAttribute('href')
  await page.goto(href!, { waitUntil: 'networkidle' })
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${unique()}@example.com`)
  await page.getByLabel('Password').fill('a long learner password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`), { timeout: 30_000 })
}

/** A new account through the sign-up form, in a browser context of its own (axe needs a page of its own context). */
export async function signUpInOwnContext(browser: Browser, name: string): Promise<{ page: Page; email: string }> {
  const page = await (await browser.newContext()).newPage()
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${unique()}@example.com`
  await page.goto('/sign-up')
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('a long e2e password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/me$/, { timeout: 30_000 })
  return { page, email }
}

/** A platform admin made with the CLI (admins act as course staff on every course), signed in. */
export async function signInAsNewAdmin(browser: Browser) {
  const email = `admin-${unique()}@example.com`
  execFileSync('node_modules/.bin/tsx', ['cli/syllabus.ts', 'admin', 'create', '--email', email], {
    env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', DATABASE_URL: '' },
    encoding: 'utf8',
  })
  const page = await browser.newPage()
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('e2e admin password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).not.toHaveURL(/sign-in/, { timeout: 30_000 })
  return page
}

/** POSTs JSON from the page (same origin, the learner's session), as the site's own scripts do. */
export async function postJson(page: Page, url: string, body: unknown) {
  return page.evaluate(
    async ({ url, body }) => {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      return { status: response.status, body: (await response.json()) as { error?: { message?: string } } }
    },
    { url, body },
  )
}
