// `npm run start:web` (`syllabus web`): the web server. `npm start` runs one beside the grading worker.
// It is Next.js's own server (the production build) with the shared page cache in front
// (server/http/page-cache.ts, decision 026): a response Next.js marks as the same for everyone is kept
// for a second and repeats are answered from memory; every other request goes to Next.js unchanged.
import http from 'node:http'
import { parseArgs } from 'node:util'
import next from 'next'
import { cacheKey, MAX_STORED_BODY, PageCache, sharedFreshness, storableHeaders, type FillResult, type StoredResponse } from '../../server/http/page-cache.ts'
import { stampClientAddress, trustProxy } from '../../server/http/client-address.ts'
import { readEnv } from '../../server/env.ts'
import { root } from '../lib/databases.ts'

const FILL_TIMEOUT_MS = 30_000

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string', short: 'p' }, 'no-cache': { type: 'boolean' } } })
  const env = readEnv()
  const port = Number(values.port ?? env.PORT ?? 3000)
  const app = next({ dev: false, dir: root, port })
  await app.prepare()
  const handle = app.getRequestHandler()
  const trust = trustProxy(env.SYLLABUS_TRUST_PROXY)
  const cache = values['no-cache'] ? null : new PageCache((key) => fillFromNext(port, key))

  const server = http.createServer((request, response) => {
    void serve(request, response).catch((error: unknown) => {
      console.error('The web server could not answer a request:', error)
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' })
      response.end()
    })
  })
  const serve = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    stampClientAddress(request, trust)
    const key = cache && cacheKey(request)
    if (key) {
      const found = await cache.lookup(key, request.headers.cookie !== undefined)
      if (found.kind === 'hit') return writeStored(response, found.response)
    }
    await handle(request, response)
  }
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, resolve))
  console.log(`Web server listening on port ${port}${cache ? ' (shared page cache on)' : ''}`)
  // Stop taking connections, let the requests in flight finish (at most 3 s), then exit.
  const stop = () => {
    setTimeout(() => process.exit(0), 3_000).unref()
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  return new Promise<number>(() => {})
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
function fillFromNext(port: number, key: string): Promise<FillResult> {
  const [host, path, encoding] = key.split('\n') as [string, string, string]
  return new Promise((resolve) => {
    const notShared = () => resolve({ kind: 'not-shared' })
    const request = http.get(
      { host: '127.0.0.1', port, path, timeout: FILL_TIMEOUT_MS, headers: { host, ...(encoding ? { 'accept-encoding': encoding } : {}), 'x-syllabus-cache-fill': '1' } },
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
