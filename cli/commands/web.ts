// `npm run start:web` (`syllabus web`): the web server. `npm start` runs one beside the grading worker.
// It is Next.js's own server (the production build) with the shared page cache in front
// (server/http/page-cache.ts, decision 026): a response Next.js marks as the same for everyone is kept
// for a second and repeats are answered from memory; every other request goes to Next.js unchanged.
import cluster from 'node:cluster'
import { writeFileSync } from 'node:fs'
import http from 'node:http'
import { Session } from 'node:inspector/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import next from 'next'
import { cacheKey, FILL_HEADER, MAX_STORED_BODY, newFillToken, PageCache, sharedFreshness, storableHeaders, type FillResult, type StoredResponse } from '../../server/http/page-cache.ts'
import { answerLearnerPart } from '../../server/http/direct-learner-part.ts'
import { stampClientAddress, trustProxy } from '../../server/http/client-address.ts'
import { readEnv } from '../../server/env.ts'
import { root } from '../lib/databases.ts'

const FILL_TIMEOUT_MS = 30_000
/** A web process that exits this soon after it started is not started again (a broken build would loop). */
const MIN_UPTIME_BEFORE_RESTART_MS = 10_000

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string', short: 'p' }, 'no-cache': { type: 'boolean' }, processes: { type: 'string' } } })
  const env = readEnv()
  const port = Number(values.port ?? env.PORT ?? 3000)
  const processes = Number(values.processes ?? env.WEB_PROCESSES ?? 1)
  if (!Number.isInteger(processes) || processes < 1) throw new Error(`--processes must be a whole number ≥ 1; got "${values.processes ?? env.WEB_PROCESSES}".`)
  if (processes > 1 && cluster.isPrimary) return runPrimary(processes)
  const app = next({ dev: false, dir: root, port })
  await app.prepare()
  const handle = app.getRequestHandler()
  const trust = trustProxy(env.SYLLABUS_TRUST_PROXY)
  // Only this process's own fills carry it: a client's fill header is ignored (server/http/page-cache.ts).
  const fillToken = newFillToken()
  const cache = values['no-cache'] ? null : new PageCache((key) => fillFromNext(port, key, fillToken))

  const server = http.createServer((request, response) => {
    void serve(request, response).catch((error: unknown) => {
      console.error('The web server could not answer a request:', error)
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' })
      response.end()
    })
  })
  const serve = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    stampClientAddress(request, trust)
    // A signed-in view's learner's part of the homework page, answered here rather than by Next.js's router (decision 033).
    if (await answerLearnerPart(request, response)) return
    const key = cache && cacheKey(request, fillToken)
    if (key) {
      const found = await cache.lookup(key, request.headers.cookie !== undefined)
      if (found.kind === 'hit') return writeStored(response, found.response)
    }
    await handle(request, response)
  }
  // `bench:web --cpu-prof DIR`: this process's V8 profile, from now until it is told to stop (see startCpuProfile).
  const profile = env.SYLLABUS_WEB_CPU_PROFILE_DIR ? await startCpuProfile(env.SYLLABUS_WEB_CPU_PROFILE_DIR) : null
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve))
  console.log(`Web server listening on port ${port}${cache ? ' (shared page cache on)' : ''}`)
  // Stop taking connections, let the requests in flight finish (at most 3 s), then exit.
  // A second signal (a process group's and its supervisor's) must not kill it mid-drain.
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    // The profile first: `npm start` runs this process as `node --import tsx` (no launcher that SIGKILLs
    // a child busy writing it; cli/lib/typescript-process.ts) and waits 25 s for it.
    void (profile ? profile.write() : Promise.resolve()).then(() => {
      setTimeout(() => process.exit(0), 3_000).unref()
      server.close(() => process.exit(0))
      server.closeIdleConnections()
    })
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // A process of several (--processes): it stops with the one that started it.
  if (cluster.isWorker) process.once('disconnect', stop)
  return new Promise<number>(() => {})
}

/**
 * `--processes N` (WEB_PROCESSES): N web processes sharing the port through node:cluster (the first
 * process accepts connections and hands them out in turn). Each has its own Next.js server and page
 * cache; what they share lives in PostgreSQL (rate limits, sessions' versions, the queue). One that
 * dies unexpectedly is started again, unless it died right after starting.
 */
function runPrimary(count: number): Promise<number> {
  let stopping = false
  const startedAt = new Map<number, number>()
  const fork = () => {
    const worker = cluster.fork()
    startedAt.set(worker.id, Date.now())
  }
  for (let index = 0; index < count; index++) fork()
  return new Promise<number>((resolve) => {
    const stop = (code: number) => {
      if (stopping) return
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
      setTimeout(() => resolve(code), 5_000).unref()
    }
    cluster.on('exit', (worker, code, signal) => {
      if (Object.keys(cluster.workers ?? {}).length === 0 && stopping) return resolve(0)
      if (stopping) return
      const uptime = Date.now() - (startedAt.get(worker.id) ?? 0)
      console.error(`A web process exited (${signal ?? code}) after ${Math.round(uptime / 1000)} s.`)
      if (uptime < MIN_UPTIME_BEFORE_RESTART_MS) return stop(1)
      fork()
    })
    process.on('SIGTERM', () => stop(0))
    process.on('SIGINT', () => stop(0))
  })
}

/** Headers a hit adds; the stored ones are sent as Next.js sent them. */
function writeStored(response: http.ServerResponse, stored: StoredResponse) {
  response.writeHead(stored.status, [...stored.headers.flat(), 'content-length', String(stored.body.length), 'x-syllabus-cache', 'hit'])
  response.end(stored.body)
}

/**
 * Asks this server (Next.js, past the cache: the fill header) for the response everyone gets for a key:
 * the same path, host and accepted encodings, and no cookie or credential of anyone's. Stops reading as
 * soon as the headers say it may not be shared.
 */
function fillFromNext(port: number, key: string, fillToken: string): Promise<FillResult> {
  const [host, path, encoding] = key.split('\n') as [string, string, string]
  return new Promise((resolve) => {
    const notShared = () => resolve({ kind: 'not-shared' })
    const request = http.get(
      { host: '127.0.0.1', port, path, timeout: FILL_TIMEOUT_MS, headers: { host, ...(encoding ? { 'accept-encoding': encoding } : {}), [FILL_HEADER]: fillToken } },
      (response) => {
        const freshness = sharedFreshness(response.statusCode ?? 0, response.headers)
        if (!freshness) {
          response.destroy()
          return notShared()
        }
        const chunks: Buffer[] = []
        let length = 0
        response.on('data', (chunk: Buffer) => {
          length += chunk.length
          if (length > MAX_STORED_BODY) response.destroy()
          else chunks.push(chunk)
        })
        response.on('error', notShared)
        response.on('close', () => {
          if (!response.complete) return notShared()
          const headers = storableHeaders(response.rawHeaders).filter(([name]) => name.toLowerCase() !== 'content-length')
          resolve({ kind: 'stored', response: { status: 200, headers, body: Buffer.concat(chunks) }, ...freshness })
        })
      },
    )
    request.on('timeout', () => request.destroy())
    request.on('error', notShared)
  })
}

/**
 * A V8 CPU profile of this process, written by the process itself when it is asked to stop, before it
 * drains: `node --cpu-prof` writes only at exit, which a benchmark's SIGKILL of a slow stop (or, before
 * session 8, the tsx launcher's) cut short: no profile was ever left.
 */
async function startCpuProfile(dir: string): Promise<{ write: () => Promise<void> }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    async write() {
      try {
        const { profile } = await session.post('Profiler.stop')
        const file = path.join(dir, `web-${process.pid}.cpuprofile`)
        writeFileSync(file, JSON.stringify(profile))
        console.log(`CPU profile of the web process written to ${file}`)
      } catch (error) {
        console.error('The web process could not write its CPU profile:', error)
      }
    },
  }
}
