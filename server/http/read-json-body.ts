import 'server-only'
// Reads a route handler's JSON body with a size cap that holds even without Content-Length
// (chunked uploads), and refuses text PostgreSQL cannot store. Every failure is a 4xx envelope.
import { AppError } from '../errors.ts'
import { unstorableTextIn } from './json-text.ts'

export async function readJsonBody(request: Request, maxBytes: number, what = 'the request'): Promise<unknown> {
  const tooLarge = () => new AppError('too_large', `${capitalised(what)} is larger than ${Math.round(maxBytes / 1024)} KiB.`)
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  if (request.body) {
    const reader = request.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined)
        throw tooLarge()
      }
      chunks.push(value)
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new AppError('unprocessable', `${capitalised(what)} is not valid UTF-8.`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('bad_request', `Send ${what} as a JSON object.`)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad_request', `Send ${what} as a JSON object.`)
  const problem = unstorableTextIn(body)
  if (problem) throw new AppError('unprocessable', problem)
  return body
}

function capitalised(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
