// The `python` engine in the worker's shape (graders/engines.ts): GradeRequest → GradeResult.
// No Docker engine means EngineUnavailableError: the run fails at once, without retries, and the
// learner's attempt does not count.
import { logger } from '../../server/logger.ts'
import { DockerSandbox, sweepSandboxContainers, type DockerSandboxConfigInput } from '../../sandbox/docker/index.ts'
import { EngineUnavailableError, type GradingEngine } from '../engines.ts'
import { DATABASE_UNAVAILABLE, gradePythonAnswer, SANDBOX_UNAVAILABLE, type GradingDatabase } from './grade-python-answer.ts'

/** The source of a python answer: the editor posts a string; `{ source }` is accepted too. */
export function pythonAnswerSource(answer: unknown): unknown {
  if (typeof answer === 'object' && answer !== null && 'source' in answer) return (answer as { source: unknown }).source
  return answer
}

/**
 * `getDatabase` serves questions whose checks.yaml asks for a database: the grading cluster's admin
 * URL, its dedicated socket folder and the template to clone (null where there is none).
 */
export function pythonEngine(
  getSandbox: () => Promise<DockerSandbox | null>,
  getDatabase: () => Promise<GradingDatabase | null> = async () => null,
): GradingEngine {
  return async ({ question, answer, signal }) => {
    if (question.kind !== 'python') throw new Error(`The python engine cannot grade a ${question.kind} question`)
    const sandbox = await getSandbox()
    if (!sandbox) throw new EngineUnavailableError(SANDBOX_UNAVAILABLE)
    const database = await getDatabase()
    const result = await gradePythonAnswer({ question, answerSource: pythonAnswerSource(answer), sandbox, database, signal })
    const unavailable = [SANDBOX_UNAVAILABLE, DATABASE_UNAVAILABLE]
    if (result.verdict === 'error' && result.checks.some((check) => unavailable.some((text) => check.message.startsWith(text))))
      throw new EngineUnavailableError(result.checks[0]!.message)
    return result
  }
}

/**
 * One sandbox per worker process, connected on first use. The first connect sweeps containers a
 * crashed worker left behind. While Docker is unreachable every call answers null, and it is
 * tried again after `retryMs`, so starting Docker later needs no worker restart. Its warm pool is
 * started ahead of time unless the config says otherwise: every run of this engine is our runner,
 * which waits for its job (decision 008, addendum).
 */
export function lazyDockerSandbox(config: DockerSandboxConfigInput = {}, { retryMs = 30_000 } = {}) {
  let connected: Promise<DockerSandbox | null> | undefined
  let failedAt = 0
  const get = (): Promise<DockerSandbox | null> => {
    if (!connected || (failedAt > 0 && Date.now() - failedAt > retryMs)) {
      failedAt = 0
      connected = DockerSandbox.connect({ warmPoolStart: true, ...config }).then(
        async (sandbox) => {
          const swept = await sweepSandboxContainers(sandbox.docker).catch(() => ({ containers: [], volumes: [] }))
          if (swept.containers.length > 0) logger.warn({ containers: swept.containers }, 'removed sandbox containers left by a crash')
          return sandbox
        },
        (error: unknown) => {
          failedAt = Date.now()
          logger.warn({ err: error }, 'the Docker code sandbox is unavailable; python questions cannot be graded')
          return null
        },
      )
    }
    return connected
  }
  return Object.assign(get, {
    async close() {
      await (await connected)?.close()
    },
  })
}
