// The contract between an engine and the rest of the platform (docs/grading.md).
// Every engine returns this shape. The worker (server/grading/worker.ts) validates every result
// before storing it: one that breaks the contract is an infrastructure failure (retried, never a
// learner's verdict). Engines validate their own output with makeGradeResult, so bad output becomes
// an `error` result, never a crash.
import { z } from 'zod'

export const verdicts = ['correct', 'partial', 'incorrect', 'invalid', 'error'] as const
export const engines = ['quiz', 'postgres', 'bigquery', 'python'] as const

const MAX_MESSAGE_CHARS = 4_000

/**
 * PostgreSQL text cannot hold NUL bytes nor jsonb a lone surrogate (`\ud800`): both are removed or
 * replaced (U+FFFD), after the cut, which may split a pair. Long messages are cut so a result stays small.
 */
export function cleanMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/\u0000/g, '')
  return (clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)}… (cut)` : clean).replace(LONE_SURROGATE, '\uFFFD')
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export const gradeCheck = z.object({
  name: z.string().min(1).max(200),
  passed: z.boolean(),
  points: z.number().min(0),
  maxPoints: z.number().min(0),
  message: z.string().transform(cleanMessage),
})

export const gradeResult = z
  .object({
    /** correct/partial/incorrect: graded. invalid: not gradable, no attempt used. error: our failure, retried. */
    verdict: z.enum(verdicts),
    /** Fraction of the question's points earned, in [0, 1]. */
    score: z.number().min(0).max(1),
    checks: z.array(gradeCheck).max(100),
    durationMs: z.number().int().min(0),
    engine: z.enum(engines),
  })
  .refine((result) => result.verdict !== 'correct' || result.score === 1, {
    message: 'a correct verdict must score 1',
  })

/**
 * What a running grade is doing, for the learner who waits: starting the sandbox, running check 2
 * (or checks 1–3, run together) of 5, checking the results. Stored on the run while it runs.
 */
export const gradingProgress = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('starting') }),
  z.object({ stage: z.literal('running'), first: z.number().int().min(1), last: z.number().int().min(1), of: z.number().int().min(1) }),
  z.object({ stage: z.literal('checking') }),
])
export type GradingProgress = z.infer<typeof gradingProgress>

export type GradeCheck = z.infer<typeof gradeCheck>
export type GradeResult = z.infer<typeof gradeResult>
export type Verdict = GradeResult['verdict']
export type EngineName = GradeResult['engine']

/** The result stored when an engine crashed or returned something that is not a GradeResult. */
export function infrastructureFailure(engine: EngineName, durationMs: number, message: string): GradeResult {
  return {
    verdict: 'error',
    score: 0,
    checks: [{ name: 'grader', passed: false, points: 0, maxPoints: 0, message: cleanMessage(message) }],
    durationMs: Math.max(0, Math.round(durationMs)),
    engine,
  }
}

/** Validates an engine's raw output; anything malformed becomes an `error` result. */
export function makeGradeResult(engine: EngineName, raw: unknown, durationMs: number): GradeResult {
  const parsed = gradeResult.safeParse(raw)
  if (parsed.success) return parsed.data
  return infrastructureFailure(engine, durationMs, `The grader returned a malformed result: ${parsed.error.message}`)
}

/** Verdict from the checks: all passed → correct; some points → partial; none → incorrect. */
export function verdictFromChecks(checks: GradeCheck[]): Pick<GradeResult, 'verdict' | 'score'> {
  const max = checks.reduce((sum, check) => sum + check.maxPoints, 0)
  const earned = checks.reduce((sum, check) => sum + check.points, 0)
  if (checks.every((check) => check.passed)) return { verdict: 'correct', score: 1 }
  const score = max > 0 ? Math.min(1, earned / max) : 0
  return { verdict: score > 0 ? 'partial' : 'incorrect', score }
}
