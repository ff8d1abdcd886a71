// The `python` engine in the worker's shape (graders/engines.ts): GradeRequest → GradeResult.
// No Docker engine means EngineUnavailableError: the run fails at once, without retries, and the
// learner's attempt does not count.
import type { DockerSandbox } from '../../sandbox/docker/index.ts'
import { EngineUnavailableError, type GradingEngine } from '../engines.ts'
import { COMPILER_UNAVAILABLE, DATABASE_UNAVAILABLE, gradePythonAnswer, SANDBOX_UNAVAILABLE } from './grade-python-answer.ts'
import type { GradingDatabase } from './scratch-database-queries.ts'

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
  return async ({ question, answer, signal, onProgress }) => {
    if (question.kind !== 'python') throw new Error(`The python engine cannot grade a ${question.kind} question`)
    const sandbox = await getSandbox()
    if (!sandbox) throw new EngineUnavailableError(SANDBOX_UNAVAILABLE)
    // The database is asked for only by a question that needs one (its template may take a while to build).
    const result = await gradePythonAnswer({ question, answerSource: pythonAnswerSource(answer), sandbox, database: getDatabase, signal, onProgress })
    const unavailable = [SANDBOX_UNAVAILABLE, DATABASE_UNAVAILABLE, COMPILER_UNAVAILABLE]
    if (result.verdict === 'error' && result.checks.some((check) => unavailable.some((text) => check.message.startsWith(text))))
      throw new EngineUnavailableError(result.checks[0]!.message)
    return result
  }
}
