// Issue 18, item 5: homework opens on a date (the week's start by default). Before it, the calendar
// says "Opens 18 Jan" and the site refuses answers and Runs with that date. The site runs at
// 12 January 2027 here (tests/e2e/support/server-clock.ts); the browser's clock is set to match.
import { expect as baseExpect, test } from '@playwright/test'
import { resetServerClock, setServerClock, E2E_DEFAULT_NOW } from './support/server-clock.ts'
import { COURSE, postJson, signUpToEnrol } from './support/learner.ts'

test.describe.configure({ timeout: 180_000 })
const expect = baseExpect.configure({ timeout: 30_000 })
test.afterEach(resetServerClock)

test('before a homework opens: "Opens 18 Jan" on the calendar, dashboard and homework page; answers and Runs refused with the date', async ({ page }) => {
  await page.clock.setFixedTime(new Date(E2E_DEFAULT_NOW))
  await signUpToEnrol(page, 'Oda')

  // The dashboard (the server's clock): hw1 is open, hw2 opens on its week's start.
  await expect(page.getByTestId('score-hw1').locator('xpath=..')).toContainText(/Open$/)
  await expect(page.getByTestId('score-hw2').locator('xpath=..')).toContainText('Opens 18 Jan')

  // The course calendar (prerendered; the browser's clock): week 2's homework opens on 18 January.
  await page.goto(`/courses/${COURSE}`)
  const weekCards = page.getByRole('region', { name: 'Syllabus' }).getByRole('listitem')
  await expect(weekCards.filter({ hasText: 'Week 2' }).getByTestId('homework-opens')).toHaveText(/^Opens 18 Jan/)
  await expect(weekCards.filter({ hasText: 'Week 1 ·' }).getByTestId('homework-opens')).toHaveCount(0)

  // The homework page: the questions can be read, nothing can be sent.
  await page.goto(`/courses/${COURSE}/homework/hw2`)
  await expect(page.getByTestId('homework-opens')).toHaveText('Opens 18 Jan')
  await expect(page.getByTestId('homework-not-open')).toContainText('This homework opens on')
  await expect(page.getByRole('heading', { name: 'Question 1', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Submit' })).toHaveCount(0)

  // Sent anyway: a 403 that names the opening date, and nothing recorded.
  const early = await postJson(page, '/api/submissions', { courseSlug: COURSE, homeworkSlug: 'hw2', questionSlug: 'cron-first-of-month', answer: '0 0 1 * *' })
  expect(early.status).toBe(403)
  expect(early.body.error?.message).toBe('This homework opens on 18 Jan 2027, 00:00 CET; answers are accepted from then on.')
  const run = await postJson(page, '/api/sql/run', { courseSlug: COURSE, homeworkSlug: 'hw2', questionSlug: 'monthly-trips', sql: 'SELECT 1' })
  expect(run.status).toBe(403)
  expect(run.body.error?.message).toContain('opens on 18 Jan 2027')

  // Week 2 begins: the same page takes answers.
  await setServerClock('2027-01-18T08:00:00Z')
  await page.reload()
  await expect(page.getByTestId('homework-opens')).toHaveCount(0)
  await expect(page.getByTestId('homework-not-open')).toHaveCount(0)
  const question = page.getByTestId('question-cron-first-of-month')
  await question.getByLabel('Your answer').fill('0 0 1 * *')
  await question.getByRole('button', { name: 'Submit' }).click()
  await expect(question.getByTestId('verdict')).toContainText('Attempt 1', { timeout: 60_000 })
})
