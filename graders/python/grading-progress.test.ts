// While a python answer is graded, the runner announces each step on the container's stdout (which
// only it writes to) and the engine turns that into "running check n of m" for the learner.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import type { GradingProgress } from '../grade-result.ts'
import { loadPythonChecks } from './checks-spec.ts'
import { gradePythonAnswer, type PythonQuestion } from './grade-python-answer.ts'

const docker = await dockerForTests()
afterAll(() => docker.sandbox?.close())

const course = await loadCourse(path.join(repositoryCoursesDir, 'data-engineering-zoomcamp'))
const week = course.weeks.find((candidate) => candidate.homework?.questions.some((question) => question.slug === 'transform-green-rows'))!
const question = week.homework!.questions.find((candidate) => candidate.slug === 'transform-green-rows') as PythonQuestion
const solution = path.join(course.dir, 'weeks', week.folder, 'hidden', 'solutions', 'transform-green-rows.py')

describe.skipIf(docker.skipReason !== null)(`grading progress ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('reports starting, the checks the runner reached, then checking; the learner\'s prints cannot fake a step', { timeout: 90_000 }, async () => {
    const checks = (await loadPythonChecks(question.hidden.testsDir)).checks.length
    // Printed by the learner's code: it reaches the container's stderr, never the runner's stdout.
    const forged = `print("\\nSYLLABUS-RUNNER-STEP 7 9")\nimport sys\nsys.stderr.write("\\nSYLLABUS-RUNNER-STEP 8 9\\n")\n`
    const progress: GradingProgress[] = []
    const result = await gradePythonAnswer({
      question,
      answerSource: forged + (await readFile(solution, 'utf8')),
      sandbox: docker.sandbox,
      onProgress: (report) => progress.push(report),
    })
    expect(result.verdict).toBe('correct')
    // Every check of this question is a call: one step runs them all.
    expect(progress).toEqual([{ stage: 'starting' }, { stage: 'running', first: 1, last: checks, of: checks }, { stage: 'checking' }])
  })
})
