// The worker's warm-up of its writes: every statement runs on the pooled connections, prepared there,
// and nothing is written or notified.
import pg from 'pg'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { loadCourse } from '../../course/load.ts'
import { miniCourseDir } from '../../course/fixture-copy.ts'
import { configureDbClient, db, disconnectDb } from '../db/client.ts'
import { createLearner, seedCourseRows } from '../submissions/testing/seed-course.ts'
import { GRADING_RUN_CHANNEL, warmRunLifecycle } from './run-lifecycle.ts'

const listener = new pg.Client(process.env.DATABASE_URL)
const notified: string[] = []

beforeAll(async () => {
  const seeded = await seedCourseRows(await loadCourse(miniCourseDir))
  await createLearner({ enrolIn: seeded.courseId })
  await disconnectDb()
  // As the worker makes its client.
  configureDbClient({ poolMax: 4, namedStatements: true })
  await listener.connect()
  listener.on('notification', (message) => notified.push(message.payload ?? ''))
  await listener.query(`LISTEN ${GRADING_RUN_CHANNEL}`)
})

afterAll(async () => {
  await listener.end()
  await disconnectDb()
})

async function everyRow() {
  const tables = ['GradingRun', 'Submission', 'QuestionScore', 'HomeworkScore', 'Enrollment']
  return listener.query(tables.map((table) => `SELECT '${table}' AS "table", to_jsonb(row) AS row FROM "${table}" AS row`).join(' UNION ALL ') + ' ORDER BY 1, 2')
}

test('warming the writes prepares them on the pooled connections and changes nothing', async () => {
  const before = await everyRow()
  await warmRunLifecycle(3)
  expect((await everyRow()).rows).toEqual(before.rows)
  // Three connections of this process's pool are open, each with the writes prepared.
  const backends = await listener.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  )
  expect(backends.rows[0]!.count).toBe(3)
  const prepared = await db.$queryRaw<{ statements: number }[]>`SELECT count(*)::int AS statements FROM pg_prepared_statements WHERE name LIKE 's\\_%'`
  expect(prepared[0]!.statements).toBeGreaterThanOrEqual(4)
  await listener.query('SELECT 1') // a notification sent before this would have arrived by now
  expect(notified).toEqual([])
})
