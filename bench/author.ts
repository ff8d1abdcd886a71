// `npm run bench:author`: the author's loop — wall time of `syllabus grade` for one answer with the
// grading cluster already running (as beside `npm start`: datasets loaded, the learner role
// provisioned by the worker), against the yardsticks `node -e 0` and `node --import tsx -e 0`
// measured in the same run; and a batch of answers graded in one process (per-answer cost).
// Each sample is a fresh process, as an author runs it. A throwaway embedded PostgreSQL holds the
// small nyc_taxi data (`--data-dir DIR` keeps it between runs); Docker is used for the python rows
// when it answers. Print os.loadavg() at start and end: the machine is shared. The `syllabus` rows run
// the prebuilt CLI (cli/launch.mjs) as `npm run syllabus` does; one row runs the sources through tsx.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { repositoryCoursesDir } from '../course/fixture-copy.ts'
import { loadCourse } from '../course/load.ts'
import { ensureDatasetLoaded } from '../datasets/nyc-taxi/load.ts'
import { openSqlGradingEnvironment } from '../graders/sql/grading-environment.ts'
import { startEmbeddedCluster } from '../server/db/embedded-cluster.ts'

const root = path.resolve(import.meta.dirname, '..')
const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    samples: { type: 'string', default: '7' },
    batch: { type: 'string', default: '10' },
    'data-dir': { type: 'string' },
    'sql-question': { type: 'string', default: 'hw1/longest-trip-day' },
    'python-question': { type: 'string', default: 'hw2/transform-green-rows' },
  },
})
const samples = Number(flags.samples)
const batchSize = Number(flags.batch)
const log = (message: string) => process.stderr.write(`${message}\n`)
const loadAverage = () => os.loadavg().map((value) => value.toFixed(2)).join(' / ')
const exec = promisify(execFile)
const loadAverageAtStart = loadAverage()

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

const courseDir = path.join(repositoryCoursesDir, 'data-engineering-zoomcamp')
const course = await loadCourse(courseDir)
function solutionOf(reference: string): string {
  const [homeworkSlug, questionSlug] = reference.split('/')
  const week = course.weeks.find((candidate) => candidate.homework?.slug === homeworkSlug)
  const question = week?.homework?.questions.find((candidate) => candidate.slug === questionSlug)
  if (!week || !question) throw new Error(`No question ${reference}`)
  return path.join(courseDir, 'weeks', week.folder, 'hidden', 'solutions', `${questionSlug}.${question.kind === 'python' ? 'py' : 'sql'}`)
}

const keep = flags['data-dir'] !== undefined
const dir = keep ? path.resolve(flags['data-dir']!) : await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-author-'))
const cluster = await startEmbeddedCluster({ dataDir: path.join(dir, 'pg'), persistent: keep, settings: { fsync: 'off', synchronous_commit: 'off', max_connections: '200' } })
const adminUrl = cluster.url('postgres')
try {
  log('Loading the small nyc_taxi data and opening the grading environment as a running worker would…')
  await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant: 'public', size: 'small' })
  // The worker's start: hidden variants built, every database granted to the learner role, the
  // question's killing databases built.
  const sqlQuestion = course.weeks.flatMap((week) => week.homework?.questions ?? []).find((question) => `${question.slug}` === flags['sql-question']!.split('/')[1])
  if (sqlQuestion?.kind !== 'sql') throw new Error(`${flags['sql-question']} is not a SQL question`)
  const worker = await openSqlGradingEnvironment(adminUrl, { size: 'small', onProgress: log })
  await worker.killingDatabasesFor(sqlQuestion.hidden.killingData)
  await worker.close()

  const env: NodeJS.ProcessEnv = { ...process.env, GRADING_DATABASE_URL: adminUrl, NODE_ENV: 'production', LOG_LEVEL: 'warn' }
  const wall = async (command: string, args: string[]) => {
    const started = performance.now()
    await exec(command, args, { cwd: root, env })
    return performance.now() - started
  }
  const measure = async (label: string, command: string, args: string[]) => {
    await wall(command, args) // warm the page cache and tsx's transform cache
    const times: number[] = []
    for (let i = 0; i < samples; i++) times.push(await wall(command, args))
    log(`  ${label}: ${times.map((time) => time.toFixed(0)).join(', ')} ms`)
    return { label, times }
  }
  // As `npm run syllabus` runs it: the prebuilt CLI (cli/launch.mjs; the warm-up builds it when stale).
  const gradeArgs = (question: string, files: string[]) => ['grade', '--course', courseDir, '--question', question, ...files]
  const grade = (question: string, files: string[]) => ['cli/launch.mjs', ...gradeArgs(question, files)]

  const batchDir = path.join(dir, 'batch')
  await mkdir(batchDir, { recursive: true })
  for (let i = 0; i < batchSize; i++) await copyFile(solutionOf(flags['sql-question']!), path.join(batchDir, `answer-${String(i).padStart(2, '0')}.sql`))

  const rows = [
    await measure('node -e 0 (yardstick)', process.execPath, ['-e', '0']),
    await measure('node --import tsx -e 0', process.execPath, ['--import', 'tsx', '-e', '0']),
    await measure('syllabus --help (dispatcher only)', process.execPath, ['cli/launch.mjs', '--help']),
    await measure(`syllabus grade, one SQL answer (${flags['sql-question']})`, process.execPath, grade(flags['sql-question']!, [solutionOf(flags['sql-question']!)])),
    await measure(`syllabus grade, a batch of ${batchSize} SQL answers`, process.execPath, grade(flags['sql-question']!, [batchDir])),
    await measure(`npm run syllabus -- grade, one SQL answer`, 'npm', ['run', '--silent', 'syllabus', '--', 'grade', '--course', courseDir, '--question', flags['sql-question']!, solutionOf(flags['sql-question']!)]),
  ]
  const docker = await exec('docker', ['info', '--format', '{{.ServerVersion}}']).then(() => true, () => false)
  rows.push(await measure('syllabus grade through tsx (sources, not prebuilt), one SQL answer', process.execPath, ['--import', 'tsx', 'cli/syllabus.ts', ...gradeArgs(flags['sql-question']!, [solutionOf(flags['sql-question']!)])]))
  if (docker) rows.push(await measure(`syllabus grade, one Python answer (${flags['python-question']})`, process.execPath, grade(flags['python-question']!, [solutionOf(flags['python-question']!)])))

  const yardstick = percentile(rows[0]!.times, 0.5)
  console.log(`Author loop: wall time of one process, ${samples} samples each (after one warm-up), grading cluster already running, ${os.availableParallelism()} cores`)
  console.log('| command | p50 | max | p50 vs node -e 0 |')
  console.log('|---|---|---|---|')
  for (const { label, times } of rows) {
    const p50 = percentile(times, 0.5)
    console.log(`| ${label} | ${p50.toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${(p50 / yardstick).toFixed(1)}× |`)
  }
  const one = percentile(rows[3]!.times, 0.5)
  const batch = percentile(rows[4]!.times, 0.5)
  console.log(`\nBatch: ${((batch - one) / (batchSize - 1)).toFixed(0)} ms per further answer in the same process.`)
  console.log(`Load average (1/5/15 min): ${loadAverageAtStart} at start, ${loadAverage()} at end; ${new Date().toISOString()}.`)
} finally {
  await cluster.stop()
}
