// `npm run bench:questions-check [-- --course DIR] [--question hw/q] [--data-dir DIR]`
// The author's whole-course check (issue 16): `syllabus questions check` on every PostgreSQL question
// of a course (the Zoomcamp by default) — mutants, wrong answers and alternatives graded on the public,
// hidden and killing data — in one process on its own embedded PostgreSQL 18 (small nyc_taxi data;
// --data-dir keeps the cluster and its datasets between runs). Prints the check time the command
// reports, the process's wall time with and without opening the environment, and the load average
// at start and end (the machine is shared). Exit code: the command's.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { run as questions } from '../cli/commands/questions.ts'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { startEmbeddedCluster } from '../server/db/embedded-cluster.ts'
import { setEnv } from '../server/env.ts'

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: { course: { type: 'string' }, question: { type: 'string' }, 'data-dir': { type: 'string' } },
})
const log = (message: string) => process.stderr.write(`${message}\n`)
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ')
const loadAtStart = loadAverage()
log(`load average at start (1 / 5 / 15 min): ${loadAtStart}`)

const keep = flags['data-dir'] !== undefined
const dir = keep ? path.resolve(flags['data-dir']!) : await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-check-'))
const cluster = await startEmbeddedCluster({
  dataDir: path.join(dir, 'pg'),
  persistent: keep,
  settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
})
try {
  setEnv('GRADING_DATABASE_URL', cluster.url('postgres'))
  const course = flags.course ?? path.join(repositoryCoursesDir, 'data-engineering-zoomcamp')
  const started = performance.now()
  const code = await questions(['check', course, ...(flags.question ? ['--question', flags.question] : [])])
  const seconds = (performance.now() - started) / 1000
  console.log(`\nquestions check ${path.basename(course)}${flags.question ? ` --question ${flags.question}` : ''}: exit ${code}, ${seconds.toFixed(1)} s in the command (environment opened, datasets loaded if missing)`)
  console.log(`load average (1 / 5 / 15 min): ${loadAtStart} at start, ${loadAverage()} at end`)
  process.exitCode = code
} finally {
  await cluster.stop()
  if (!keep) await rm(dir, { recursive: true, force: true })
}
