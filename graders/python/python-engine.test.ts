// Without Docker, python questions fail as "sandbox unavailable" (an error that costs no attempt)
// and bad answers are invalid before any sandbox is asked.
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { EngineUnavailableError } from '../engines.ts'
import { gradePythonAnswer, SANDBOX_UNAVAILABLE, type PythonQuestion } from './grade-python-answer.ts'
import { pythonEngine } from './python-engine.ts'

const question: PythonQuestion = {
  kind: 'python',
  slug: 'q',
  number: 1,
  engine: 'python',
  spec: { id: 'q', kind: 'python', points: 1, prompt: 'p', tests: 'tests/q', image: 'python-data', limits: { timeout_seconds: 5, memory_mb: 128 } },
  hidden: { testsDir: path.resolve(import.meta.dirname, '../../tests/hostile/code/fixture/tests'), testFiles: [], wrongAnswers: [] },
  contentHash: 'x',
}

describe('python engine without Docker', () => {
  test('gradePythonAnswer answers error with a clear message', async () => {
    const result = await gradePythonAnswer({ question, answerSource: 'def answer(v):\n    return 1\n', sandbox: null })
    expect(result.verdict).toBe('error')
    expect(result.checks[0]?.message).toBe(SANDBOX_UNAVAILABLE)
  })

  test('the engine throws EngineUnavailableError, so the worker fails the run without counting it', async () => {
    const engine = pythonEngine(async () => null)
    const homework = {} as Parameters<typeof engine>[0]['homework']
    await expect(engine({ question, homework, answer: 'x = 1', now: new Date() })).rejects.toBeInstanceOf(EngineUnavailableError)
  })

  test.each([
    ['', /empty/],
    [42, /empty/],
    ['x'.repeat(300 * 1024), /larger than 256 KiB/],
    ['a = 1\u0000', /NUL/],
  ])('answer %# is invalid before the sandbox', async (answer, message) => {
    const result = await gradePythonAnswer({ question, answerSource: answer, sandbox: null })
    expect(result.verdict).toBe('invalid')
    expect(result.checks[0]?.message).toMatch(message)
  })
})
