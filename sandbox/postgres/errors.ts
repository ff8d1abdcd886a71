// The three ways a sandboxed SQL run can fail, kept apart because they mean different things to the
// caller: a rejected statement is not gradable, a runtime error is the learner's SQL failing, and an
// unavailable sandbox is our fault (retry, never cost the learner an attempt).

export class SandboxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

export const sqlRejectionReasons = [
  'empty',
  'too_large',
  'nul_byte',
  'syntax',
  'multiple_statements',
  'kind_not_allowed',
  'forbidden_statement',
  'forbidden_function',
  'forbidden_clause',
] as const
export type SqlRejectionReason = (typeof sqlRejectionReasons)[number]

/** The statement was refused before it ran: not gradable. `message` is written for the learner. */
export class SqlRejectedError extends SandboxError {
  constructor(
    readonly reason: SqlRejectionReason,
    message: string,
    /** 1-based character position in the submitted text, for syntax errors. */
    readonly position?: number,
  ) {
    super(message)
  }
}

/** PostgreSQL ran the statement and reported an error. `message` is PostgreSQL's, scrubbed of secrets. */
export class SqlRuntimeError extends SandboxError {
  constructor(
    message: string,
    /** SQLSTATE, e.g. 42P01 for an unknown table. */
    readonly code: string,
    /** 1-based character position in the submitted text, when PostgreSQL gives one. */
    readonly position?: number,
    readonly hint?: string,
    readonly detail?: string,
  ) {
    super(message)
  }
}

/** The statement ran past its time limit and was stopped (statement_timeout or the watchdog). */
export class SqlTimeoutError extends SqlRuntimeError {
  constructor(readonly timeoutMs: number) {
    super(
      `Your query took longer than ${formatSeconds(timeoutMs)} and was stopped. Look for a missing join condition, an endless recursive query, or work that can be filtered earlier.`,
      '57014',
    )
  }
}

/** The caller gave up on the run (its AbortSignal fired: a grading job's time is up, or its worker stops); the statement was cancelled. */
export class SqlRunAbortedError extends SandboxError {
  constructor() {
    super('The run was stopped before it finished because grading was cancelled.')
  }
}

/** Infrastructure failure (cannot connect, connection lost): not the learner's fault, retry later. */
export class SandboxUnavailableError extends SandboxError {
  constructor(
    /** What went wrong, for the log (already scrubbed of secrets); the message stays generic. */
    readonly detail?: string,
    message = 'The SQL sandbox is unavailable right now. Please try again in a moment.',
  ) {
    super(message)
  }
}

function formatSeconds(ms: number) {
  const seconds = ms / 1000
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`
}

/**
 * Removes every occurrence of the given secrets (passwords, connection URLs) from a message, so an
 * error that echoes a connection string never reaches a learner or a log.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let clean = message
  for (const secret of secrets) {
    if (secret.length < 4) continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) clean = clean.split(form).join('[redacted]')
  }
  // Any URL with credentials, whether or not we knew the secret.
  return clean.replace(/(postgres(?:ql)?:\/\/)[^\s@/]*@/gi, '$1[redacted]@')
}

/** Secrets held in a connection URL: the password and the URL itself. */
export function secretsOfUrl(url: string): string[] {
  try {
    const password = decodeURIComponent(new URL(url).password)
    return password ? [url, password] : [url]
  } catch {
    return [url]
  }
}
