// The hostile corpus of the code sandbox: answers that attack the sandbox, the grader or the host.
// Each must end in a clean non-correct verdict (incorrect or invalid, never a crash or `error`),
// within its deadline, with no hidden test text in the feedback and no container left behind.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { PythonQuestion } from '../../../graders/python/grade-python-answer.ts'
import { gradePythonAnswer } from '../../../graders/python/grade-python-answer.ts'
import { listSandboxContainers } from '../../../sandbox/docker/sweep.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../../sandbox/docker/testing/docker-for-tests.ts'
import { hostileCases, LEGITIMATE_ANSWER } from './hostile-cases.ts'

const TIMEOUT_SECONDS = 5
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const testsDir = path.join(import.meta.dirname, 'fixture', 'tests')
const question: PythonQuestion = {
  kind: 'python',
  slug: 'hostile',
  number: 1,
  engine: 'python',
  spec: {
    id: 'hostile',
    kind: 'python',
    points: 3,
    prompt: 'Sum, echo and copy.',
    tests: 'tests/hostile',
    image: 'python-data',
    limits: { timeout_seconds: TIMEOUT_SECONDS, memory_mb: 128 },
  },
  hidden: { testsDir, testFiles: ['checks.yaml', 'expected.csv', 'input.csv', 'unused.csv'], wrongAnswers: [] },
  contentHash: 'hostile',
}

// As the python engine runs it (lazyDockerSandbox): a pool of started runners waiting for their job.
const docker = await dockerForTests({ warmPoolSize: 1, warmPoolStart: true })
afterAll(async () => {
  await docker.sandbox?.close()
})

function grade(source: string) {
  return gradePythonAnswer({ question, answerSource: source, sandbox: docker.sandbox })
}

describe.skipIf(docker.skipReason !== null)(`hostile code ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('the corpus has at least 30 cases', () => {
    expect(hostileCases.length).toBeGreaterThanOrEqual(30)
  })

  test('a legitimate answer is correct (the question is passable)', { timeout: 60_000 }, async () => {
    const result = await grade(LEGITIMATE_ANSWER)
    expect(result.checks.filter((check) => !check.passed)).toEqual([])
    expect(result.verdict).toBe('correct')
  })

  test.each(hostileCases)('$name', { timeout: 60_000 }, async ({ source, verdicts = ['incorrect', 'invalid'], feedbackMustNotMatch }) => {
    const started = performance.now()
    const result = await grade(source)
    expect(verdicts).toContain(result.verdict)
    // The deadline holds from outside: a run never takes much longer than its limit.
    expect(performance.now() - started).toBeLessThan((TIMEOUT_SECONDS + 15) * 1000)
    for (const check of result.checks) {
      expect(check.message).not.toMatch(/HIDDEN-|1234567|234567/)
      expect(check.message).not.toMatch(/SECRET|PASSWORD|TOKEN/)
      if (feedbackMustNotMatch) expect(check.message).not.toMatch(feedbackMustNotMatch)
      // Well-formed Unicode (no lone surrogate), so it can be stored as jsonb.
      expect(check.message).not.toMatch(LONE_SURROGATE)
    }
    expect(existsSync('/tmp/syllabus-hostile-was-here')).toBe(false)
  })

  test('no sandbox container is left once the sandbox closes', { timeout: 60_000 }, async () => {
    const sandbox = docker.sandbox!
    await sandbox.close()
    expect(await listSandboxContainers(sandbox.docker, `${(await import('node:os')).hostname()}/${process.pid}`)).toEqual([])
    const volumes = await sandbox.docker.listVolumes({ filters: { label: [`syllabus.sandbox.owner=${(await import('node:os')).hostname()}/${process.pid}`] } })
    expect(volumes.Volumes ?? []).toEqual([])
  })
})
