import { expect, test, type Page } from '@playwright/test'
import { resetServerClock, setServerClock } from './support/server-clock.ts'

const COURSE = 'data-engineering-zoomcamp'

// hw3 opens on 25 January: the site runs in week 3 here.
test.beforeEach(() => setServerClock('2027-01-26T10:00:00Z'))
test.afterEach(resetServerClock)

async function signUpAndEnrol(page: Page) {
  await page.goto(`/sign-up?redirectTo=/courses/${COURSE}`)
  await page.getByLabel('Name').fill('Grace')
  await page.getByLabel('Email').fill(`grace-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`)
  await page.getByLabel('Password').fill('a long learner password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`))
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
}

async function typeSql(page: Page, questionId: string, sql: string) {
  const editor = page.getByTestId(`hw3-${questionId}-code-editor`)
  await editor.click()
  await expect(editor).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(sql)
}

test('week 3 in BigQuery dialect: the editor shows the byte estimate, external 0 B vs materialized, and the answer is graded', async ({ page }) => {
  test.setTimeout(180_000)
  await signUpAndEnrol(page)
  await page.goto(`/courses/${COURSE}/homework/hw3`)

  const question = page.getByTestId('question-materialized-distinct-pickups')
  const estimate = question.getByTestId('bigquery-estimate')
  await typeSql(page, 'materialized-distinct-pickups', 'SELECT COUNT(DISTINCT PULocationID) FROM hw3.external_yellow_tripdata')
  await expect(estimate).toHaveText('This query will process 0 B when run.', { timeout: 60_000 })

  await typeSql(page, 'materialized-distinct-pickups', 'SELECT COUNT(DISTINCT PULocationID) AS distinct_pickup_locations\nFROM `my-project.hw3.yellow_tripdata`')
  await expect(estimate).toHaveText(/^This query will process [\d.]+ KB when run\.$/, { timeout: 60_000 })
  await question.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/homework-bigquery-estimate.png' })

  await question.getByRole('button', { name: 'Run on sample data' }).click()
  await expect(question.getByTestId('run-results')).toContainText('distinct_pickup_locations', { timeout: 60_000 })
  await question.getByRole('button', { name: 'Submit' }).click()
  await expect(question.getByTestId('verdict')).toContainText('Correct', { timeout: 90_000 })

  // Something the local engine cannot do faithfully is refused, not graded wrong.
  await typeSql(page, 'materialized-distinct-pickups', 'SELECT ARRAY_AGG(PULocationID LIMIT 3) FROM hw3.yellow_tripdata')
  await expect(estimate).toContainText('not supported locally: ARRAY_AGG', { timeout: 60_000 })
})
