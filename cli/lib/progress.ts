// Terminal output for people: a step prints what it does, then how long it took.
import { readEnv } from '../../server/env.ts'

let colors: boolean | undefined
/** Decided on first output, not at import, so a bad environment is reported by the command itself. */
export const colorsOn = () => (colors ??= Boolean(process.stdout.isTTY) && !readEnv().NO_COLOR)
const paint = (code: number) => (text: string) => (colorsOn() ? `\u001b[${code}m${text}\u001b[0m` : text)
export const dim = paint(2)
export const green = paint(32)
export const red = paint(31)
export const bold = paint(1)

export class UserFacingError extends Error {}

/** The step whose line is open ("• Label…" without its end yet): whether other lines came since. */
let openStep: { interrupted: boolean } | undefined

/**
 * Writes a whole line while a step may be running: the step's open line is ended first, and the step
 * then ends on a line of its own that names it again (not "done" glued to someone else's output).
 */
export function writeLine(text: string, out: NodeJS.WriteStream = process.stdout) {
  if (openStep && !openStep.interrupted) {
    process.stdout.write('\n')
    openStep.interrupted = true
  }
  out.write(`${text}\n`)
}

export async function step<T>(label: string, work: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
  const started = performance.now()
  process.stdout.write(`${dim('•')} ${label}…`)
  const current = (openStep = { interrupted: false })
  const end = (outcome: string) => {
    openStep = undefined
    process.stdout.write(current.interrupted ? `${dim('•')} ${label}: ${outcome}\n` : ` ${outcome}\n`)
  }
  try {
    const result = await work()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const detail = describe?.(result)
    end(`${green('done')}${detail ? ` ${detail}` : ''} ${dim(`(${seconds} s)`)}`)
    return result
  } catch (error) {
    end(red('failed'))
    throw error
  }
}

export function formatDuration(ms: number) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
