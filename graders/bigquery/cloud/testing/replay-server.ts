// A local HTTP server that answers BigQuery REST requests from a list of recorded exchanges, in
// order, and checks each request against what was recorded (method, path, query, body fields).
// The client under test points its apiEndpoint here; nothing leaves the machine.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedExchange {
  /** e.g. "POST /bigquery/v2/projects/test-project/jobs"; '*' matches one path segment. */
  request: string
  /** Query parameters the request must carry. */
  query?: Record<string, string>
  /** Checks the request body (JSON, or the raw text of a multipart upload); throws on a mismatch. */
  expectBody?: (body: unknown, raw: string) => void
  status?: number
  response?: unknown
}

export interface ReplayServer {
  endpoint: string
  /** Requests that did not match their recorded exchange, and exchanges never requested. */
  problems(): string[]
  requests: { method: string; path: string; body: unknown }[]
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export async function startReplayServer(exchanges: RecordedExchange[]): Promise<ReplayServer> {
  const problems: string[] = []
  const requests: ReplayServer['requests'] = []
  let next = 0
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://replay')
    const raw = await readBody(request)
    let body: unknown = raw
    try {
      body = raw ? JSON.parse(raw) : null
    } catch {
      // A multipart upload: checked as text.
    }
    requests.push({ method: request.method ?? '', path: url.pathname, body })
    const exchange = exchanges[next++]
    const actual = `${request.method} ${url.pathname}`
    if (!exchange) {
      problems.push(`unexpected request ${actual}`)
      response.writeHead(500).end()
      return
    }
    const pattern = new RegExp(`^${exchange.request.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]+')}$`)
    if (!pattern.test(actual)) problems.push(`request ${next}: expected ${exchange.request}, got ${actual}`)
    for (const [key, value] of Object.entries(exchange.query ?? {})) {
      if (url.searchParams.get(key) !== value) problems.push(`request ${next} (${actual}): query ${key}=${url.searchParams.get(key)}, expected ${value}`)
    }
    try {
      exchange.expectBody?.(body, raw)
    } catch (error) {
      problems.push(`request ${next} (${actual}): ${error instanceof Error ? error.message : String(error)}`)
    }
    const status = exchange.status ?? 200
    if (exchange.response === undefined) {
      response.writeHead(status).end()
      return
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(exchange.response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    problems: () => [...problems, ...exchanges.slice(next).map((exchange) => `never requested: ${exchange.request}`)],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
