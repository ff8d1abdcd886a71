// Screenshots of the instructor pages (docs/screenshots/instructor-*.png) on a demo cohort:
// seeds 240 learners with enrolments over six weeks, graded attempts and homework scores into a running
// platform's database, signs in as an admin and photographs the cohort dashboard and the roster.
//   npm start -- --data-dir .data/demo   (in another terminal)
//   SYLLABUS_DATA_DIR=.data/demo node_modules/.bin/tsx scripts/instructor-screenshots.ts [http://localhost:3000]
// Never against a real platform: it writes demo learners (emails @demo.invalid).
import { chromium } from '@playwright/test'
import { withDatabases } from '../cli/lib/databases.ts'
import { createOrPromoteAdmin } from '../server/auth/accounts.ts'
import { db, disconnectDb } from '../server/db/client.ts'

const base = process.argv[2] ?? 'http://localhost:3000'
const courseSlug = 'data-engineering-zoomcamp'
const adminEmail = 'demo-admin@demo.invalid'
const password = 'demo admin password'

/** A small deterministic generator, so the pictures are the same on every run. */
let seed = 42
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)

await withDatabases(['app'], async () => {
  await createOrPromoteAdmin(adminEmail, password, 'Demo Admin')
  const course = await db.course.findUniqueOrThrow({
    where: { slug: courseSlug },
    select: { id: true, homeworks: { orderBy: { deadline: 'asc' }, select: { id: true, questions: { select: { id: true, maxPoints: true, engine: true } } } } },
  })
  if ((await db.user.count({ where: { email: { endsWith: '@demo.invalid' } } })) < 10) {
    const start = Date.now() - 6 * 7 * 86_400_000
    for (let i = 0; i < 240; i++) {
      const joined = new Date(start + Math.floor(Math.pow(random(), 2) * 6 * 7) * 86_400_000)
      const user = await db.user.create({ data: { email: `learner${i}@demo.invalid`, name: `Demo Learner ${i}` } })
      let total = 0
      const persistence = random()
      for (const [index, homework] of course.homeworks.slice(0, 4).entries()) {
        if (random() > persistence + 0.3 - index * 0.12) break
        let points = 0
        for (const [qIndex, question] of homework.questions.entries()) {
          const difficulty = 0.35 + ((qIndex * 37 + index * 11) % 50) / 100
          let attempt = 1
          for (; attempt <= 4; attempt++) {
            const correct = random() > difficulty - attempt * 0.1
            const submission = await db.submission.create({
              data: { userId: user.id, questionId: question.id, answer: {}, attempt, status: 'graded', submittedAt: new Date(joined.getTime() + (index * 7 + attempt) * 86_400_000) },
            })
            await db.gradingRun.create({
              data: { submissionId: submission.id, engine: question.engine, status: 'succeeded', verdict: correct ? 'correct' : 'incorrect', score: correct ? 1 : 0, points: correct ? question.maxPoints : 0 },
            })
            if (correct) {
              points += question.maxPoints
              break
            }
          }
        }
        const max = homework.questions.reduce((sum, q) => sum + q.maxPoints, 0)
        await db.homeworkScore.create({ data: { userId: user.id, homeworkId: homework.id, points, maxPoints: max } })
        total += points
      }
      await db.enrollment.create({ data: { userId: user.id, courseId: course.id, createdAt: joined, homeworkPoints: total, points: total } })
    }
  }
  await disconnectDb()
})

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: base })
await page.goto('/sign-in?redirectTo=/me')
await page.getByLabel('Email').fill(adminEmail)
await page.getByLabel('Password').fill(password)
await page.getByRole('button', { name: 'Sign in' }).click()
await page.waitForURL((url) => url.pathname === '/me')
await page.goto(`/courses/${courseSlug}/instructor`)
await page.waitForLoadState('networkidle')
await page.screenshot({ path: 'docs/screenshots/instructor-dashboard.png', fullPage: true })
await page.goto(`/courses/${courseSlug}/instructor/roster`)
await page.waitForLoadState('networkidle')
await page.screenshot({ path: 'docs/screenshots/instructor-roster.png' })
await browser.close()
console.log('docs/screenshots/instructor-dashboard.png, docs/screenshots/instructor-roster.png')
process.exit(0)
