// Issue 18, item 11: while a Python answer is graded the page says what is happening, check by check
// ("running checks 1–3 of 3"), live, instead of a bare "Queued for grading…".
import { readFileSync } from 'node:fs'
import { expect as baseExpect, test } from '@playwright/test'
import { resetServerClock, setServerClock } from './support/server-clock.ts'
import { COURSE, signUpToEnrol } from './support/learner.ts'

test.describe.configure({ timeout: 180_000 })
const expect = baseExpect.configure({ timeout: 30_000 })
test.afterEach(resetServerClock)

test('a Python grade shows the check it is running, live', async ({ page }) => {
  await setServerClock('2027-01-19T10:00:00Z') // hw2 opens on 18 January
  await signUpToEnrol(page, 'Pru')
  await page.goto(`/courses/${COURSE}/homework/hw2`)
  test.skip(await page.getByTestId('sandbox-unavailable').isVisible(), 'no Docker engine or grader image on this machine')
  const question = page.getByTestId('question-transform-green-rows')
  // Every text the waiting message shows, however briefly, as the live updates arrive.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { statusTexts: string[] }).statusTexts = [])
    new MutationObserver(() => {
      for (const node of document.querySelectorAll('[data-testid="question-transform-green-rows"] [role="status"]')) {
        const text = node.textContent?.trim() ?? ''
        if (text && seen.at(-1) !== text) seen.push(text)
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
  // The reference answer, made to take a second per call: a warm sandbox runs the plain one in well under the
  // time between two live updates, so its "running check" status could come and go unseen.
  const reference = readFileSync(`courses/${COURSE}/weeks/02-ingestion/hidden/solutions/transform-green-rows.py`, 'utf8')
  const slow = `import time\n${reference.replace('def transform(rows):\n', 'def transform(rows):\n    time.sleep(1)\n')}`
  baseExpect(slow).toContain('time.sleep(1)')
  await question.getByLabel('Or upload a .py file').setInputFiles({ name: 'transform-green-rows.py', mimeType: 'text/x-python', buffer: Buffer.from(slow) })
  await question.getByRole('button', { name: 'Submit' }).click()
  await expect(question.getByTestId('verdict')).toContainText('Attempt 1: Correct', { timeout: 90_000 })
  const seen = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts)
  expect(seen.some((text) => /Grading: running checks? \d+(–\d+)? of \d+…/.test(text)), seen.join(' | ')).toBe(true)
})
