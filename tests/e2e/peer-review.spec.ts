// Final project and peer review through the browser, in three tests that each set up their own stage of
// attempt 1 (tests/e2e/support/project-stage.ts clears the project and builds the stage with the same
// server functions the pages call), so none depends on the phase an earlier test left behind:
//   1. an instructor opens submissions, five learners submit through the form, closing assigns reviewers;
//   2. learners review their assigned projects through the form (one unfairly; three others reviewed
//      through the fixture), the instructor closes reviews, results and course points show;
//   3. an author flags the unfair review, the instructor discards it, scores and points are recomputed.
import { execFileSync } from 'node:child_process'
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test'

// The machine running the suite is shared and slow; pages are rendered per request.
const expect = baseExpect.configure({ timeout: 30_000 })

const COURSE = 'data-engineering-zoomcamp'
const PROJECT = `/courses/${COURSE}/project`
const CRITERIA = ['problem-description', 'cloud', 'data-ingestion', 'data-warehouse', 'transformations', 'dashboard', 'reproducibility']
const PASSWORD = 'a long learner password'
const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`
const cli = (...args: string[]) =>
  execFileSync('node_modules/.bin/tsx', args, {
    env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', DATABASE_URL: '' },
  }).toString()

interface Stage {
  learners: { name: string; email: string }[]
  reviewedByHarsh: string[]
}

/** Clears the course's project and builds a stage of attempt 1 (see the fixture's header). */
function projectStage(stage: 'upcoming' | 'reviewing' | 'results', reviewedBy: string[] = []): Stage {
  const output = cli('tests/e2e/support/project-stage.ts', stage, COURSE, reviewedBy.join(',')).trim().split('\n').at(-1)!
  return { learners: [], reviewedByHarsh: [], ...(JSON.parse(output) as Partial<Stage>) }
}

async function newLearner(browser: Browser, name: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`/sign-up?redirectTo=/courses/${COURSE}`)
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${unique()}@example.com`)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`))
  await page.getByRole('button', { name: 'Enrol for free' }).click()
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}/dashboard$`))
  return page
}

async function signIn(browser: Browser, email: string, path: string): Promise<Page> {
  const page = await browser.newPage()
  await page.goto(`/sign-in?redirectTo=${path}`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(new RegExp(`${path}$`))
  return page
}

async function newInstructor(browser: Browser): Promise<Page> {
  const email = `instructor-${unique()}@example.com`
  cli('cli/syllabus.ts', 'admin', 'create', '--email', email)
  const page = await browser.newPage()
  page.on('dialog', (dialog) => void dialog.accept())
  await page.goto(`/sign-in?redirectTo=${PROJECT}/moderation`)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('e2e admin password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Project moderation' })).toBeVisible()
  return page
}

async function phaseControl(instructor: Page, button: string, phaseAfter: string) {
  const attempt = instructor.getByTestId('attempt-1')
  await attempt.getByRole('button', { name: button }).click()
  // The page refreshes after the action, showing the new phase (and the next phase's button).
  await expect(attempt.getByTestId('phase')).toHaveText(phaseAfter)
  await instructor.reload()
  await expect(instructor.getByTestId('attempt-1').getByTestId('phase')).toHaveText(phaseAfter)
}

/** The number in "12 / 28 points". */
async function totalOf(page: Page) {
  return Number((await page.getByTestId('project-total').textContent())!.match(/(\d+) \//)![1])
}

/** The final-project part of the dashboard's points breakdown ("… + project and reviews 38"). */
async function projectPointsOnDashboard(page: Page) {
  await page.goto(`/courses/${COURSE}/dashboard`)
  return Number((await page.getByTestId('points-breakdown').textContent())!.match(/project and\s+reviews (\d+)/)![1])
}

// Generous time limits: every page is rendered per request on a shared 2-core machine (a first page in a
// new browser context took 10–25 s under load).
test('an instructor opens submissions, five learners submit through the form, and closing submissions assigns three reviewers each', async ({ browser }) => {
  test.setTimeout(1_200_000)
  projectStage('upcoming')
  const instructor = await newInstructor(browser)
  await expect(instructor.getByTestId('attempt-1').getByTestId('phase')).toHaveText('Not open yet')
  await phaseControl(instructor, 'Open submissions now', 'Collecting submissions')

  const names = ['Ada', 'Grace', 'Edsger', 'Barbara', 'Harsh']
  const learners: Page[] = []
  for (const [index, name] of names.entries()) {
    const page = await newLearner(browser, name)
    await expect(page.getByTestId('dashboard-project')).toContainText('Collecting submissions')
    await page.goto(PROJECT)
    await expect(page.getByTestId('project-phase')).toHaveText('Collecting submissions')
    await page.getByRole('link', { name: 'Submit your project' }).click()
    // Bad input first: a plain-http repository is refused with a clear message.
    await page.getByLabel('Repository (https)').fill(`http://github.com/${name.toLowerCase()}/pipeline`)
    await page.getByLabel('Commit to review (40-character hash)').fill(`${index}`.repeat(40))
    await page.getByLabel('Short description').fill(`${name}'s pipeline: taxi trips from the API into a lake, BigQuery and a dashboard.`)
    if (index === 0) {
      await page.getByRole('button', { name: 'Save submission' }).click()
      await expect(page.locator('#project-repoUrl-error')).toContainText('https://')
    }
    await page.getByLabel('Repository (https)').fill(`https://github.com/${name.toLowerCase()}/pipeline`)
    await page.getByLabel('Dashboard (optional, https)').fill(`https://lookerstudio.google.com/${name.toLowerCase()}`)
    await page.getByLabel('Learning in public: links to your posts, one per line').fill(`https://www.linkedin.com/posts/${name.toLowerCase()}-1`)
    await page.getByLabel('Hours spent (optional)').fill('20')
    await page.getByRole('button', { name: 'Save submission' }).click()
    await expect(page.getByRole('status')).toContainText('Saved.')
    // The preview is what reviewers will see: the project, not who made it.
    const preview = page.getByTestId('project-card')
    await expect(preview).toContainText(`https://github.com/${name.toLowerCase()}/pipeline`)
    await expect(preview).not.toContainText('@example.com')
    if (index === 0) await page.screenshot({ path: 'docs/screenshots/project-submission-form.png', fullPage: true })
    learners.push(page)
  }

  await phaseControl(instructor, 'Close submissions and assign reviewers now', 'Peer reviewing')
  // Submissions are closed: the form is read-only.
  await learners[0]!.goto(`${PROJECT}/submit`)
  await expect(learners[0]!.getByLabel('Repository (https)')).toBeDisabled()
  // Every learner has three projects to review (the draw's rules are property-tested in
  // server/projects/assignment.test.ts); the first opens hers: none is her own, none names its author.
  for (const page of learners) {
    await page.goto(`${PROJECT}/reviews`)
    await expect(page.getByTestId('review-list').getByRole('listitem')).toHaveCount(3)
  }
  const ada = learners[0]!
  for (const label of ['Project 1', 'Project 2', 'Project 3']) {
    await ada.goto(`${PROJECT}/reviews`)
    await ada.getByRole('link', { name: label, exact: true }).click()
    await expect(ada.getByRole('heading', { name: 'Review a project' })).toBeVisible()
    await expect(ada.getByTestId('project-card')).toContainText('https://github.com/')
    await expect(ada.getByTestId('project-card')).not.toContainText('github.com/ada/')
    await expect(ada.getByTestId('project-card')).not.toContainText('@example.com')
  }
})

test('learners review their assigned projects through the form; closing reviews shows results and course points', async ({ browser }) => {
  test.setTimeout(1_200_000)
  // Grace, Edsger and Barbara have reviewed already (top marks, by the fixture); Ada and Harsh review here.
  const { learners: accounts } = projectStage('reviewing', ['Grace', 'Edsger', 'Barbara'])
  const learners = new Map<string, Page>()
  for (const [index, account] of accounts.entries()) {
    if (account.name !== 'Ada' && account.name !== 'Harsh') continue
    const page = await signIn(browser, account.email, `${PROJECT}/reviews`)
    learners.set(account.name, page)
    const harsh = account.name === 'Harsh'
    await expect(page.getByTestId('review-list').getByRole('listitem')).toHaveCount(3)
    for (const label of ['Project 1', 'Project 2', 'Project 3']) {
      await page.goto(`${PROJECT}/reviews`)
      await page.getByRole('link', { name: label, exact: true }).click()
      await expect(page.getByRole('heading', { name: 'Review a project' })).toBeVisible()
      // The reviewer sees the project, not its author.
      await expect(page.getByTestId('project-card')).not.toContainText('@example.com')
      if (index === 0 && label === 'Project 1') {
        // Incomplete: every criterion is required.
        await page.getByRole('button', { name: 'Submit review' }).click()
        await expect(page.locator('#problem-description-levels-error')).toHaveText('Choose one level.')
      }
      for (const criterion of CRITERIA) {
        await page.locator(`#${criterion}-level-${harsh ? 0 : 2}`).check()
        await page.locator(`#${criterion}-comment`).fill(harsh ? 'Nothing here works.' : `Looks right for ${criterion}.`)
      }
      await page.getByLabel('Overall comment for the author').fill(harsh ? 'UNFAIR REVIEW: I did not even run it.' : 'A clear, working pipeline. Nice dashboard.')
      if (index === 0 && label === 'Project 2') {
        // A saved draft survives a reload.
        await page.getByRole('button', { name: 'Save draft' }).click()
        await expect(page.getByRole('status')).toHaveText('Draft saved.')
        await page.screenshot({ path: 'docs/screenshots/project-review-form.png', fullPage: true })
        await page.reload()
        await expect(page.getByLabel('Overall comment for the author')).toHaveValue('A clear, working pipeline. Nice dashboard.')
        await expect(page.locator('#dashboard-level-2')).toBeChecked()
      }
      await page.getByRole('button', { name: 'Submit review' }).click()
      await expect(page.getByRole('status')).toContainText('Review submitted.')
    }
    await page.goto(`${PROJECT}/reviews`)
    await expect(page.getByTestId('review-list')).not.toContainText('Due')
  }

  const instructor = await newInstructor(browser)
  await expect(instructor.getByTestId('attempt-1').getByTestId('phase')).toHaveText('Peer reviewing')
  await phaseControl(instructor, 'Close reviews and publish results now', 'Results')

  // Results: per criterion each anonymous reviewer, the median, the total, pass or fail with the reason.
  const ada = learners.get('Ada')!
  await ada.goto(`${PROJECT}/results`)
  await expect(ada.getByTestId('verdict')).toContainText(/Passed|Not passed/)
  await expect(ada.getByTestId('results-table').getByRole('columnheader', { name: /^Reviewer \d$/ })).toHaveCount(3)
  const total = await totalOf(ada)
  for (const account of accounts) await expect(ada.getByTestId('results-table')).not.toContainText(account.name)
  // The project's points are in the course points: total + 1 learning-in-public link + 3 reviews × 3.
  expect(await projectPointsOnDashboard(ada)).toBe(total + 1 + 9)
  await expect(ada.getByTestId('dashboard-project')).toContainText('Results')
  // A reviewer sees how their grading compared with the others'.
  await ada.goto(`${PROJECT}/reviews`)
  await expect(ada.getByTestId('agreement')).toHaveCount(3)
  const harsh = learners.get('Harsh')!
  await harsh.goto(`${PROJECT}/reviews`)
  await expect(harsh.getByTestId('agreement').first()).toContainText('far from the others')
})

test('an author flags an unfair review, the instructor discards it, and scores and points are recomputed', async ({ browser }) => {
  test.setTimeout(900_000)
  const { learners: accounts, reviewedByHarsh } = projectStage('results')
  const authorAccount = accounts.find((account) => account.name === reviewedByHarsh[0])!
  const harshAccount = accounts.find((account) => account.name === 'Harsh')!

  const results = await signIn(browser, authorAccount.email, `${PROJECT}/results`)
  // Reviews of 4, 4 and 0 per criterion: the median is 4, the project scores full marks even with the unfair review.
  await expect(results.getByTestId('verdict')).toContainText('Passed')
  await expect(results.getByTestId('results-table').getByRole('columnheader', { name: /^Reviewer \d$/ })).toHaveCount(3)
  const totalBefore = await totalOf(results)
  const unfair = results.locator('[data-testid^="review-Reviewer"]').filter({ hasText: 'UNFAIR REVIEW' })
  const unfairLabel = (await unfair.locator('p').first().textContent())!.trim()
  await unfair.getByLabel(`How helpful was ${unfairLabel}?`).selectOption('1')
  await unfair.getByLabel(`Flag ${unfairLabel}`).selectOption('unfair')
  await unfair.getByLabel('Why (needed for a flag; an instructor reads it)').fill('The reviewer says nothing works, but the README run works end to end.')
  await unfair.getByRole('button', { name: `Send feedback on ${unfairLabel}` }).click()
  await expect(unfair.getByRole('status')).toHaveText('Thanks. An instructor will look at this review.')
  // What the author chose stays on screen after the save, and after a reload (it was stored).
  await expect(unfair.getByLabel(`Flag ${unfairLabel}`)).toHaveValue('unfair')
  await expect(unfair.getByLabel(`How helpful was ${unfairLabel}?`)).toHaveValue('1')
  await results.screenshot({ path: 'docs/screenshots/project-results.png', fullPage: true })
  await results.reload()
  const unfairAfterReload = results.getByTestId(`review-${unfairLabel}`)
  await expect(unfairAfterReload.getByLabel(`Flag ${unfairLabel}`)).toHaveValue('unfair')

  // The unfair reviewer sees their agreement, far from the others; their points count 3 reviews.
  const harsh = await signIn(browser, harshAccount.email, `${PROJECT}/reviews`)
  await expect(harsh.getByTestId('agreement').first()).toContainText('far from the others')
  // Per criterion: their 0 beside the other reviewers' 4 (the comparison opens by itself for a review far off).
  const comparison = harsh.getByTestId('review-comparison').first()
  await expect(comparison.getByRole('row', { name: /Problem description/ })).toContainText(/0 \/ 4\s*4 \/ 4/)
  const harshPointsBefore = await projectPointsOnDashboard(harsh)

  // The instructor sees the flag with the reviewer's name, and discards the review.
  const instructor = await newInstructor(browser)
  const flagged = instructor.getByTestId('flagged-review')
  await expect(flagged).toHaveCount(1)
  await expect(flagged).toContainText('Harsh')
  await flagged.getByLabel('Reason for discarding this review').fill('Contradicts the README; the pipeline runs.')
  await flagged.getByRole('button', { name: 'Discard this review' }).click()
  // The page refreshes after the action: the flag is resolved, so it leaves the queue.
  await expect(instructor.getByTestId('flagged-review')).toHaveCount(0)
  await instructor.reload()
  await expect(instructor.getByTestId('flagged-review')).toHaveCount(0)
  await expect(instructor.getByTestId('submission-row').filter({ hasText: 'discarded — Contradicts the README' })).toHaveCount(1)

  // The author's results: the review is marked discarded, out of the table, the total recomputed.
  await results.reload()
  await expect(results.getByTestId(`review-${unfairLabel}`)).toContainText('discarded by an instructor')
  await expect(results.getByTestId('results-table').getByRole('columnheader', { name: /^Reviewer \d$/ })).toHaveCount(2)
  expect(await totalOf(results)).toBe(totalBefore)
  await expect(results.getByTestId('verdict')).toContainText('Passed')
  for (const account of accounts) await expect(results.getByTestId('results-table')).not.toContainText(account.name)

  // The discarded reviewer is told, no longer passes, and loses that review's 3 points.
  await harsh.goto(`${PROJECT}/reviews`)
  await expect(harsh.getByText(/Discarded by an instructor: Contradicts the README/)).toBeVisible()
  await harsh.goto(`${PROJECT}/results`)
  await expect(harsh.getByTestId('verdict')).toContainText('2 of the 3 reviews')
  expect(await projectPointsOnDashboard(harsh)).toBe(harshPointsBefore - 3)
  await harsh.goto(`/courses/${COURSE}/leaderboard`)
  await expect(harsh.getByTestId('viewer-project-points')).toHaveText(String(harshPointsBefore - 3))
})
