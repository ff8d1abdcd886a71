// Whether an answer parses, decided on the host by compiling it (never by a record in the results
// file, which the learner's code can write). Compiling runs none of the answer: `compile()` only
// parses and builds bytecode. The host's python3 must parse the image's Python version (3.11, the
// python-data image); the compiler runs isolated (-I -S) with a time bound.
//
// The compilers are kept: a python3 process answers one source after another (length-prefixed on its
// stdin, one JSON line each on its stdout), so a grade does not pay for spawning one — from a worker
// process that is ~50 ms of its CPU for the fork plus the interpreter's start-up, on every answer
// (docs/benchmarks.md, "Python"). A compiler serves one source at a time; answers compiled at once
// get one each. A compiler that runs out of time is killed (the source does not parse), one that
// dies is replaced; an idle one holds nothing of an earlier answer but its own interpreter.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export type CompileOutcome = { parses: true } | { parses: false; type: 'SyntaxError' | 'IndentationError' | 'TabError' | 'TooComplex'; line: number | null }

export class HostCompilerUnavailableError extends Error {
  override name = 'HostCompilerUnavailableError'
}

const COMPILE_SCRIPT = `
import json, sys
stdin, stdout = sys.stdin.buffer, sys.stdout
while True:
    header = stdin.readline()
    if not header:
        break
    source = stdin.read(int(header))
    try:
        compile(source, 'answer.py', 'exec', dont_inherit=True)
        outcome = {'parses': True}
    except SyntaxError as error:
        kind = type(error).__name__ if type(error).__name__ in ('IndentationError', 'TabError') else 'SyntaxError'
        outcome = {'parses': False, 'type': kind, 'line': error.lineno if isinstance(error.lineno, int) else None}
    except (RecursionError, MemoryError, ValueError, OverflowError):
        outcome = {'parses': False, 'type': 'TooComplex', 'line': None}
    del source
    stdout.write(json.dumps(outcome) + '\\n')
    stdout.flush()
`

/** The system's python3 (what the image runs, Debian's 3.11) before one found on PATH, which may be a slow shim. */
const HOST_PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

/** Idle compilers kept per python; more at once are started and stopped as before. */
const KEEP_IDLE = 4

export interface HostCompileOptions {
  python?: string
  timeoutMs?: number
}

interface Compiler {
  child: ChildProcessWithoutNullStreams
  /** Set while a source is being compiled: gets the answer line, or the end of the process. */
  pending: ((line: string | Error) => void) | null
  alive: boolean
  buffered: string
}

const idle = new Map<string, Compiler[]>()
let started = 0

/** Compilers started in this process so far (for tests: a kept compiler is reused, not started again). */
export function hostCompilersStarted(): number {
  return started
}

/** The process ids of the idle compilers (for tests). */
export function keptHostCompilerPids(): number[] {
  return [...idle.values()].flat().map((compiler) => compiler.child.pid!)
}

/** Keeps the event loop from waiting for an idle compiler (it ends by itself when its stdin closes). */
function hold(compiler: Compiler, held: boolean) {
  for (const handle of [compiler.child, compiler.child.stdin, compiler.child.stdout] as { ref(): void; unref(): void }[]) {
    if (held) handle.ref()
    else handle.unref()
  }
}

function startCompiler(python: string): Compiler {
  started++
  const child = spawn(python, ['-I', '-S', '-c', COMPILE_SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] }) as unknown as ChildProcessWithoutNullStreams
  const compiler: Compiler = { child, pending: null, alive: true, buffered: '' }
  const end = (error: Error) => {
    if (!compiler.alive) return
    compiler.alive = false
    const list = idle.get(python)
    if (list?.includes(compiler)) list.splice(list.indexOf(compiler), 1)
    compiler.pending?.(error)
    compiler.pending = null
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    compiler.buffered += chunk
    const newline = compiler.buffered.indexOf('\n')
    if (newline < 0) return
    const line = compiler.buffered.slice(0, newline)
    compiler.buffered = compiler.buffered.slice(newline + 1)
    const answer = compiler.pending
    compiler.pending = null
    answer?.(line)
  })
  child.stdin.on('error', () => {})
  child.on('error', (error) => end(new HostCompilerUnavailableError(`python3 is not available on this host to check answers: ${error.message}`)))
  child.on('exit', (code) => end(new HostCompilerUnavailableError(`the host's python3 could not check the answer (exit code ${code})`)))
  return compiler
}

/** Compiles `source` with the host's python3. Throws HostCompilerUnavailableError when no compiler answers. */
export async function compileOnHost(source: string, { python = HOST_PYTHON, timeoutMs = 10_000 }: HostCompileOptions = {}): Promise<CompileOutcome> {
  const kept = idle.get(python)?.pop()
  if (!kept) return compileWith(startCompiler(python), python, source, timeoutMs)
  // A kept compiler may have ended since (killed from outside): a fresh one gets the source then.
  return compileWith(kept, python, source, timeoutMs).catch((error: unknown) => {
    if (!(error instanceof HostCompilerUnavailableError)) throw error
    return compileWith(startCompiler(python), python, source, timeoutMs)
  })
}

function compileWith(compiler: Compiler, python: string, source: string, timeoutMs: number): Promise<CompileOutcome> {
  hold(compiler, true)
  return new Promise<CompileOutcome>((resolve, reject) => {
    // Out of time: a source so convoluted that it does not compile in time does not parse.
    const timer = setTimeout(() => {
      compiler.pending = null
      compiler.alive = false
      compiler.child.kill('SIGKILL')
      resolve({ parses: false, type: 'TooComplex', line: null })
    }, timeoutMs)
    compiler.pending = (line) => {
      clearTimeout(timer)
      if (line instanceof Error) return reject(line)
      let outcome: CompileOutcome
      try {
        outcome = JSON.parse(line) as CompileOutcome
      } catch {
        compiler.child.kill('SIGKILL')
        return reject(new HostCompilerUnavailableError(`the host's python3 answered something else than a compile outcome`))
      }
      const list = idle.get(python) ?? []
      idle.set(python, list)
      if (compiler.alive && list.length < KEEP_IDLE) {
        hold(compiler, false)
        list.push(compiler)
      } else compiler.child.stdin.end()
      resolve(outcome)
    }
    const bytes = Buffer.from(source, 'utf8')
    compiler.child.stdin.write(`${bytes.length}\n`)
    compiler.child.stdin.write(bytes)
  })
}

/** Starts a compiler ahead of the first answer (the interpreter's start-up, cold from disk after a boot, off its path). */
export async function warmHostCompiler(options: HostCompileOptions = {}): Promise<void> {
  await compileOnHost('pass\n', options)
}
