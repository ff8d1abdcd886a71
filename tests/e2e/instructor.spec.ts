// Course staff and certificates, end to end: the access matrix of instructor pages, staff managed by the
// CLI and the admin pages, the learner's certificate card, and the public verification of a certificate.
import { execFileSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { signUpInOwnContext as signUp } from './support/learner.ts'

/** Whether poppler's pdftotext can be run here. */
function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

// Sign-up, enrolment and server actions wait on a shared 2-core machine: give each assertion 30 s, not 5.
const expect = baseExpect.configure({ timeout: 30_000 })

const COURSE = 'data-engineering-zoomcamp'
const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`
const cli = (...args: string[]) =>
  execFileSync('node_modules/.bin/tsx', args, {
    env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', DATABASE_URL: '' },
  }).toString()


async function signInAdmin(browser: Browser) {
  const email = `admin-${unique()}@example.com`
  expect(cli('cli/syllabus.ts', 'admin', 'create', '--email', email)).toContain('administrator')
  const page = await browser.newPage()
  await page.goto('/sign-in?redirectTo=/admin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('e2e admin password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin$/)
  return page
}

test('instructor pages open to course staff and admins only; staff are managed by the CLI and the admin pages', async ({ browser }) => {
  test.setTimeout(360_000)
  const admin = await signInAdmin(browser)
  const instructor = await signUp(browser, 'Ina Instructor')
  const assistant = await signUp(browser, 'Asa Assistant')
  const learner = await signUp(browser, 'Lea Learner')

  // The CLI adds the instructor.
  expect(cli('cli/syllabus.ts', 'staff', 'add', '--course', COURSE, '--email', instructor.email, '--role', 'instructor')).toContain(`is an instructor of ${COURSE}`)
  expect(cli('cli/syllabus.ts', 'staff', 'list', '--course', COURSE)).toContain(instructor.email)

  // The admin finds the assistant by search and adds them in the browser.
  await admin.getByLabel('Search by email or name').fill('asa assistant')
  await admin.getByRole('button', { name: 'Search' }).click()
  await admin.getByRole('link', { name: assistant.email }).click()
  await admin.getByLabel('Role on the course').selectOption('assistant')
  await admin.getByRole('button', { name: 'Add to course staff' }).click()
  await expect(admin.getByRole('status')).toContainText(`is now an assistant of ${COURSE}`)

  const dashboard = `/courses/${COURSE}/instructor`
  const certificates = `/courses/${COURSE}/instructor/certificates`
  // The HTTP status with the page's session cookie (no rendering in the browser: the matrix is about access).
  const status = async (page: Page, url: string) => (await page.request.get(url, { maxRedirects: 0 })).status()
  expect(await status(admin, dashboard)).toBe(200)
  expect(await status(admin, certificates)).toBe(200)
  expect(await status(instructor.page, dashboard)).toBe(200)
  expect(await status(instructor.page, certificates)).toBe(200)
  expect(await status(assistant.page, dashboard)).toBe(200)
  expect(await status(assistant.page, certificates)).toBe(403)
  expect(await status(learner.page, dashboard)).toBe(403)
  expect(await status(learner.page, certificates)).toBe(403)
  expect(await status(learner.page, '/admin/grading')).toBe(403)
  expect(await status(instructor.page, '/admin')).toBe(403)
  expect(await status(learner.page, '/courses/no-such-course/instructor')).toBe(404)
  expect(await status(assistant.page, `/courses/${COURSE}/instructor/roster`)).toBe(200)
  expect(await status(learner.page, `/courses/${COURSE}/instructor/roster`)).toBe(403)

  // Exports: instructors and admins; an assistant gets the error envelope.
  const csv = await instructor.page.request.get(`/courses/${COURSE}/instructor/export/roster`)
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toContain('text/csv')
  expect((await csv.text()).split('\n')[0]).toBe('email,name,certificate_name,enrolled_at,homework_points,learning_in_public_points,project_points,points,certificate,certificate_id')
  const refused = await assistant.page.request.get(`/courses/${COURSE}/instructor/export/scores`)
  expect(refused.status()).toBe(403)
  expect((await refused.json()).error.code).toBe('forbidden')
  expect((await learner.page.request.get(`/courses/${COURSE}/instructor/export/submissions`)).status()).toBe(403)

  const anonymous = await browser.newPage()
  const signInFirst = await anonymous.request.get(dashboard, { maxRedirects: 0 })
  expect(signInFirst.status()).toBe(307)
  expect(signInFirst.headers().location).toMatch(/\/sign-in\?redirectTo=/)

  // Removing the assistant closes the pages to them at once.
  await admin.goto('/admin?q=asa')
  await admin.getByRole('link', { name: assistant.email }).click()
  await admin.getByRole('button', { name: /Remove from the staff of/ }).click()
  await expect(admin.getByRole('button', { name: /Remove from the staff of/ })).toHaveCount(0)
  expect(await status(assistant.page, dashboard)).toBe(403)
})

test('a certificate: the learner names it, it verifies as valid, its PDF and credential check out, and revoked it says so', async ({ browser, request }) => {
  test.setTimeout(180_000)
  const learner = await signUp(browser, 'Zoe Learner')
  await learner.page.goto(`/courses/${COURSE}`)
  await learner.page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(learner.page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  // The Zoomcamp certifies on the final project and peer reviews: the card says what is left, with dates.
  await expect(learner.page.getByTestId('certificate-state')).toContainText('What is left before your certificate')
  await expect(learner.page.getByTestId('left-project')).toContainText('Submit your final project')
  await expect(learner.page.getByTestId('left-reviews')).toContainText(/Review 3 more projects/)
  await learner.page.getByLabel('Name on your certificate').fill('Zoë Łukasiewicz')
  await learner.page.getByRole('button', { name: 'Save name' }).click()
  await expect(learner.page.getByRole('status').filter({ hasText: 'Your certificate will read' })).toContainText('Zoë Łukasiewicz')

  const code = cli('tests/e2e/support/seed-certificate.ts', learner.email, COURSE).trim()
  await learner.page.reload()
  await expect(learner.page.getByTestId('certificate-state')).toContainText('Issued to Zoë Łukasiewicz')
  await expect(learner.page.getByRole('link', { name: 'Add to LinkedIn profile' })).toHaveAttribute('href', new RegExp(`certId=${code}`))

  // Valid, for anyone.
  const visitor = await browser.newPage()
  await visitor.goto(`/verify/${code}`)
  await expect(visitor.getByTestId('verification-state')).toHaveText('✓ Valid certificate')
  await expect(visitor.getByTestId('recipient-name')).toHaveText('Zoë Łukasiewicz')
  await expect(visitor.locator('main')).not.toContainText('@example.com')

  // The PDF names the learner.
  const pdf = await request.get(`/verify/${code}/certificate.pdf`)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-cert-'))
  await writeFile(path.join(dir, 'c.pdf'), await pdf.body())
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  // Its text is read with poppler's pdftotext where installed (.ci/run installs it); a bare machine says so.
  if (hasPdftotext()) expect(execFileSync('pdftotext', [path.join(dir, 'c.pdf'), '-']).toString()).toContain('Zoë Łukasiewicz')
  else test.info().annotations.push({ type: 'not checked', description: 'the PDF text: pdftotext (poppler-utils) is not installed' })

  // The credential verifies with the key the site publishes.
  const jwt = await (await request.get(`/verify/${code}/credential.jwt`)).text()
  const jwks = await (await request.get('/.well-known/jwks.json')).json()
  const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks))
  expect(payload.jti).toMatch(new RegExp(`/verify/${code}$`))

  // Revoked by an instructor, with a reason that stays private.
  const instructor = await signUp(browser, 'Rev Instructor')
  cli('cli/syllabus.ts', 'staff', 'add', '--course', COURSE, '--email', instructor.email)
  await instructor.page.goto(`/courses/${COURSE}/instructor/certificates`)
  await instructor.page.getByLabel(`Reason for revoking ${code}`).fill('Plagiarised project')
  await instructor.page.getByRole('button', { name: 'Revoke' }).click()
  await expect(instructor.page.getByRole('cell', { name: /revoked .*Plagiarised project/ })).toBeVisible()
  await visitor.reload()
  await expect(visitor.getByTestId('verification-state')).toContainText('Revoked on')
  await expect(visitor.locator('main')).not.toContainText('Plagiarised')
  expect((await request.get(`/verify/${code}/certificate.pdf`)).status()).toBe(404)

  // Unknown.
  const unknown = await visitor.goto('/verify/abcdefghjkmnpqrstuvw')
  expect(unknown!.status()).toBe(404)
  await expect(visitor.getByTestId('verification-state')).toContainText('Unknown certificate')
})
