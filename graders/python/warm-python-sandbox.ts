// Fills the Docker sandbox's warm pool for the python questions of the courses a worker serves, when
// the worker starts. Without it the pool of a question's container shape fills only after that
// question's first answer, so the first learner after a start paid a cold container (and the
// interpreter's start-up) on top of their grade.
import type { LoadedCourse } from '../../course/loaded-course.ts'
import type { DockerSandbox } from '../../sandbox/docker/index.ts'
import { loadPythonChecks } from './checks-spec.ts'
import { runnerContainer, type PythonQuestion } from './grade-python-answer.ts'

export function pythonQuestionsOf(courses: LoadedCourse[]): PythonQuestion[] {
  return courses.flatMap((course) =>
    course.weeks.flatMap((week) => (week.homework?.questions ?? []).filter((question): question is PythonQuestion => question.kind === 'python')),
  )
}

/**
 * Starts warm containers for every distinct container shape (image, limits, database socket) of these
 * questions, up to the sandbox's pool size each, and resolves when they are waiting. A question that
 * needs a database gets the socket folder's shape, so pass the folder its runs will mount (none: its
 * runs cannot happen here, nothing is warmed for it). A question whose checks do not load is skipped:
 * its runs answer the error themselves.
 */
export async function warmPythonSandbox(
  sandbox: DockerSandbox,
  questions: PythonQuestion[],
  { socketDir, onFirstStarted }: { socketDir?: string; /** Called once every shape's first container is being made: a run of any shape then waits for it rather than starting its own. */ onFirstStarted?: () => void } = {},
): Promise<number> {
  const shapes = new Map<string, ReturnType<typeof runnerContainer>>()
  for (const question of questions) {
    const checks = await loadPythonChecks(question.hidden.testsDir).catch(() => null)
    if (!checks || (checks.database && !socketDir)) continue
    const shape = runnerContainer(question, checks.database ? socketDir : undefined)
    // The deadline is kept from outside the container, so questions differing only in it share a pool.
    const { timeoutMs: _keptOutside, ...containerLimits } = shape.limits
    shapes.set(JSON.stringify([shape.image, shape.argv, containerLimits, shape.socketDir ?? null]), shape)
  }
  // First one container of every shape, then the rest of each pool, one shape after another: the
  // first answer after a start waits only for its shape's first container, and a worker that just
  // started has datasets and templates to open beside this. Before, a shape's whole pool was made
  // before the next shape's first container, and an answer arriving before its shape's fill had begun
  // ran in a cold container of its own (docs/benchmarks.md, "Python", session 7).
  const first = [...shapes.values()].map((shape) => sandbox.warm(shape.image, shape.argv, shape.limits, shape.socketDir, { upTo: 1 }))
  onFirstStarted?.()
  await Promise.all(first)
  // The rest while no run is in flight: right after a start, beside the first answer, they slowed it.
  for (const shape of shapes.values()) {
    await sandbox.whenIdle()
    await sandbox.warm(shape.image, shape.argv, shape.limits, shape.socketDir)
  }
  return shapes.size
}
