// A cancelled grade stops the learner's code: the container is killed at once (not at the
// question's time limit) and the result is an `error`, which the worker retries without counting
// the attempt. Needs Docker; skips, with the reason, without it.
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { gradePythonAnswer, GRADING_CANCELLED, type PythonQuestion } from './grade-python-answer.ts'

const docker = await dockerForTests()
afterAll(() => docker.sandbox?.close())

const question: PythonQuestion = {
  kind: 'python',
  slug: 'q',
  number: 1,
  engine: 'python',
  spec: { id: 'q', kind: 'python', points: 1, prompt: 'p', tests: 'tests/q', image: 'python-data', limits: { timeout_seconds: 60, memory_mb: 128 } },
  hidden: { testsDir: path.resolve(import.meta.dirname, '../../tests/hostile/code/fixture/tests'), testFiles: [], wrongAnswers: [] },
  contentHash: 'x',
}

const FOREVER = 'def answer(values):\n    while True:\n        pass\n\ndef echo(text):\n    return text\n'

describe.skipIf(docker.skipReason !== null)(`cancelling a python grade ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('stops the container mid-run and answers error, long before the time limit', { timeout: 60_000 }, async () => {
    const controller = new AbortController()
    const started = performance.now()
    const grading = gradePythonAnswer({ question, answerSource: FOREVER, sandbox: docker.sandbox, signal: controller.signal })
    const running = async () =>
      (
        await docker.sandbox!.docker.listContainers({
          filters: { label: [`syllabus.sandbox.owner=${os.hostname()}/${process.pid}`], status: ['running'] },
        })
      ).length
    // Cancel once the learner's code is really running.
    while ((await running()) === 0) await new Promise((resolve) => setTimeout(resolve, 100))
    await new Promise((resolve) => setTimeout(resolve, 500))
    controller.abort()
    const result = await grading
    expect(result.verdict).toBe('error')
    expect(result.checks[0]?.message).toBe(GRADING_CANCELLED)
    expect(performance.now() - started).toBeLessThan(30_000)
    // Killed at once (its removal follows off the path to the result).
    expect(await running()).toBe(0)
  })

  test('an already cancelled grade starts no container', async () => {
    const result = await gradePythonAnswer({ question, answerSource: FOREVER, sandbox: docker.sandbox, signal: AbortSignal.abort() })
    expect(result).toMatchObject({ verdict: 'error', checks: [expect.objectContaining({ message: GRADING_CANCELLED })] })
  })
})
