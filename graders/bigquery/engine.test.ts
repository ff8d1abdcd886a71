// The registry's bigquery slot as the worker uses it: a course question, data exported on first use
// into a folder, a GradeResult from the local engine.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourses } from '../../course/load.ts'
import { bigQueryEngine } from './engine.ts'
import { localBigQueryData } from './local-data.ts'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bigquery-engine-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('bigQueryEngine', () => {
  it('exports the Parquet data once and grades a week-3 question', { timeout: 120_000 }, async () => {
    const [course] = await loadCourses(repositoryCoursesDir)
    const homework = course!.weeks.map((week) => week.homework).find((entry) => entry?.slug === 'hw3')!
    const question = homework.questions.find((entry) => entry.slug === 'zero-fare')!
    const data = localBigQueryData(dir)
    const engine = bigQueryEngine(data)
    const right = await engine({ question, homework, answer: 'SELECT COUNT(*) FROM `my-project.nyc_taxi.yellow_tripdata` WHERE fare_amount = 0', now: new Date() })
    expect(right).toMatchObject({ verdict: 'correct', engine: 'bigquery' })
    const wrong = await engine({ question, homework, answer: 'SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata WHERE fare_amount < 0', now: new Date() })
    expect(wrong.verdict).toBe('incorrect')
    expect((await readdir(dir)).sort()).toEqual([expect.stringMatching(/^hidden-small-parquet-\d+$/), expect.stringMatching(/^public-small-parquet-\d+$/)])
    await expect(data('no_such_dataset')).rejects.toThrow(/no dataset no_such_dataset/)
  })
})
