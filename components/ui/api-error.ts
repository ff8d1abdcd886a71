// The client's one reader of the server's error envelope ({ error: { code, message, fieldErrors? } },
// server/http/error-envelope.ts). Anything else (a proxy's HTML page, an empty body) becomes a
// generic message with the response's status, so the UI never shows a blank or a raw body.
export interface ApiError {
  status: number
  code: string
  message: string
  fieldErrors: Record<string, string>
  /** From Retry-After (or the envelope) on 429 and 503. */
  retryAfterSeconds: number | null
}

interface Envelope {
  error?: { code?: unknown; message?: unknown; fieldErrors?: unknown; retryAfterSeconds?: unknown }
}

function retryAfter(response: Response, fromBody: unknown): number | null {
  const header = Number(response.headers.get('retry-after'))
  if (Number.isFinite(header) && header > 0) return Math.ceil(header)
  return typeof fromBody === 'number' && fromBody > 0 ? Math.ceil(fromBody) : null
}

/** Reads a failed response's envelope; `fallback` is shown when the body carries no message. */
export async function readApiError(response: Response, fallback: string): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Envelope | null
  const error = body?.error
  const fieldErrors =
    error?.fieldErrors && typeof error.fieldErrors === 'object'
      ? Object.fromEntries(Object.entries(error.fieldErrors).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
      : {}
  return {
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : response.status >= 500 ? 'internal' : 'bad_request',
    message: typeof error?.message === 'string' && error.message ? error.message : fallback,
    fieldErrors,
    retryAfterSeconds: retryAfter(response, error?.retryAfterSeconds),
  }
}

/** The message to show next to a field: its own error when the server named one, else the message. */
export function messageFor(error: ApiError, field?: string): string {
  return (field && error.fieldErrors[field]) || error.message
}

/** An ApiError raised in the browser: the request never reached the server, or was not sent. */
export function clientError(message: string, code: 'offline' | 'invalid' = 'invalid'): ApiError {
  return { status: 0, code, message, fieldErrors: {}, retryAfterSeconds: null }
}
