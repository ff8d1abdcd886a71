// The platform's own processes (`npm start`'s web server and worker) run as `node --import tsx SCRIPT`,
// not through the `tsx` command: that command runs the script in a child of its own and, on SIGINT or
// SIGTERM, waits 30 ms for the child to acknowledge the signal, sends it again, waits 30 ms more and
// then SIGKILLs it. A worker whose event loop is busy for 60 ms (a grading batch, Docker calls) was
// killed before its stop could remove its warm containers: a Ctrl-C of `npm start` left 9 of 12 behind.
// In-process, the signal reaches the script's own handlers and nothing kills it behind their back.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'

/** Runs a TypeScript file in a new Node process (the running Node) with tsx's loader registered in it. */
export function spawnTypeScript(script: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], options)
}
