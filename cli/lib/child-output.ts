// What `npm start` shows of its children's output (the web server, the worker, the build): each line
// prefixed with the child's name, and the JSON log lines of our processes (pino) made readable — the
// time, the level, the message and its fields on one line — instead of raw JSON. The processes still
// log JSON (server/logger.ts), for whatever collects it when they run on their own (`npm run worker`).
import { prettyFactory } from 'pino-pretty'
import { writeLine } from './progress.ts'

type Prettify = (record: object) => string

const prettifiers = new Map<boolean, Prettify>()

function prettifier(colorize: boolean): Prettify {
  let prettify = prettifiers.get(colorize)
  if (!prettify) {
    prettify = prettyFactory({ colorize, singleLine: true, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss' })
    prettifiers.set(colorize, prettify)
  }
  return prettify
}

/** One line of a child's output as shown in the terminal: a pino log line made readable, anything else as it is. */
export function formatChildLine(line: string, colorize = false): string {
  if (!line.startsWith('{')) return line
  let record: unknown
  try {
    record = JSON.parse(line)
  } catch {
    return line
  }
  const isLogRecord = typeof record === 'object' && record !== null && typeof (record as { level?: unknown }).level === 'number' && 'msg' in record
  // The parsed record, not the line: pino-pretty would parse it again.
  return isLogRecord ? prettifier(colorize)(record as object).replace(/[ \t]+$/gm, '').replace(/\n+$/, '') : line
}

/** Copies a child's stream to `out` line by line, each line (and each line of a formatted one) prefixed. */
export function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WriteStream, colorize = false) {
  let buffered = ''
  stream?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      for (const shown of formatChildLine(line, colorize).split('\n')) writeLine(`${prefix} ${shown}`, out)
    }
  })
}
