// The PostgreSQL engine's choice of when a hidden run starts: beside the public run when the answer is
// the only one grading, after the public phase when other grades share the cores. Scripted runner: the
// same behaviour against the real sandbox is in grade-sql-answer.integration.test.ts and worker.test.ts.
import { describe, expect, it } from 'vitest'
import { miniCourseDir } from '../course/fixture-copy.ts'
import { loadCourse } from '../course/load.ts'
import { findHomework } from '../server/courses/recent-course.ts'
import { postgresEngine } from './engines.ts'
import { typeOids } from './sql/postgres-text-values.ts'
import type { SqlResultSet } from './sql/result-set.ts'
import type { SqlRunner } from './sql/sql-runner.ts'

function days(...values: string[]): SqlResultSet {
  return { columns: [{ name: 'pickup_day', typeOid: typeOids.date, typeName: 'date' }], rows: values.map((day) => [day]), rowCount: values.length, truncated: false, durationMs: 1 }
}

describe('postgresEngine', () => {
  it('runs a wrong answer on the hidden variant only while it grades alone', async () => {
    const course = await loadCourse(miniCourseDir)
    const homework = findHomework(course, 'hw1')!.homework
    const question = homework.questions.find((entry) => entry.slug === 'longest-trip-day')!
    const runs: string[] = []
    let releaseFirst!: () => void
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    const runner: SqlRunner = {
      async run(database, sql) {
        const wrong = sql.includes('wrong')
        if (wrong) runs.push(`${sql.split('wrong, ')[1]} on ${database}`)
        // The first answer's public run waits until the second answer is grading beside it.
        if (sql.endsWith('first') && database === 'public') await firstHeld
        if (wrong) return days('2019-10-31')
        return database === 'public' ? days('2019-10-01') : days('2019-10-02')
      },
    }
    const engine = postgresEngine(async () => ({ runner, datasetsFor: () => ({ public: { database: 'public', version: '1' }, hidden: [{ database: 'hidden', version: '1' }] }) }))
    const grade = (answer: string) => engine({ question, homework, answer, now: new Date('2027-01-22T12:00:00Z') })

    const first = grade('SELECT DATE \'2019-10-31\' AS pickup_day -- wrong, first')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = grade('SELECT DATE \'2019-10-31\' AS pickup_day -- wrong, second')
    await new Promise((resolve) => setTimeout(resolve, 50))
    releaseFirst()
    expect((await first).verdict).toBe('incorrect')
    expect((await second).verdict).toBe('incorrect')
    // The first started alone: its hidden run went beside the public one. The second found the first
    // grading: a wrong answer's hidden run, which could not change its verdict, never started.
    expect(runs.filter((run) => run.startsWith('first'))).toEqual(['first on public', 'first on hidden'])
    expect(runs.filter((run) => run.startsWith('second'))).toEqual(['second on public'])
  })
})
