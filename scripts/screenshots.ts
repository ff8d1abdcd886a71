// Takes the screenshots in docs/screenshots/ from a running platform, walking it as a learner would:
//   npm start   (in another terminal)
//   node_modules/.bin/tsx scripts/screenshots.ts [http://localhost:3000]
import { readFile } from 'node:fs/promises'
import { chromium, type Page } from '@playwright/test'

const base = process.argv[2] ?? 'http://localhost:3000'
const out = 'docs/screenshots'
const course = 'data-engineering-zoomcamp'

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, baseURL: base })

async function shot(name: string, fullPage = false) {
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: `${out}/${name}.png`, fullPage })
  console.log(`${out}/${name}.png`)
}

async function typeSql(target: Page, testId: string, sql: string) {
  await target.getByTestId(testId).click()
  await target.keyboard.press('ControlOrMeta+a')
  await target.keyboard.press('Delete')
  await target.keyboard.insertText(sql)
}

await page.goto('/')
await shot('home')
await page.goto(`/courses/${course}`)
await shot('course')
await page.goto(`/courses/${course}/weeks/data-warehouse`)
await shot('week')
await page.goto(`/courses/${course}/weeks/introduction/postgres-in-docker`)
await shot('lesson')
await page.goto(`/courses/${course}/homework/hw3`)
await shot('homework-read-only')

await page.goto(`/sign-up?redirectTo=/courses/${course}`)
await page.getByLabel('Name').fill('Ada Lovelace')
await page.getByLabel('Email').fill(`ada-${Date.now()}@example.com`)
await page.getByLabel('Password').fill('a long learner password')
await page.getByRole('button', { name: 'Create account' }).click()
await page.waitForURL(`**/courses/${course}`)
await page.getByRole('button', { name: 'Enrol for free' }).click()
await page.waitForURL('**/dashboard')

await page.goto(`/courses/${course}/homework/hw1`)
await page.getByTestId('question-docker-rm-flag').getByRole('radio', { name: '--rm', exact: true }).check()
await page.getByTestId('question-docker-rm-flag').getByRole('button', { name: 'Submit' }).click()
const sqlQuestion = page.getByTestId('question-trips-on-day')
const wrong = (await readFile(`courses/${course}/weeks/01-introduction/hidden/wrong/trips-on-day--lte-midnight.sql`, 'utf8')).replace(/^--.*\n/, '')
await typeSql(page, 'hw1-trips-on-day-code-editor', wrong)
await sqlQuestion.getByRole('button', { name: 'Run on sample data' }).click()
await sqlQuestion.getByTestId('run-results').waitFor()
await sqlQuestion.getByRole('button', { name: 'Submit' }).click()
await sqlQuestion.getByTestId('verdict').waitFor({ timeout: 30_000 })
await sqlQuestion.scrollIntoViewIfNeeded()
await sqlQuestion.screenshot({ path: `${out}/homework-feedback.png` })
console.log(`${out}/homework-feedback.png`)

await page.goto('/me')
await shot('me')
await page.goto(`/courses/${course}/dashboard`)
await shot('dashboard')
await page.goto(`/courses/${course}/leaderboard`)
await shot('leaderboard')
await browser.close()
