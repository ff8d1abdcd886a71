// The registry's bigquery slot as the worker uses it: a course question, data exported on first use
// into a folder (the public variant and the hidden pool), a GradeResult from the local engine.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
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

const HOUR = 60 * 60 * 1000

describe('bigQueryEngine', () => {
  it('exports the public data and a hidden pool once, in opaque folders, and grades a week-3 question', { timeout: 180_000 }, async () => {
    const [course] = await loadCourses(repositoryCoursesDir)
    const homework = course!.weeks.map((week) => week.homework).find((entry) => entry?.slug === 'hw3')!
    const question = homework.questions.find((entry) => entry.slug === 'zero-fare')!
    let now = 10 * HOUR
    const data = localBigQueryData(dir, { pool: { size: 2, rotationMs: 4 * HOUR, now: () => now } })
    const engine = bigQueryEngine(data)
    const right = await engine({ question, homework, answer: 'SELECT COUNT(*) FROM `my-project.nyc_taxi.yellow_tripdata` WHERE fare_amount = 0', now: new Date() })
    expect(right).toMatchObject({ verdict: 'correct', engine: 'bigquery' })
    const wrong = await engine({ question, homework, answer: 'SELECT COUNT(*) FROM nyc_taxi.yellow_tripdata WHERE fare_amount < 0', now: new Date() })
    expect(wrong.verdict).toBe('incorrect')
    const first = (await readdir(dir)).sort()
    // The hidden folders' names are HMACs: they say nothing of the seed; the secret is the owner's only.
    expect(first).toEqual(['hidden-pool-secret', expect.stringMatching(/^public-small-parquet-\d+$/), expect.stringMatching(/^syllabus_ds_v_[0-9a-f]{24}$/), expect.stringMatching(/^syllabus_ds_v_[0-9a-f]{24}$/)])
    expect((await stat(path.join(dir, 'hidden-pool-secret'))).mode & 0o077).toBe(0)
    // Each slot has its own seed (the generator plants its facts from it).
    const graded = await data('nyc_taxi')
    expect(new Set(graded.hidden!.map((variant) => variant.version.split('@')[0])).size).toBe(2)

    // Two rotation periods later every slot has a new variant; folders no epoch needs are removed.
    now += 8 * HOUR
    const rotated = await data('nyc_taxi')
    const rotatedFolders = rotated.hidden!.map((variant) => path.basename(path.dirname(variant.options.datasets[0]!.tables[0]!.files[0]!)))
    for (const folder of rotatedFolders) expect(first).not.toContain(folder)
    await expect.poll(async () => (await readdir(dir)).filter((entry) => first.includes(entry) && entry.startsWith('syllabus_ds_v_')), { timeout: 10_000 }).toEqual([])
    await expect(data('no_such_dataset')).rejects.toThrow(/no dataset no_such_dataset/)
  })
})
