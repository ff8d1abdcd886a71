// The engine registry: which function grades a question, by the question's engine. The worker takes
// one queue per engine; each engine here turns (question spec, answer) into a GradeResult.
import type { LoadedHomework, LoadedQuestion } from '../course/loaded-course.ts'
import { mayRevealAnswers } from '../course/public-view.ts'
import { quizKinds, type QuizKind } from '../course/schema.ts'
import type { EngineName, GradeResult, GradingProgress } from './grade-result.ts'
import { gradeQuizAnswer, type QuizQuestionSpec } from './quiz/grade-quiz-answer.ts'
import { sqlQuestionFromCourse } from './sql/sql-question-from-course.ts'
import { gradeSqlAnswer } from './sql/grade-sql-answer.ts'
import type { SqlGradingEnvironment } from './sql/grading-environment.ts'

export interface GradeRequest {
  question: LoadedQuestion
  homework: LoadedHomework
  answer: unknown
  /** When grading happens: decides whether feedback may name the right answer. */
  now: Date
  /** Aborted when the job's time is up or the worker stops. */
  signal?: AbortSignal
  /** What the engine is doing now, shown live to the learner (engines that take a while report it). */
  onProgress?: (progress: GradingProgress) => void
}

export type GradingEngine = (request: GradeRequest) => Promise<GradeResult>
export type EngineRegistry = Record<EngineName, GradingEngine>

/**
 * The engine cannot run at all here (no Docker, no BigQuery): the run fails at once with this
 * message, without retries and without counting against the learner.
 */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError'
}

export function isQuizQuestion(question: LoadedQuestion): question is Extract<LoadedQuestion, { kind: QuizKind }> {
  return (quizKinds as readonly string[]).includes(question.kind)
}


export const quizEngine: GradingEngine = async ({ question, homework, answer, now }) => {
  if (!isQuizQuestion(question)) throw new Error(`The quiz engine cannot grade a ${question.kind} question`)
  return gradeQuizAnswer(question.spec as QuizQuestionSpec, answer, { revealAnswer: mayRevealAnswers(homework, now) })
}

/** What the PostgreSQL engine needs from the grading cluster (graders/sql/grading-environment.ts). */
export type PostgresGrading = Pick<SqlGradingEnvironment, 'runner' | 'datasetsFor'> & Partial<Pick<SqlGradingEnvironment, 'killingDatabasesFor'>>

export function postgresEngine(connect: () => Promise<PostgresGrading>): GradingEngine {
  // Grades of this engine in flight in this process. Alone, an answer's hidden run goes beside its public
  // one (a right answer costs one execution of wall time); beside other grades the cores are already
  // shared, so it waits for the public phase to pass and a wrong answer never runs it (a third less
  // database work in a deadline's backlog of mostly wrong answers: docs/benchmarks.md, "Queue", session 9).
  let grading = 0
  return async ({ question, homework, answer, signal, now }) => {
    if (question.kind !== 'sql') throw new Error(`The postgres engine cannot grade a ${question.kind} question`)
    grading += 1
    try {
      // A failed connect throws: the worker treats it as an infrastructure failure and retries.
      const { runner, datasetsFor, killingDatabasesFor } = await connect()
      const killing = (await killingDatabasesFor?.(question.hidden.killingData)) ?? []
      return await gradeSqlAnswer({
        question: sqlQuestionFromCourse(homework.slug, question),
        answerSql: typeof answer === 'string' ? answer : '',
        runner,
        datasets: { ...datasetsFor(question.spec.dataset), killing },
        signal,
        // Before the answers are revealed, feedback says what differs, never the expected values.
        revealExpected: mayRevealAnswers(homework, now),
        hintLevel: homework.sqlHints,
        hiddenRun: grading > 1 ? 'after-public' : 'alongside',
      })
    } finally {
      grading -= 1
    }
  }
}

export function unavailableEngine(message: string): GradingEngine {
  return async () => {
    throw new EngineUnavailableError(message)
  }
}

export function defaultEngines(connectPostgres: () => Promise<PostgresGrading>): EngineRegistry {
  return {
    quiz: quizEngine,
    postgres: postgresEngine(connectPostgres),
    python: unavailableEngine('The code sandbox is unavailable on this server, so Python answers cannot be graded yet.'),
    bigquery: unavailableEngine('The BigQuery engine is not available on this server yet.'),
  }
}
