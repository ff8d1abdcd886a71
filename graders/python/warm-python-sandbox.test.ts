// Warming the sandbox for the course's python questions at worker start, in real Docker: one pool per
// container shape, as many started containers as the pool size, nothing for a database question
// without a socket folder, and the first grade of a question takes one of the warmed containers
// (the shapes agree with the grading path). Also the python concurrency the worker starts with.
import os from 'node:os'
import path from 'node:path'
import { readFile } from 'node:fs/promises'
import { afterAll, describe, expect, test } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { SANDBOX_LABEL } from '../../sandbox/docker/config.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { defaultPythonConcurrency } from '../../server/grading/worker.ts'
import { loadPythonChecks } from './checks-spec.ts'
import { gradePythonAnswer, preloadedModules, runnerContainer } from './grade-python-answer.ts'
import { deepWarmPool, pythonQuestionsFromHomeworkFiles, pythonQuestionsOf, warmPythonSandbox, type WarmableQuestion } from './warm-python-sandbox.ts'

const docker = await dockerForTests({ warmPoolSize: 2, warmPoolStart: true })
afterAll(() => docker.sandbox?.close())

const course = await loadCourse(path.join(repositoryCoursesDir, 'data-engineering-zoomcamp'))
const questions = pythonQuestionsOf([course])

test('python jobs at once: two per core, at least two', () => {
  expect(defaultPythonConcurrency(1)).toBe(2)
  expect(defaultPythonConcurrency(2)).toBe(4)
  expect(defaultPythonConcurrency(8)).toBe(16)
  expect(defaultPythonConcurrency()).toBe(Math.max(2, 2 * os.availableParallelism()))
})

test('a used shape keeps five rounds of job slots, at most one container per GiB and 32, at least the job slots', () => {
  const GiB = 2 ** 30
  expect(deepWarmPool(4, 24 * GiB)).toBe(20)
  expect(deepWarmPool(4, 8 * GiB)).toBe(8)
  expect(deepWarmPool(4, 2 * GiB)).toBe(4)
  expect(deepWarmPool(16, 64 * GiB)).toBe(32)
})

test('the homework files alone give the containers of the loaded courses, and their tests folders', async () => {
  const shape = (question: WarmableQuestion) => JSON.stringify([runnerContainer(question, '/socket'), question.hidden.testsDir])
  const early = await pythonQuestionsFromHomeworkFiles(repositoryCoursesDir)
  expect(early.length).toBe(questions.length)
  expect(early.map(shape).sort()).toEqual(questions.map(shape).sort())
  // Not a course root: nothing, not an error.
  expect(await pythonQuestionsFromHomeworkFiles(path.join(repositoryCoursesDir, 'does-not-exist'))).toEqual([])
})

describe.skipIf(docker.skipReason !== null)(`warm python sandbox ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('fills a pool per container shape, skips database questions without a socket, and grading takes a warmed container', { timeout: 120_000 }, async () => {
    const sandbox = docker.sandbox!
    const withDatabase = await Promise.all(questions.map(async (question) => (await loadPythonChecks(question.hidden.testsDir)).database !== undefined))
    const shapesWithoutDatabase = new Set(
      questions.filter((_, index) => !withDatabase[index]).map((question) => JSON.stringify([question.spec.image, question.spec.limits.memory_mb, preloadedModules(question.spec.starter)])),
    ).size
    expect(withDatabase.some(Boolean)).toBe(true)

    // The worker's way: the shapes of some questions first, the rest when the courses are read.
    const shapes = await warmPythonSandbox(sandbox, questions.slice(0, 1), { more: Promise.resolve(questions) })
    expect(shapes).toBe(shapesWithoutDatabase)
    expect(sandbox.pooledCount()).toBe(2 * shapes)
    const mine = { label: [`${SANDBOX_LABEL}.owner=${os.hostname()}/${process.pid}`], status: ['running'] }
    const warmed = new Set((await sandbox.docker.listContainers({ filters: mine })).map((container) => container.Id))
    expect(warmed.size).toBe(2 * shapes)

    const question = questions.find((candidate) => candidate.slug === 'transform-green-rows')!
    const solution = await readFile(path.join(repositoryCoursesDir, 'data-engineering-zoomcamp/weeks/02-ingestion/hidden/solutions/transform-green-rows.py'), 'utf8')
    const result = await gradePythonAnswer({ question, answerSource: solution, sandbox })
    expect(result.verdict).toBe('correct')
    // The run used (and removes) one of the warmed containers; had the shapes differed it would have made its own.
    await expect
      .poll(async () => {
        const now = new Set((await sandbox.docker.listContainers({ filters: mine })).map((container) => container.Id))
        return [...warmed].filter((id) => !now.has(id)).length
      }, { timeout: 10_000 })
      .toBe(1)
  })
})
