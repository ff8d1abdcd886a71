// Issue 18: the frictions a new learner met, desktop and phone width. Each test would have caught one.
import { execFileSync } from 'node:child_process'
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test'

const COURSE = 'data-engineering-zoomcamp'
const PASSWORD = 'a long learner password'

function unique() {
  return `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
}

// A loaded machine (builds beside the run) makes each step slow; these tests walk whole journeys.
test.describe.configure({ timeout: 180_000 })
const expect = baseExpect.configure({ timeout: 30_000 })

/** The learner's path: the course page's "Sign up to enrol" button, then the sign-up form. */
async function signUpToEnrol(page: Page, name: string) {
  await page.goto(`/courses/${COURSE}`)
  const href = await page.getByRole('link', { name: 'Sign up to enrol' }).getAttribute('href')
  expect(href).toContain(`enrol=${COURSE}`)
  // Opened as a page of its own, so the form is filled once it is interactive.
  await page.goto(href!, { waitUntil: 'networkidle' })
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${unique()}@example.com`)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
}

async function clearEditor(page: Page, testId: string) {
  const editor = page.getByTestId(testId)
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  return editor
}

test('"Sign up to enrol" comes back enrolled, on the dashboard', async ({ page }) => {
  await signUpToEnrol(page, 'Noa')
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  await expect(page.getByRole('heading', { name: 'Your progress' })).toBeVisible()
  await expect(page.getByTestId('course-points')).toHaveText('0')
  await page.goto(`/courses/${COURSE}`)
  await expect(page.getByRole('link', { name: 'Go to your dashboard' })).toBeVisible()
  // Before the start (11 January 2027, Berlin) the course page counts down to it.
  if (Date.now() < Date.parse('2027-01-10T23:00:00Z')) await expect(page.getByTestId('course-countdown')).toHaveText(/in \d+ (days|hours|minutes?)/)
})

test('Enter in a short answer sends one attempt, however often it is pressed', async ({ page }) => {
  await signUpToEnrol(page, 'Enzo')
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const question = page.getByTestId('question-compose-host-port')
  const field = question.getByLabel('Your answer')
  await field.fill('db:5432')
  for (let i = 0; i < 5; i++) await field.press('Enter')
  await expect(question.getByTestId('verdict')).toContainText('Attempt 1', { timeout: 30_000 })
  await page.reload()
  await expect(page.getByTestId('question-compose-host-port').getByText('Your submissions (1)')).toBeVisible()
})

test('the SQL editor: Ctrl/⌘-Enter runs, an edit clears stale results, Tab leaves unless indentation is on, a focus ring', async ({ page }) => {
  await signUpToEnrol(page, 'Kim')
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const question = page.getByTestId('question-trips-on-day')
  const editorId = 'hw1-trips-on-day-code-editor'
  await expect(question.getByTestId('run-shortcut-hint')).toBeVisible()

  // 1. The advertised shortcut runs the query and does not insert a newline.
  const editor = await clearEditor(page, editorId)
  await page.keyboard.insertText('SELECT count(*) FROM no_such_table')
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(question.getByTestId('run-error')).toContainText('no_such_table')
  await expect(editor.locator('.cm-line')).toHaveCount(1)
  // The error belonged to that query: typing clears it.
  await page.keyboard.press('End')
  await page.keyboard.type(' ')
  await expect(question.getByTestId('run-error')).toHaveCount(0)

  // 2. The focused editor shows a ring; Tab moves on (no trap), and the note says so.
  const wrapper = page.locator('#hw1-trips-on-day-code')
  await editor.click()
  expect(await wrapper.evaluate((node) => getComputedStyle(node).outlineStyle)).toBe('solid')
  await expect(page.getByTestId('hw1-trips-on-day-tab-note')).toHaveText('Tab moves to the next control.')
  await page.keyboard.press('Tab')
  await expect(editor).not.toBeFocused()
  await expect(question.getByLabel('Tab key indents code')).toBeFocused()

  // With indentation on, Tab indents; Escape then Tab leaves, as the note says.
  await question.getByLabel('Tab key indents code').check()
  await expect(page.getByTestId('hw1-trips-on-day-tab-note')).toHaveText('Press Esc, then Tab, to leave the editor.')
  await clearEditor(page, editorId)
  await page.keyboard.insertText('SELECT 1')
  await page.keyboard.press('Home')
  await page.keyboard.press('Tab')
  await expect(editor).toBeFocused()
  await expect(editor.locator('.cm-line').first()).toHaveText(/^\s+SELECT 1$/)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Tab')
  await expect(editor).not.toBeFocused()
})

test('the run shortcut is not advertised on a touch screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
  const page = await context.newPage()
  await signUpToEnrol(page, 'Tao')
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  expect(await page.evaluate(() => matchMedia('(pointer: fine)').matches)).toBe(false)
  await expect(page.getByRole('button', { name: 'Run on sample data' }).first()).toBeVisible()
  await expect(page.getByTestId('run-shortcut-hint').first()).toBeHidden()
  await context.close()
})

test('the extras form keeps every value after a refusal, shows the error beside the field, and reads "3,5"', async ({ page }) => {
  await signUpToEnrol(page, 'Lea')
  await expect(page).toHaveURL(/dashboard$/)
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const form = page.getByRole('form', { name: 'Beyond the answers' })
  const posts = [`https://www.linkedin.com/posts/lea-${unique()}`, `https://lea-${unique()}.hashnode.dev/week-1`]
  await form.getByLabel('Link to your solution').fill('https://github.com/lea/zoomcamp')
  await form.getByLabel('Learning in public').fill(posts.join('\n'))
  await form.getByLabel('Hours on lectures').fill('3,5')
  await form.getByLabel('Hours on homework').fill('lots')
  await form.getByRole('button', { name: 'Save' }).click()

  await expect(page.locator('#hw1-extras-homeworkHours-error')).toHaveText(/number of hours/)
  await expect(form.getByLabel('Hours on homework')).toHaveAttribute('aria-invalid', 'true')
  await expect(form.getByLabel('Link to your solution')).toHaveValue('https://github.com/lea/zoomcamp')
  await expect(form.getByLabel('Learning in public')).toHaveValue(posts.join('\n'))
  await expect(form.getByLabel('Hours on lectures')).toHaveValue('3,5')
  await expect(form.getByLabel('Hours on homework')).toHaveValue('lots')

  await form.getByLabel('Hours on homework').fill('2')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('status')).toContainText('Learning in public: 2 of 7 points')
  await page.reload()
  await expect(page.getByRole('form', { name: 'Beyond the answers' }).getByLabel('Hours on lectures')).toHaveValue('3.5')

  // 8. Points that add up: the dashboard and the leaderboard show the parts.
  await page.goto(`/courses/${COURSE}/dashboard`)
  await expect(page.getByTestId('course-points')).toHaveText('2')
  await expect(page.getByTestId('points-breakdown')).toContainText('homework 0 + learning in public 2')
  await page.goto(`/courses/${COURSE}/leaderboard`)
  await expect(page.getByTestId('points-explained')).toBeVisible()
  await expect(page.getByTestId('viewer-lip-points')).toHaveText('2')
  await expect(page.getByTestId('viewer-homework-points')).toHaveText('0')
  await expect(page.getByRole('columnheader', { name: 'hw1' })).toBeVisible()
  await expect(page.getByTestId('viewer-hw1')).toHaveText('—')
})

/** Every page a learner (and an admin) can open, found by following the site's own links. */
async function everyPage(page: Page) {
  const paths = new Set<string>(['/', '/sign-in', '/sign-up', `/courses/${COURSE}`, `/courses/${COURSE}/dashboard`, `/courses/${COURSE}/leaderboard`, `/courses/${COURSE}/project`, '/me'])
  await page.goto(`/courses/${COURSE}`)
  const weeks = await page.locator(`a[href^="/courses/${COURSE}/weeks/"]`).evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
  for (const week of new Set(weeks.map((href) => href.split('#')[0]!))) {
    paths.add(week)
    await page.goto(week)
    const inside = await page
      .locator(`a[href^="${week}/"], a[href^="/courses/${COURSE}/homework/"]`)
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!.split('#')[0]!))
    for (const path of inside) paths.add(path)
  }
  return [...paths]
}

async function signInAsNewAdmin(browser: Browser) {
  const email = `admin-${unique()}@example.com`
  execFileSync('node_modules/.bin/tsx', ['cli/syllabus.ts', 'admin', 'create', '--email', email], {
    env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', DATABASE_URL: '' },
    encoding: 'utf8',
  })
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } })
  await page.goto('/sign-in')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('e2e admin password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).not.toHaveURL(/sign-in/)
  return page
}

test('no page scrolls sideways at 360 px', async ({ browser }) => {
  test.setTimeout(400_000)
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } })
  await signUpToEnrol(page, 'Pia')
  await expect(page).toHaveURL(/dashboard$/)
  const paths = await everyPage(page)
  expect(paths.filter((path) => path.includes('/homework/')).length).toBeGreaterThanOrEqual(6)
  const wide: string[] = []
  for (const path of paths) {
    await page.goto(path)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    if (width > 361) wide.push(`${path}: ${width}px`)
  }
  const admin = await signInAsNewAdmin(browser)
  for (const path of ['/admin', '/admin/grading', `/courses/${COURSE}/instructor/learning-in-public`]) {
    await admin.goto(path)
    const width = await admin.evaluate(() => document.documentElement.scrollWidth)
    if (width > 361) wide.push(`${path}: ${width}px`)
  }
  expect(wide).toEqual([])
})
