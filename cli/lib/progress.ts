// Terminal output for people: a step prints what it does, then how long it took.
import { readEnv } from '../../server/env.ts'

let colors: boolean | undefined
/** Decided on first output, not at import, so a bad environment is reported by the command itself. */
const useColor = () => (colors ??= Boolean(process.stdout.isTTY) && !readEnv().NO_COLOR)
const paint = (code: number) => (text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text)
export const dim = paint(2)
export const green = paint(32)
export const red = paint(31)
export const bold = paint(1)

export class UserFacingError extends Error {}

export async function step<T>(label: string, work: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
  const started = performance.now()
  process.stdout.write(`${dim('•')} ${label}…`)
  try {
    const result = await work()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const detail = describe?.(result)
    process.stdout.write(` ${green('done')}${detail ? ` ${detail}` : ''} ${dim(`(${seconds} s)`)}\n`)
    return result
  } catch (error) {
    process.stdout.write(` ${red('failed')}\n`)
    throw error
  }
}

export function formatDuration(ms: number) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
