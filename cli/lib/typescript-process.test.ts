import path from 'node:path'
import { expect, test } from 'vitest'
import { spawnTypeScript } from './typescript-process.ts'

test('a busy process started for npm start runs its own SIGTERM handler to the end', async () => {
  const child = spawnTypeScript(path.join(import.meta.dirname, 'testing/busy-when-signalled.ts'), [], { stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  const ready = new Promise<void>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready')) resolve()
    }),
  )
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  await ready
  child.kill('SIGTERM')
  // The `tsx` command in between SIGKILLed the child 60 ms after relaying the signal: no "stopped cleanly".
  expect(await exited).toEqual({ code: 0, signal: null })
  expect(output).toContain('stopped cleanly')
}, 30_000)
