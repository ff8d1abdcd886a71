import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { loadCourse } from '../../course/load.ts'

const COURSE = 'data-engineering-zoomcamp'

test('a visitor walks catalog → course → week 3 → a lesson → its homework', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('link', { name: 'Data Engineering Zoomcamp' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Data Engineering Zoomcamp' })).toBeVisible()
  await expect(page.getByText(/Week 3 · from/)).toBeVisible()

  await page.getByRole('link', { name: 'Data warehouse' }).click()
  await expect(page).toHaveURL(/\/weeks\/data-warehouse$/)
  const firstLesson = page.getByRole('region', { name: 'Lessons' }).getByRole('link').first()
  const lessonTitle = (await firstLesson.textContent())!.replace(/^\d+\.\s*/, '')
  await firstLesson.click()
  await expect(page.getByRole('heading', { level: 1, name: lessonTitle })).toBeVisible()
  // Highlighted code with a copy button, and anchored headings.
  await expect(page.locator('pre code.hljs').first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Copy' }).first()).toBeVisible()
  expect(await page.locator('h2[id]').count()).toBeGreaterThan(0)

  await page.getByRole('link', { name: 'Week 3' }).click()
  await page.getByRole('region', { name: 'Homework' }).getByRole('link').click()
  await expect(page).toHaveURL(/\/homework\/hw3$/)
  await expect(page.getByRole('heading', { name: 'Question 1', exact: true })).toBeVisible()
  await expect(page.getByText(/\(your time\)/)).toBeVisible()
})

test('unknown courses, weeks, lessons and homework are 404 pages', async ({ page }) => {
  for (const url of [
    '/courses/no-such-course',
    `/courses/${COURSE}/weeks/no-such-week`,
    `/courses/${COURSE}/weeks/introduction/no-such-lesson`,
    `/courses/${COURSE}/homework/no-such-homework`,
    '/courses/..%2F..%2Fetc/weeks/x',
  ]) {
    const response = await page.goto(url)
    expect(response?.status(), url).toBe(404)
  }
})

test('no page of the course contains any hidden text', async ({ request }) => {
  const course = await loadCourse(path.resolve('courses', COURSE))
  const hidden: string[] = []
  const urls = [`/`, `/courses/${COURSE}`, `/courses/${COURSE}/project`]
  for (const week of course.weeks) {
    urls.push(`/courses/${COURSE}/weeks/${week.slug}`)
    for (const lesson of week.lessons) urls.push(`/courses/${COURSE}/weeks/${week.slug}/${lesson.slug}`)
    if (!week.homework) continue
    urls.push(`/courses/${COURSE}/homework/${week.homework.slug}`)
    for (const question of week.homework.questions) {
      if (question.kind === 'sql') {
        hidden.push(question.hidden.solutionSql, ...question.hidden.wrongAnswers.map((wrong) => wrong.text))
      }
      if (question.kind === 'python') {
        hidden.push(...question.hidden.wrongAnswers.map((wrong) => wrong.text))
        for (const file of question.hidden.testFiles) {
          hidden.push(await readFile(path.join(question.hidden.testsDir, file), 'utf8'))
        }
      }
      if ('explanation' in question.spec && question.spec.explanation) hidden.push(question.spec.explanation)
    }
  }
  // Whole texts of hidden files, trimmed; short fragments would match public text by chance.
  const needles = hidden.map((text) => text.trim()).filter((text) => text.length >= 24)
  expect(needles.length).toBeGreaterThan(20)
  for (const url of urls) {
    const response = await request.get(url)
    expect(response.status(), url).toBe(200)
    const body = await response.text()
    for (const needle of needles) expect(body.includes(needle), `${url} leaks: ${needle.slice(0, 60)}…`).toBe(false)
  }
})
