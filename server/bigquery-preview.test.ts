// The homework page's Run for BigQuery questions, on the local engine (no BIGQUERY_PROJECT_ID): the
// public variant only is exported (no hidden pool is waited for), the question's setup runs first,
// and the learner's errors come back as messages.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { loadCourses } from '../course/load.ts'
import { runBigQueryPreview } from './bigquery-preview.ts'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bigquery-preview-'))
  vi.stubEnv('SYLLABUS_DATA_DIR', dir)
  vi.stubEnv('BIGQUERY_PROJECT_ID', undefined)
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(dir, { recursive: true, force: true })
})

describe('runBigQueryPreview (local engine)', () => {
  it("runs the learner's query after the question's setup, on the public data only", { timeout: 120_000 }, async () => {
    const [course] = await loadCourses(repositoryCoursesDir)
    const homework = course!.weeks.map((week) => week.homework).find((entry) => entry?.slug === 'hw3')!
    const question = homework.questions.find((entry) => entry.kind === 'sql' && (entry.spec.setup ?? []).length > 0)
    if (question?.kind !== 'sql') throw new Error('week 3 has a BigQuery question with setup statements')
    const ran = await runBigQueryPreview(question, 'SELECT COUNT(*) AS trips FROM `my-project.nyc_taxi.yellow_tripdata`')
    expect(ran).toMatchObject({ ok: true, columns: ['trips'], truncated: false })
    if (ran.ok) expect(Number(ran.rows[0]![0])).toBeGreaterThan(0)
    const failed = await runBigQueryPreview(question, 'SELECT nope FROM nyc_taxi.yellow_tripdata')
    expect(failed).toMatchObject({ ok: false })
    expect((await readdir(path.join(dir, 'bigquery', 'nyc_taxi'))).filter((entry) => !entry.includes('.partial'))).toEqual([expect.stringMatching(/^public-small-parquet-\d+$/)])
  })
})
