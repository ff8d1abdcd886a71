// Every python question of the real courses: its reference solution is correct, every wrong
// answer under hidden/wrong fails on the check its first line names, and every correct answer
// written another way (hidden/alternatives/<question>--<label>.py) is correct. Runs in the real sandbox;
// ingestion questions (checks.yaml `database:`) get scratch copies on the test cluster, reached
// through its socket folder (tests/setup/global-postgres.ts).
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import { loadCourse } from '../../course/load.ts'
import { readAlternatives } from '../../course/sql-alternatives.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { loadPythonChecks } from './checks-spec.ts'
import { gradePythonAnswer, type PythonQuestion } from './grade-python-answer.ts'
import type { GradingDatabase } from './scratch-database-queries.ts'
import { pythonEngine } from './python-engine.ts'

const docker = await dockerForTests()
afterAll(() => docker.sandbox?.close())
const database: GradingDatabase = { adminUrl: inject('gradingAdminUrl'), socketDir: inject('gradingSocketDir'), template: inject('gradingTemplate') }

const questions: { course: string; question: PythonQuestion; solution: string; alternatives: { file: string; text: string }[] }[] = []
for (const entry of await readdir(repositoryCoursesDir, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue
  const course = await loadCourse(path.join(repositoryCoursesDir, entry.name)).catch(() => null)
  for (const week of course?.weeks ?? []) {
    for (const question of week.homework?.questions ?? []) {
      if (question.kind !== 'python') continue
      const solution = path.join(repositoryCoursesDir, entry.name, 'weeks', week.folder, 'hidden', 'solutions', `${question.slug}.py`)
      const alternatives = await readAlternatives(path.dirname(path.dirname(solution)), question.slug, 'py')
      questions.push({ course: entry.name, question, solution, alternatives })
    }
  }
}

describe.skipIf(docker.skipReason !== null)(`course python questions ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('the courses have python questions, ingestion ones among them', async () => {
    expect(questions.length).toBeGreaterThanOrEqual(4)
    const withDatabase = await Promise.all(questions.map(async ({ question }) => (await loadPythonChecks(question.hidden.testsDir)).database !== undefined))
    expect(withDatabase.filter(Boolean).length).toBeGreaterThanOrEqual(1)
  })

  for (const { course, question, solution, alternatives } of questions) {
    describe(`${course} ${question.slug}`, () => {
      test('the reference solution is correct, through the worker\'s engine', { timeout: 90_000 }, async () => {
        const source = await readFile(solution, 'utf8')
        // The engine asks for a database only when the question needs one: the others never wait for its template.
        let databaseAsked = false
        const engine = pythonEngine(
          async () => docker.sandbox,
          async () => {
            databaseAsked = true
            return database
          },
        )
        const homework = {} as Parameters<typeof engine>[0]['homework']
        const result = await engine({ question, homework, answer: source, now: new Date() })
        expect(result.checks.filter((check) => !check.passed)).toEqual([])
        expect(result.verdict).toBe('correct')
        expect(databaseAsked).toBe((await loadPythonChecks(question.hidden.testsDir)).database !== undefined)
      })

      test('has at least two wrong answers', () => {
        expect(question.hidden.wrongAnswers.length).toBeGreaterThanOrEqual(2)
      })

      for (const alternative of alternatives) {
        test(`alternative ${alternative.file} is correct`, { timeout: 90_000 }, async () => {
          const result = await gradePythonAnswer({ question, answerSource: alternative.text, sandbox: docker.sandbox, database })
          expect(result.checks.filter((check) => !check.passed)).toEqual([])
          expect(result.verdict).toBe('correct')
        })
      }

      for (const wrong of question.hidden.wrongAnswers) {
        test(`wrong answer ${wrong.label} fails on ${wrong.expect}`, { timeout: 90_000 }, async () => {
          const result = await gradePythonAnswer({ question, answerSource: wrong.text, sandbox: docker.sandbox, database })
          expect(result.verdict).not.toBe('correct')
          expect(result.verdict).not.toBe('error')
          const named = result.checks.find((check) => check.name === wrong.expect)
          expect(named, `no check named ${wrong.expect}`).toBeDefined()
          expect(named?.passed).toBe(false)
        })
      }
    })
  }
})
