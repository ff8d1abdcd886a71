// One learner's browser, reduced to its HTTP: a cookie jar, the sign-up form's server action, the
// next-auth credentials sign-in, the homework page, the submit route and the live status stream, with
// every response's status and time recorded so the rush can count 5xx and take percentiles.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface RequestRecord {
  kind: 'sign-up' | 'sign-in' | 'enrol' | 'page' | 'learner-part' | 'submit' | 'events' | 'poll'
  status: number
  ms: number
}

/** Every request of the run, for the 5xx count and the percentiles. */
export const requestLog: RequestRecord[] = []

/**
 * The id of a server action in the production build (`.next/server/server-reference-manifest.json`
 * names each one's file and export), which a browser sends in the `Next-Action` header.
 */
export async function serverActionId(root: string, file: string, exportedName: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(root, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>
  }
  const found = Object.entries(manifest.node).find(([, action]) => action.filename === file && action.exportedName === exportedName)
  if (!found) throw new Error(`The build has no server action ${exportedName} in ${file}; rebuild with \`npm run build\`.`)
  return found[0]
}

// React's own encoding of server action arguments, as the browser's form sends them (Next.js bundles
// the same react-server-dom client the page uses).
const { encodeReply } = createRequire(import.meta.url)('next/dist/compiled/react-server-dom-webpack/client.node.js') as {
  encodeReply: (value: unknown) => Promise<string | FormData>
}

export interface SubmissionView {
  id: string
  status: 'queued' | 'running' | 'graded' | 'failed'
  run: { verdict: string | null; points: number | null } | null
}

export class LearnerClient {
  private readonly cookies = new Map<string, string>()

  constructor(
    private readonly baseUrl: string,
    readonly email: string,
    readonly password: string,
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private keepCookies(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const separator = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1).trim())
    }
  }

  /** A request with the jar's cookies, recorded under `kind`; the body is read before the time is taken. */
  async request(kind: RequestRecord['kind'], url: string, init: RequestInit = {}): Promise<{ response: Response; text: string; ms: number }> {
    const started = performance.now()
    const response = await fetch(new URL(url, this.baseUrl), {
      redirect: 'manual',
      ...init,
      headers: { cookie: this.cookieHeader(), origin: this.baseUrl, ...(init.headers as Record<string, string>) },
    })
    this.keepCookies(response)
    const text = await response.text()
    const ms = performance.now() - started
    requestLog.push({ kind, status: response.status, ms })
    return { response, text, ms }
  }

  /** The sign-up form: its server action, with `enrolIn` as the course page's "Sign up to enrol" sends it. */
  async signUp(actionId: string, name: string, enrolIn: string) {
    const form = new FormData()
    form.set('enrolIn', enrolIn)
    form.set('name', name)
    form.set('email', this.email)
    form.set('password', this.password)
    const body = await encodeReply([{ ok: null }, form])
    const { response, text } = await this.request('sign-up', `/sign-up?enrol=${enrolIn}`, {
      method: 'POST',
      headers: { 'next-action': actionId, accept: 'text/x-component' },
      body,
    })
    // The action's result is in the RSC payload: `"ok":true`, or `"ok":false` with the refusal.
    if (!response.ok || !text.includes('"ok":true')) throw new Error(`sign-up of ${this.email} failed (${response.status}): ${text.slice(0, 300)}`)
  }

  /** next-auth's credentials sign-in, as its client does: the CSRF token, then the callback. */
  async signIn() {
    const { text } = await this.request('sign-in', '/api/auth/csrf')
    const { csrfToken } = JSON.parse(text) as { csrfToken: string }
    const { response } = await this.request('sign-in', '/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: this.email, password: this.password, json: 'true', redirect: 'false', callbackUrl: this.baseUrl }),
    })
    if (![...this.cookies.keys()].some((name) => name.endsWith('next-auth.session-token'))) {
      throw new Error(`sign-in of ${this.email} gave no session (${response.status})`)
    }
  }

  async enrol(courseSlug: string) {
    const { response, text } = await this.request('enrol', `/api/courses/${courseSlug}/enrollment`, { method: 'POST' })
    if (!response.ok) throw new Error(`enrolment of ${this.email} failed (${response.status}): ${text.slice(0, 200)}`)
  }

  /**
   * The homework page as a browser opens it: the page (cached, the same for everyone), then the learner's
   * part it asks for (their attempts, window, extras). Each is in the request log; `ms` is both together,
   * the time until the learner can answer.
   */
  async openHomework(courseSlug: string, homeworkSlug: string): Promise<{ status: number; ms: number }> {
    const page = await this.request('page', `/courses/${courseSlug}/homework/${homeworkSlug}`)
    if (!page.response.ok) return { status: page.response.status, ms: page.ms }
    const part = await this.request('learner-part', `/api/courses/${courseSlug}/homework/${homeworkSlug}/learner`)
    if (part.response.ok && !part.text.includes('"canAnswer":true')) throw new Error(`${this.email} may not answer ${homeworkSlug}: ${part.text.slice(0, 200)}`)
    return { status: part.response.status, ms: page.ms + part.ms }
  }

  /** POST /api/submissions as the question's Submit button sends it; the submission id, or null with the status. */
  async submit(answer: { courseSlug: string; homeworkSlug: string; questionSlug: string; answer: unknown }): Promise<{ submissionId: string | null; status: number; text: string }> {
    const { response, text } = await this.request('submit', '/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(answer),
    })
    if (response.status !== 202) return { submissionId: null, status: response.status, text }
    return { submissionId: (JSON.parse(text) as { submissionId: string }).submissionId, status: response.status, text }
  }

  /**
   * Follows a submission until it is graded or failed, as the page's hook does: the event stream
   * first, polling every 1.5 s if the stream breaks. Gives up after `timeoutMs`.
   */
  async followToVerdict(submissionId: string, timeoutMs: number): Promise<SubmissionView | null> {
    const deadline = performance.now() + timeoutMs
    const fromStream = await this.followStream(submissionId, timeoutMs).catch(() => null)
    if (fromStream) return fromStream
    while (performance.now() < deadline) {
      const { response, text } = await this.request('poll', `/api/submissions/${submissionId}`, { headers: { 'cache-control': 'no-store' } })
      if (response.ok) {
        const view = JSON.parse(text) as SubmissionView
        if (view.status === 'graded' || view.status === 'failed') return view
      } else if ([401, 403, 404].includes(response.status)) return null
      await new Promise((resolve) => setTimeout(resolve, 1500))
    }
    return null
  }

  private async followStream(submissionId: string, timeoutMs: number): Promise<SubmissionView | null> {
    const started = performance.now()
    const response = await fetch(new URL(`/api/submissions/${submissionId}/events`, this.baseUrl), {
      headers: { cookie: this.cookieHeader(), accept: 'text/event-stream' },
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!response.ok || !response.body) {
      requestLog.push({ kind: 'events', status: response.status, ms: performance.now() - started })
      await response.body?.cancel()
      return null
    }
    const decoder = new TextDecoder()
    let buffered = ''
    let final: SubmissionView | null = null
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const message = buffered.slice(0, end)
          buffered = buffered.slice(end + 2)
          const event = /^event: (.*)$/m.exec(message)?.[1]
          const data = /^data: (.*)$/m.exec(message)?.[1]
          if ((event === 'graded' || event === 'failed') && data) {
            final = JSON.parse(data) as SubmissionView
            break
          }
        }
        if (final) break
      }
    } finally {
      requestLog.push({ kind: 'events', status: response.status, ms: performance.now() - started })
      await response.body.cancel().catch(() => {})
    }
    return final
  }
}
