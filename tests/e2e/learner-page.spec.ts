// The staff learner page end to end: reached from the roster, it shows the learner's attempt with its
// answer and feedback; an instructor extends a deadline and overrides a score (the audit trail and the
// learner's own points follow); an assistant may look but not change; others get 403, and ids of people
// outside the course 404.
import { execFileSync } from 'node:child_process'
import AxeBuilder from '@axe-core/playwright'
import { expect as baseExpect, test, type Page } from '@playwright/test'
import { signUpInOwnContext as signUp } from './support/learner.ts'

// Server actions wait on a shared 2-core machine: give each assertion 30 s, not 5.
const expect = baseExpect.configure({ timeout: 30_000 })

const COURSE = 'data-engineering-zoomcamp'
const cli = (...args: string[]) =>
  execFileSync('node_modules/.bin/tsx', args, { env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', DATABASE_URL: '' } }).toString()


test('course staff open a learner from the roster, see their answers, extend a deadline and override a score with an audit trail', async ({ browser }) => {
  test.setTimeout(600_000)
  const learner = await signUp(browser, 'Lou Learner')
  await learner.page.goto(`/courses/${COURSE}`)
  await learner.page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(learner.page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  await learner.page.goto(`/courses/${COURSE}/homework/hw1`)
  const quiz = learner.page.getByTestId('question-docker-rm-flag')
  await quiz.getByRole('radio', { name: '--rm', exact: true }).check()
  await quiz.getByRole('button', { name: 'Submit' }).click()
  await expect(quiz.getByTestId('verdict')).toContainText('Correct')

  const instructor = await signUp(browser, 'Ivo Instructor')
  const assistant = await signUp(browser, 'Ada Assistant')
  const outsider = await signUp(browser, 'Oli Outsider')
  cli('cli/syllabus.ts', 'staff', 'add', '--course', COURSE, '--email', instructor.email)
  cli('cli/syllabus.ts', 'staff', 'add', '--course', COURSE, '--email', assistant.email, '--role', 'assistant')

  // From the roster to the learner's page.
  const page = instructor.page
  await page.goto(`/courses/${COURSE}/instructor/roster?q=${encodeURIComponent(learner.email)}`)
  await page.getByRole('link', { name: 'Lou Learner' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lou Learner')
  const learnerUrl = page.url()
  const question = page.getByTestId('learner-question-docker-rm-flag')
  await expect(question.getByTestId('learner-attempt')).toContainText('Submission 1')
  await expect(question.getByLabel('Answer of submission 1')).toHaveText('d')
  await expect(question.getByTestId('question-score')).toContainText('1 / 1')
  const axe = await new AxeBuilder({ page }).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  // A deadline extension for hw1, typed in the browser's time zone.
  const hw1 = page.getByTestId('learner-homework-hw1')
  await hw1.getByLabel('New deadline (your time)').fill('2027-02-15T12:00')
  await hw1.getByLabel('Reason', { exact: true }).first().fill('Hospital stay')
  await hw1.getByRole('button', { name: 'Extend deadline' }).click()
  await expect(hw1.getByRole('status').first()).toContainText('Extended hw1')
  await page.reload()
  await expect(page.getByTestId('learner-homework-hw1').getByTestId('extension')).toContainText('Hospital stay')

  // A score override with a reason: the learner's points and the audit trail follow.
  const overridden = page.getByTestId('learner-question-docker-rm-flag')
  await overridden.getByLabel('Points (of 1)').fill('0')
  await overridden.getByLabel('Reason').fill('Answer shared in the chat')
  await overridden.getByRole('button', { name: 'Override score' }).click()
  await expect(overridden.getByRole('status')).toContainText('1 → 0 points')
  await page.reload()
  await expect(page.getByTestId('learner-question-docker-rm-flag').getByTestId('question-score')).toContainText('overridden: Answer shared in the chat')
  await expect(page.getByTestId('override-row').first()).toContainText('Ivo Instructor')
  await expect(page.getByTestId('override-row').first()).toContainText('1 → 0')
  await learner.page.goto(`/courses/${COURSE}/dashboard`)
  await expect(learner.page.getByTestId('score-hw1')).toContainText(/^0/)

  // The matrix: an assistant looks but has no forms; others are refused; an id outside the course is not found.
  const status = async (viewer: Page, url: string) => (await viewer.request.get(url, { maxRedirects: 0 })).status()
  await assistant.page.goto(learnerUrl)
  await expect(assistant.page.getByRole('heading', { level: 1 })).toHaveText('Lou Learner')
  await expect(assistant.page.getByRole('button', { name: 'Override score' })).toHaveCount(0)
  await expect(assistant.page.getByRole('button', { name: 'Regrade submission 1' })).toBeVisible()
  expect(await status(outsider.page, learnerUrl)).toBe(403)
  expect(await status(learner.page, learnerUrl)).toBe(403)
  const outsiderId = new URL(learnerUrl).pathname.replace(/[^/]+$/, 'not-a-learner-id')
  expect(await status(page, outsiderId)).toBe(404)
  expect(await status(page, `/courses/${COURSE}/instructor/homework/hw1`)).toBe(200)
  expect(await status(outsider.page, `/courses/${COURSE}/instructor/homework/hw1`)).toBe(403)
  const anonymous = await (await browser.newContext()).newPage()
  expect(await status(anonymous, learnerUrl)).toBe(307)
})
