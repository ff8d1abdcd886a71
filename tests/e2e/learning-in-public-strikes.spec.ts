// Issue 18, item 9: course staff review learning-in-public links and strike one that is not a post;
// the learner sees it struck with the reason, and their points drop at once.
import { expect as baseExpect, test } from '@playwright/test'
import { COURSE, signInAsNewAdmin, signUpToEnrol, unique } from './support/learner.ts'

test.describe.configure({ timeout: 400_000 })
const expect = baseExpect.configure({ timeout: 30_000 })

test('staff strike a link with a reason; the learner sees it struck and loses its point', async ({ page, browser }) => {
  await signUpToEnrol(page, 'Sol')
  const real = `https://www.linkedin.com/posts/sol-${unique()}`
  const madeUp = `https://x.com/sol${unique().replace('-', '')}/status/1234567`
  await page.goto(`/courses/${COURSE}/homework/hw1`)
  const form = page.getByRole('form', { name: 'Beyond the answers' })
  await form.getByLabel('Learning in public').fill(`${real}\n${madeUp}`)
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('status')).toContainText('Learning in public: 2 of 7 points')

  const staff = await signInAsNewAdmin(browser)
  await staff.goto(`/courses/${COURSE}/instructor`)
  await staff.getByRole('link', { name: 'Learning in public →' }).click()
  await expect(staff.getByRole('heading', { name: 'Learning in public' })).toBeVisible()
  const link = staff.getByRole('listitem').filter({ has: staff.getByRole('link', { name: madeUp }) }).last()
  await link.getByLabel(`Reason for striking ${madeUp}`).fill('This post does not exist.')
  await link.getByRole('button', { name: 'Strike' }).click()
  await expect(staff.getByText('Struck: This post does not exist.')).toBeVisible()
  await staff.close()

  await page.reload()
  const struck = page.getByTestId('struck-links')
  await expect(struck).toContainText('Struck by course staff (no point):')
  await expect(struck.locator('del')).toHaveText(madeUp)
  await expect(struck).toContainText('This post does not exist.')
  await page.goto(`/courses/${COURSE}/dashboard`)
  await expect(page.getByTestId('course-points')).toHaveText('1')
  await expect(page.getByTestId('points-breakdown')).toContainText('learning in public 1')
})
