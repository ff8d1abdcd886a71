// `npm run bench:sql-killing [-- --samples N] [--data-dir DIR] [--max-connections N]`
// What the killing databases (issue 16) cost a grade: every PostgreSQL question of the Zoomcamp
// course, its reference graded as a right answer (so every phase runs: public, each killing
// database, the hidden variant), with and without the question's killing databases, on the small
// nyc_taxi dataset in an embedded PostgreSQL 18 (hidden pool of 2, references cached as in a
// running worker). Goal: ≤ 1.3× over the whole course. Prints a table for docs/benchmarks.md.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { loadCourses } from '../course/load.ts'
import { gradeSqlAnswer } from '../graders/sql/grade-sql-answer.ts'
import { openSqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import { type LoadedSqlQuestion, sqlQuestionFromCourse } from '../graders/sql/sql-question-from-course.ts'
import type { SqlGradingDatasets } from '../graders/sql/sql-runner.ts'
import { startEmbeddedCluster } from '../server/db/embedded-cluster.ts'

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: { samples: { type: 'string', default: '15' }, 'data-dir': { type: 'string' }, 'max-connections': { type: 'string', default: '8' } },
})
const samples = Number(flags.samples)
const log = (message: string) => process.stderr.write(`${message}\n`)
// The machine is shared: every figure is read next to the load it was measured under.
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ')
const loadAtStart = loadAverage()
log(`load average at start (1 / 5 / 15 min): ${loadAtStart}`)

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const keep = flags['data-dir'] !== undefined
const dir = keep ? path.resolve(flags['data-dir']!) : await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-killing-'))
log(`Starting an embedded PostgreSQL in ${dir}…`)
const cluster = await startEmbeddedCluster({
  dataDir: path.join(dir, 'pg'),
  persistent: keep,
  settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
})
try {
  const environment = await openSqlGradingEnvironment(cluster.url('postgres'), {
    size: 'small',
    poolSize: 4,
    // A worker's budget of learner connections by default (grading-environment.ts): reconnects it causes are counted below.
    maxLearnerConnections: Number(flags['max-connections']),
    hiddenVariants: { size: 2 },
    rotateHiddenVariants: false,
    onProgress: log,
  })
  const courses = await loadCourses(repositoryCoursesDir)
  const course = courses.find((each) => each.slug === 'data-engineering-zoomcamp')!
  const questions = course.weeks.flatMap((week) =>
    (week.homework?.questions ?? [])
      .filter((question): question is LoadedSqlQuestion => question.kind === 'sql' && question.engine === 'postgres')
      .map((question) => ({ homework: week.homework!.slug, question })),
  )
  const rows: string[] = []
  let totalWithout = 0
  let totalWith = 0
  for (const { homework, question } of questions) {
    const spec = sqlQuestionFromCourse(homework, question)
    const base = environment.datasetsFor(spec.dataset)
    const killing = await environment.killingDatabasesFor(question.hidden.killingData)
    const grade = async (datasets: SqlGradingDatasets) => {
      const started = performance.now()
      const result = await gradeSqlAnswer({ question: spec, answerSql: spec.solutionSql, runner: environment.runner, datasets, drawHiddenVariant: () => 0 })
      if (result.verdict !== 'correct') throw new Error(`${spec.id}: the reference graded ${result.verdict}`)
      return performance.now() - started
    }
    // Warm-up: references cached, pools open, as in a running worker.
    await grade(base)
    await grade({ ...base, killing })
    const without: number[] = []
    const withKilling: number[] = []
    for (let sample = 0; sample < samples; sample++) {
      without.push(await grade(base))
      withKilling.push(await grade({ ...base, killing }))
    }
    const [a, b] = [percentile(without, 0.5), percentile(withKilling, 0.5)]
    totalWithout += a
    totalWith += b
    rows.push(`| ${spec.id} | ${killing.length} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(b / a).toFixed(2)} |`)
    log(`${spec.id}: ${a.toFixed(1)} → ${b.toFixed(1)} ms`)
  }
  await environment.close()
  console.log(`load average (1 / 5 / 15 min): ${loadAtStart} at start, ${loadAverage()} at end\n`)
  console.log('| question | killing databases | grade p50 without | grade p50 with | ratio |')
  console.log('|---|---|---|---|---|')
  for (const row of rows) console.log(row)
  console.log(`| **whole course (sum of p50s)** | | ${totalWithout.toFixed(1)} ms | ${totalWith.toFixed(1)} ms | **${(totalWith / totalWithout).toFixed(2)}** |`)
  console.log(`\nlearner connections closed to stay within the budget of ${flags['max-connections']}: ${environment.connectionBudget.evicted}`)
} finally {
  await cluster.stop()
  if (!keep) await rm(dir, { recursive: true, force: true })
}
