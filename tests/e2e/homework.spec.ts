import { readFile } from 'node:fs/promises'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { resetServerClock, setServerClock } from './support/server-clock.ts'

const COURSE = 'data-engineering-zoomcamp'
const HIDDEN = `courses/${COURSE}/weeks/01-introduction/hidden`

// A test that moves the site's clock to another week puts it back.
test.afterEach(resetServerClock)

async function signUp(page: Page, name: string) {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`
  await page.goto(`/sign-up?redirectTo=/courses/${COURSE}`)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('a long learner password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`))
  return email
}

async function typeSql(page: Page, questionSlug: string, sql: string) {
  const editor = page.getByTestId(`hw1-${questionSlug}-code-editor`)
  await editor.click()
  await expect(editor).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(sql)
}

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

test('a learner enrols, answers the quiz, gets SQL feedback that changes, and finds themself on the leaderboard', async ({ page, browser }) => {
  test.setTimeout(120_000)
  await signUp(page, 'Ada')
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  await expect(page.getByRole('heading', { name: 'Your progress' })).toBeVisible()
  await expectNoSeriousA11yViolations(page)

  await page.goto(`/courses/${COURSE}/homework/hw1`)
  await expectNoSeriousA11yViolations(page)

  // Quiz: the docker flag.
  const quiz = page.getByTestId('question-docker-rm-flag')
  await quiz.getByRole('radio', { name: '--rm', exact: true }).check()
  await quiz.getByRole('button', { name: 'Submit' }).click()
  await expect(quiz.getByTestId('verdict')).toContainText('Correct', { timeout: 30_000 })

  // SQL: run on the sample, then a wrong answer, then the right one.
  const sqlQuestion = page.getByTestId('question-trips-on-day')
  await typeSql(page, 'trips-on-day', 'SELECT count(*) AS trips FROM green_trips')
  await sqlQuestion.getByRole('button', { name: 'Run on sample data' }).click()
  await expect(sqlQuestion.getByTestId('run-error')).toContainText('green_trips')

  const wrong = (await readFile(`${HIDDEN}/wrong/trips-on-day--lte-midnight.sql`, 'utf8')).replace(/^--.*\n/, '')
  await typeSql(page, 'trips-on-day', wrong)
  await sqlQuestion.getByRole('button', { name: 'Run on sample data' }).click()
  await expect(sqlQuestion.getByTestId('run-results')).toContainText('trips')
  await sqlQuestion.getByRole('button', { name: /^Submit/ }).click()
  await expect(sqlQuestion.getByTestId('verdict')).toContainText('Not correct yet', { timeout: 30_000 })
  await expect(sqlQuestion.getByTestId('check').filter({ hasText: '✗' }).first()).toBeVisible()

  const right = await readFile(`${HIDDEN}/solutions/trips-on-day.sql`, 'utf8')
  await typeSql(page, 'trips-on-day', right)
  await sqlQuestion.getByRole('button', { name: 'Submit again' }).click()
  await expect(sqlQuestion.getByTestId('verdict')).toContainText('Attempt 2: Correct', { timeout: 30_000 })

  // A refresh keeps the history; two attempts can be compared.
  await page.reload()
  const reloaded = page.getByTestId('question-trips-on-day')
  await reloaded.getByText('Your submissions (2)').click()
  await reloaded.getByLabel('Compare submission 1 of question 3').check()
  await reloaded.getByLabel('Compare submission 2 of question 3').check()
  await expect(reloaded.getByTestId('attempt-diff')).toContainText('+ ')

  // Points show on the dashboard and the leaderboard, with the learner's own row highlighted.
  await page.goto(`/courses/${COURSE}/dashboard`)
  await expect(page.getByTestId('score-hw1')).toContainText(/^[1-9]/)
  await page.goto(`/courses/${COURSE}/leaderboard`)
  await expect(page.getByTestId('viewer-row')).toBeVisible()
  await expect(page.getByTestId('viewer-rank')).toContainText('You are #')
  await expectNoSeriousA11yViolations(page)

  // Another learner cannot open the first one's submission.
  const submissionId = await page.evaluate(async () => {
    const response = await fetch('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A short-answer question: the choice question above allows one attempt, already used.
      body: JSON.stringify({ courseSlug: 'data-engineering-zoomcamp', homeworkSlug: 'hw1', questionSlug: 'compose-host-port', answer: 'db:5432' }),
    })
    return ((await response.json()) as { submissionId: string }).submissionId
  })
  expect(submissionId).toBeTruthy()
  const other = await browser.newPage()
  await signUp(other, 'Eve')
  await expect(other.getByRole('button', { name: 'Enrol for free' })).toBeVisible() // signed in
  const stolen = await other.goto(`/api/submissions/${submissionId}`)
  expect(stolen?.status()).toBe(404)
  expect(await stolen?.text()).not.toContain('compose-host-port')
  const stolenEvents = await other.evaluate(async (id) => (await fetch(`/api/submissions/${id}/events`)).status, submissionId)
  expect(stolenEvents).toBe(404)
  await other.close()
})

test('a choice question whose only attempt is used says so and takes no other answer, after a reload too', async ({ page }) => {
  await signUp(page, 'Once')
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const quiz = page.getByTestId('question-docker-rm-flag')
  await expect(quiz.getByTestId('attempts-left')).toHaveText('1 of 1 attempt left')
  await quiz.getByRole('radio', { name: '--delete', exact: true }).check()
  await quiz.getByRole('button', { name: 'Submit', exact: true }).click()
  await expect(quiz.getByTestId('verdict')).toHaveText('Attempt 1: Not correct — no attempts left', { timeout: 30_000 })

  for (const reloaded of [false, true]) {
    if (reloaded) await page.reload()
    await expect(quiz.getByTestId('verdict')).toHaveText('Attempt 1: Not correct — no attempts left', { timeout: 30_000 })
    await expect(quiz.getByTestId('attempts-left')).toHaveText('No attempts left: you have used your only attempt on this question.')
    await expect(quiz.getByRole('button', { name: /^Submit/ })).toBeDisabled()
    for (const option of await quiz.getByRole('radio').all()) await expect(option).toBeDisabled()
  }
})

test('the homework page is usable at phone width', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  await expect(page.getByRole('heading', { name: 'Question 1', exact: true })).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(1)
  await page.close()
})

test('learning-in-public links add points, with clear errors for bad links', async ({ page }) => {
  await signUp(page, 'Lin')
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw2`)
  const form = page.getByRole('form', { name: 'Beyond the answers' })
  await form.getByLabel('Learning in public').fill('https://www.linkedin.com/posts/lin-1\nnot a link')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByText('Enter a full web address')).toBeVisible()
  await form.getByLabel('Learning in public').fill('https://www.linkedin.com/posts/lin-1\nhttps://x.com/lin/status/2')
  await form.getByLabel('Hours on homework').fill('2.5')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('status')).toContainText('Learning in public: 2 of 7 points')
  await page.goto(`/courses/${COURSE}/dashboard`)
  await expect(page.getByTestId('course-points')).toHaveText('2')
})

test('a Python answer uploaded as a file is graded in the code sandbox, check by check', async ({ page }) => {
  test.setTimeout(120_000)
  // hw2 opens on 18 January.
  await setServerClock('2027-01-19T10:00:00Z')
  await signUp(page, 'Py')
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw2`)
  const question = page.getByTestId('question-transform-green-rows')
  test.skip(await page.getByTestId('sandbox-unavailable').isVisible(), 'no Docker engine or grader image on this machine')
  const wrongFile = `courses/${COURSE}/weeks/02-ingestion/hidden/wrong/transform-green-rows--no-rename.py`
  await question.getByLabel('Or upload a .py file').setInputFiles(wrongFile)
  await question.getByRole('button', { name: 'Submit' }).click()
  await expect(question.getByTestId('verdict')).toContainText(/Not correct yet|Partly correct/, { timeout: 60_000 })
  await expect(question.getByTestId('check').filter({ hasText: '✗' }).first()).toBeVisible()
  const feedback = await question.getByTestId('grade-feedback').textContent()
  const hiddenChecks = await readFile(`courses/${COURSE}/weeks/02-ingestion/hidden/tests/transform-green-rows/checks.yaml`, 'utf8')
  for (const line of hiddenChecks.split('\n').filter((l) => /expect/.test(l) && l.length > 30)) {
    expect(feedback).not.toContain(line.split(':').slice(1).join(':').trim())
  }

  await question.getByLabel('Or upload a .py file').setInputFiles(`courses/${COURSE}/weeks/02-ingestion/hidden/solutions/transform-green-rows.py`)
  await question.getByRole('button', { name: 'Submit again' }).click()
  await expect(question.getByTestId('verdict')).toContainText('Attempt 2: Correct', { timeout: 60_000 })
})
