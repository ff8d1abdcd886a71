// The platform as `npm start` runs it (production build, web server, one worker, embedded app and
// grading clusters) on a throwaway data directory, plus extra `syllabus worker` processes that the
// rush may SIGKILL and restart. Every child is killed when the bench exits.
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { attachOrStartEmbeddedCluster } from '../../server/db/embedded-cluster.ts'
import { APP_DATABASE, appClusterDir, appSocketDir } from '../../cli/lib/databases.ts'

export const root = path.resolve(import.meta.dirname, '../..')

const children = new Set<ChildProcess>()
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

/** Spawns `node --import tsx cli/syllabus.ts …` and resolves once a line of its output matches `ready`. */
function spawnUntil(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, prefix: string, timeoutMs: number, echo: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/syllabus.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${prefix} was not ready within ${timeoutMs / 1000} s`)), timeoutMs)
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        // eslint-disable-next-line no-control-regex -- the CLI colours its output
        const plain = line.replace(/\x1b\[[0-9;]*m/g, '')
        if (echo || /error|✖|failed|stopped unexpectedly/i.test(plain)) process.stderr.write(`${prefix} ${plain}\n`)
        if (ready.test(plain)) {
          clearTimeout(timer)
          resolve(child)
        }
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${prefix} exited (${code ?? signal}) before it was ready`))
    })
  })
}

export interface Platform {
  baseUrl: string
  /** The app database's URL (the embedded cluster `npm start` runs on the data directory). */
  databaseUrl: string
  env: NodeJS.ProcessEnv
  /** Starts one more `syllabus worker` on the same databases; resolves when it takes jobs. */
  startWorker(): Promise<ChildProcess>
  stop(): Promise<void>
}

export async function startPlatform({ dataDir, port, env }: { dataDir: string; port: number; env: NodeJS.ProcessEnv }): Promise<Platform> {
  const platformEnv: NodeJS.ProcessEnv = { ...env, SYLLABUS_DATA_DIR: dataDir }
  // `npm start` is `node --import tsx cli/syllabus.ts start`; it builds the site first when the sources changed.
  const start = await spawnUntil(['start', '--port', String(port), '--data-dir', dataDir], platformEnv, /Syllabus is ready on/, '[start]', 30 * 60_000, true)
  const app = await attachOrStartEmbeddedCluster({ dataDir: appClusterDir(dataDir), persistent: true, settings: { unix_socket_directories: appSocketDir(dataDir) } })
  const workerEnv: NodeJS.ProcessEnv = { ...platformEnv, NODE_ENV: 'production', SYLLABUS_PROCESS: 'worker' }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl: app.url(APP_DATABASE),
    env: workerEnv,
    startWorker: () => spawnUntil(['worker'], workerEnv, /PostgreSQL engine is ready/, '[extra worker]', 5 * 60_000, false),
    async stop() {
      for (const child of children) if (child !== start && child.exitCode === null) child.kill('SIGTERM')
      await Promise.all([...children].filter((child) => child !== start).map((child) => new Promise((resolve) => child.once('exit', resolve))))
      start.kill('SIGINT')
      await new Promise((resolve) => (start.exitCode === null ? start.once('exit', resolve) : resolve(null)))
    },
  }
}
