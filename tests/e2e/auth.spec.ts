import { execFileSync } from 'node:child_process'
import { expect, test } from '@playwright/test'

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`

test('a learner signs up, sees /me, signs out, signs in again, and is refused /admin', async ({ page }) => {
  const email = `learner-${unique()}@example.com`
  const password = 'a good long password'

  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Courses' })).toBeVisible()
  await page.getByRole('link', { name: 'Sign up' }).click()

  await page.getByLabel('Name').fill('Grace Learner')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create account' }).click()

  await expect(page).toHaveURL(/\/me$/)
  await expect(page.getByTestId('me-email')).toHaveText(email)
  await expect(page.getByTestId('me-role')).toHaveText('learner')
  await expect(page.getByText('You are not enrolled in a course yet')).toBeVisible()

  const adminResponse = await page.goto('/admin')
  expect(adminResponse?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible()
  await page.goto('/me')
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fme/)

  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByText('The email or password is not right.', { exact: false })).toBeVisible()

  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/me$/)
  await expect(page.getByTestId('me-email')).toHaveText(email)
})

test('sign-up explains bad input next to each field', async ({ page }) => {
  await page.goto('/sign-up')
  await page.getByLabel('Name').fill('Someone')
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByText('Enter a valid email address')).toBeVisible()
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible()
  // What was typed stays, apart from the password.
  await expect(page.getByLabel('Email')).toHaveValue('not-an-email')
})

test('an email already taken gets a clear message', async ({ page, browser }) => {
  const email = `taken-${unique()}@example.com`
  await page.goto('/sign-up')
  await page.getByLabel('Name').fill('First')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('first long password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page).toHaveURL(/\/me$/)

  const other = await browser.newPage()
  await other.goto('/sign-up')
  await other.getByLabel('Name').fill('Second')
  await other.getByLabel('Email').fill(email.toUpperCase())
  await other.getByLabel('Password').fill('second long password')
  await other.getByRole('button', { name: 'Create account' }).click()
  await expect(other.getByText('An account with this email already exists.', { exact: true })).toBeVisible()
  await other.close()
})

test('the first admin, made with the CLI, reaches /admin', async ({ page }) => {
  const email = `admin-${unique()}@example.com`
  // Attaches to the embedded database that the e2e server runs (its postmaster.pid gives the port).
  const output = execFileSync('node_modules/.bin/tsx', ['cli/syllabus.ts', 'admin', 'create', '--email', email], {
    env: { ...process.env, SYLLABUS_DATA_DIR: '.data/e2e', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', DATABASE_URL: '' },
  }).toString()
  expect(output).toContain(`Created the administrator ${email}`)

  await page.goto('/sign-in?redirectTo=/admin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('e2e admin password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/admin$/)
  await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible()
  await expect(page.getByRole('cell', { name: email })).toBeVisible()

  await page.getByRole('link', { name: /Grading: regrade/ }).click()
  await expect(page.getByRole('heading', { name: 'Runs that could not be graded' })).toBeVisible()
  await page.getByLabel('Homework').selectOption('hw1')
  await page.getByRole('button', { name: 'Regrade latest attempts' }).click()
  await expect(page.getByRole('status')).toContainText(/Queued \d+ regrade/)
})

test('a learner is refused the grading page', async ({ page }) => {
  await page.goto('/sign-up?redirectTo=/admin/grading')
  await page.getByLabel('Name').fill('Learner')
  await page.getByLabel('Email').fill(`nograding-${unique()}@example.com`)
  await page.getByLabel('Password').fill('a long learner password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: 'You don’t have access to this page' })).toBeVisible()
})
