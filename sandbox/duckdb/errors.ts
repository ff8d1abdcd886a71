// How a DuckDB run can fail, kept apart like sandbox/postgres's errors: the learner's SQL failing is
// not the same thing as the sandbox being unusable (our fault, never costs an attempt).

export class DuckDbSandboxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** DuckDB ran the statement and reported an error. `message` is DuckDB's, without its "Error:" prefix. */
export class DuckDbRuntimeError extends DuckDbSandboxError {}

/** The statement ran past its time limit and was interrupted. */
export class DuckDbTimeoutError extends DuckDbRuntimeError {
  constructor(readonly timeoutMs: number) {
    super(`Your query took longer than ${(timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1)} s and was stopped.`)
  }
}

/** The sandbox could not be opened (missing data file, DuckDB failed to start). */
export class DuckDbUnavailableError extends DuckDbSandboxError {}
