// Whether an answer parses, decided on the host by compiling it (never by a record in the results
// file, which the learner's code can write). Compiling runs none of the answer: `compile()` only
// parses and builds bytecode. The host's python3 must parse the image's Python version (3.11, the
// python-data image); the compiler runs isolated (-I -S) with a time bound.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export type CompileOutcome = { parses: true } | { parses: false; type: 'SyntaxError' | 'IndentationError' | 'TabError' | 'TooComplex'; line: number | null }

export class HostCompilerUnavailableError extends Error {
  override name = 'HostCompilerUnavailableError'
}

const COMPILE_SCRIPT = `
import json, sys
source = sys.stdin.buffer.read()
try:
    compile(source, 'answer.py', 'exec', dont_inherit=True)
    print(json.dumps({'parses': True}))
except SyntaxError as error:
    kind = type(error).__name__ if type(error).__name__ in ('IndentationError', 'TabError') else 'SyntaxError'
    print(json.dumps({'parses': False, 'type': kind, 'line': error.lineno if isinstance(error.lineno, int) else None}))
except (RecursionError, MemoryError, ValueError, OverflowError):
    print(json.dumps({'parses': False, 'type': 'TooComplex', 'line': None}))
`

/** The system's python3 (what the image runs, Debian's 3.11) before one found on PATH, which may be a slow shim. */
const HOST_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

export interface HostCompileOptions {
  python?: string
  timeoutMs?: number
}

/** Compiles `source` with the host's python3. Throws HostCompilerUnavailableError when no compiler answers. */
export function compileOnHost(source: string, { python = HOST_PYTHON, timeoutMs = 10_000 }: HostCompileOptions = {}): Promise<CompileOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', '-S', '-c', COMPILE_SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'], timeout: timeoutMs, killSignal: 'SIGKILL' })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
    })
    child.stdin.on('error', () => {})
    child.on('error', (error) => reject(new HostCompilerUnavailableError(`python3 is not available on this host to check answers: ${error.message}`)))
    child.on('close', (code, signal) => {
      // Killed by the time bound: a source so convoluted that it does not compile in time does not parse.
      if (signal === 'SIGKILL') return resolve({ parses: false, type: 'TooComplex', line: null })
      try {
        const parsed = JSON.parse(output.trim()) as CompileOutcome
        resolve(parsed)
      } catch {
        reject(new HostCompilerUnavailableError(`the host's python3 could not check the answer (exit code ${code})`))
      }
    })
    child.stdin.end(source, 'utf8')
  })
}
