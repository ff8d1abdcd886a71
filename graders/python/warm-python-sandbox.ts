// Fills the Docker sandbox's warm pool for the python questions of the courses a worker serves, when
// the worker starts. Without it the pool of a question's container shape fills only after that
// question's first answer, so the first learner after a start paid a cold container (and the
// interpreter's start-up) on top of their grade.
import { readdir, readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { LoadedCourse } from '../../course/loaded-course.ts'
import { findCourseDirs } from '../../course/load.ts'
import { pythonQuestionSchema } from '../../course/schema.ts'
import type { DockerSandbox } from '../../sandbox/docker/index.ts'
import { loadPythonChecks } from './checks-spec.ts'
import { runnerContainer, type PythonQuestion } from './grade-python-answer.ts'

/**
 * Started containers a worker keeps per question shape once that shape has been answered (the
 * sandbox's warmPoolDeep): five rounds of its python job slots (20 on 2 cores, the issue's burst),
 * at most one per GiB of the machine's memory (an idle container holds 10-90 MB: the runner, and
 * the preloaded libraries such as pandas) and at most 32, never fewer than the job slots. A burst
 * of answers then takes started containers: on 2 cores, starting one per answer beside the runs
 * was most of the burst's time (docs/benchmarks.md, "Python", sessions 7 and 8).
 */
export function deepWarmPool(pythonConcurrency: number, totalMemoryBytes = os.totalmem()): number {
  return Math.max(pythonConcurrency, Math.min(32, 5 * pythonConcurrency, Math.floor(totalMemoryBytes / 2 ** 30)))
}

/** What a question's container shape is made of (runnerContainer): its spec and its hidden tests folder. */
export type WarmableQuestion = Pick<PythonQuestion, 'spec'> & { hidden: Pick<PythonQuestion['hidden'], 'testsDir'> }

export function pythonQuestionsOf(courses: LoadedCourse[]): PythonQuestion[] {
  return courses.flatMap((course) =>
    course.weeks.flatMap((week) => (week.homework?.questions ?? []).filter((question): question is PythonQuestion => question.kind === 'python')),
  )
}

/**
 * The python questions of every course under `root`, read from the homework files alone: each
 * `weeks/*\/homework.yaml` parsed, its python questions validated with the schema the course loader
 * uses (so defaults agree), without the rest of the course (lessons, hidden SQL, killing data,
 * content hashes), which took ~2 s of a worker's start before it knew which containers to warm
 * (docs/benchmarks.md, "Python", session 8). Only for warming: a question the full load rejects
 * gets a warm container nobody takes; one this misses is warmed once the courses are read.
 */
export async function pythonQuestionsFromHomeworkFiles(root: string): Promise<WarmableQuestion[]> {
  const courseDirs = await findCourseDirs(root).catch(() => [])
  const weekDirs = (
    await Promise.all(
      courseDirs.map(async (courseDir) =>
        (await readdir(path.join(courseDir, 'weeks'), { withFileTypes: true }).catch(() => []))
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
          .map((entry) => path.join(courseDir, 'weeks', entry.name)),
      ),
    )
  ).flat()
  const perWeek = await Promise.all(
    weekDirs.map(async (weekDir) => {
      const text = await readFile(path.join(weekDir, 'homework.yaml'), 'utf8').catch(() => null)
      let raw: unknown
      try {
        raw = text === null ? null : parseYaml(text)
      } catch {
        return []
      }
      const questions = (raw as { questions?: unknown } | null)?.questions
      if (!Array.isArray(questions)) return []
      return questions.flatMap((question: unknown): WarmableQuestion[] => {
        if ((question as { kind?: unknown } | null)?.kind !== 'python') return []
        const spec = pythonQuestionSchema.safeParse(question)
        return spec.success ? [{ spec: spec.data, hidden: { testsDir: path.join(weekDir, 'hidden', spec.data.tests) } }] : []
      })
    }),
  )
  return perWeek.flat()
}

/**
 * Starts warm containers for every distinct container shape (image, limits, database socket) of these
 * questions, up to the sandbox's pool size each, and resolves when they are waiting. A question that
 * needs a database gets the socket folder's shape, so pass the folder its runs will mount (none: its
 * runs cannot happen here, nothing is warmed for it). A question whose checks do not load is skipped:
 * its runs answer the error themselves. `more` adds questions known later (a worker warms from its
 * homework files first, then from the courses once read): their shapes' first containers are made
 * when they arrive, before the rest of any pool.
 */
export async function warmPythonSandbox(
  sandbox: DockerSandbox,
  questions: WarmableQuestion[],
  {
    socketDir,
    onFirstStarted,
    more,
  }: {
    socketDir?: string
    /** Called once every shape's first container is being made: a run of any shape then waits for it rather than starting its own. */
    onFirstStarted?: () => void
    more?: Promise<WarmableQuestion[]>
  } = {},
): Promise<number> {
  const shapes = new Map<string, ReturnType<typeof runnerContainer>>()
  // First one container of every shape, then the rest of each pool, one shape after another: the
  // first answer after a start waits only for its shape's first container, and a worker that just
  // started has datasets and templates to open beside this. Before, a shape's whole pool was made
  // before the next shape's first container, and an answer arriving before its shape's fill had begun
  // ran in a cold container of its own (docs/benchmarks.md, "Python", session 7).
  const first: Promise<void>[] = []
  const add = async (batch: WarmableQuestion[]) => {
    for (const question of batch) {
      const checks = await loadPythonChecks(question.hidden.testsDir).catch(() => null)
      if (!checks || (checks.database && !socketDir)) continue
      const shape = runnerContainer(question, checks.database ? socketDir : undefined)
      // The deadline is kept from outside the container, so questions differing only in it share a pool.
      const { timeoutMs: _keptOutside, ...containerLimits } = shape.limits
      const key = JSON.stringify([shape.image, shape.argv, containerLimits, shape.socketDir ?? null])
      if (shapes.has(key)) continue
      shapes.set(key, shape)
      first.push(sandbox.warm(shape.image, shape.argv, shape.limits, shape.socketDir, { upTo: 1 }))
    }
  }
  await add(questions)
  onFirstStarted?.()
  if (more) await add(await more.catch(() => []))
  await Promise.all(first)
  // The rest while no run is in flight, one container at a time: right after a start, beside the
  // first answers, they slowed them (a shape answered meanwhile fills to its deeper pool).
  for (const shape of shapes.values()) {
    await sandbox.whenIdle()
    await sandbox.warm(shape.image, shape.argv, shape.limits, shape.socketDir, { parallel: 1 })
  }
  return shapes.size
}
