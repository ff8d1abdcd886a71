// The quiz engine: single and multiple choice, numeric with tolerance, text with normalisation or a
// pattern. One check per question ("answer"). Messages never name the right answer unless the caller
// says the answer may be shown (after the last moment anyone may still submit).
import { z } from 'zod'
import type { QuestionSpec, QuizKind } from '../../course/schema.ts'
import { type GradeResult, makeGradeResult } from '../grade-result.ts'

export type QuizQuestionSpec = Extract<QuestionSpec, { kind: QuizKind }>

export interface GradeQuizOptions {
  /** Name the right answer and show the explanation (the homework is closed for everyone). */
  revealAnswer?: boolean
}

/** The answer each kind accepts; anything else is `invalid` (no attempt used). */
export const quizAnswerSchemas = {
  single_choice: z.string().min(1).max(100),
  multiple_choice: z.array(z.string().min(1).max(100)).max(100),
  numeric: z.number().finite(),
  text: z.string().max(10_000),
} as const

/** Floating-point noise is not a wrong answer: 0.1 + 0.2 is 0.3. */
const EXACT_NUMERIC_EPSILON = 1e-9

interface Outcome {
  score: number
  message: string
}

function optionText(spec: { options: { id: string; text: string }[] }, id: string) {
  const option = spec.options.find((candidate) => candidate.id === id)
  return option ? `${id} (${option.text})` : id
}

function gradeSingleChoice(spec: Extract<QuizQuestionSpec, { kind: 'single_choice' }>, answer: string, reveal: boolean): Outcome {
  if (answer === spec.answer) return { score: 1, message: 'Correct.' }
  return { score: 0, message: reveal ? `Not correct. The answer is ${optionText(spec, spec.answer)}.` : 'Not correct.' }
}

function gradeMultipleChoice(spec: Extract<QuizQuestionSpec, { kind: 'multiple_choice' }>, answer: string[], reveal: boolean): Outcome {
  const picked = new Set(answer)
  const right = new Set(spec.answer)
  const rightPicks = [...picked].filter((id) => right.has(id)).length
  const wrongPicks = picked.size - rightPicks
  const exact = wrongPicks === 0 && rightPicks === right.size
  if (exact) return { score: 1, message: 'Correct.' }
  const score = spec.partial_credit ? Math.max(0, (rightPicks - wrongPicks) / right.size) : 0
  const revealText = reveal ? ` The right options are ${spec.answer.map((id) => optionText(spec, id)).join(', ')}.` : ''
  const lead = score > 0 ? 'Partly right.' : 'Not correct.'
  return { score, message: `${lead}${revealText}` }
}

export function numbersMatch(expected: number, actual: number, spec: { tolerance?: number; relative_tolerance?: number }) {
  const difference = Math.abs(actual - expected)
  if (spec.relative_tolerance !== undefined) return difference <= spec.relative_tolerance * Math.abs(expected) + EXACT_NUMERIC_EPSILON
  return difference <= (spec.tolerance ?? 0) + EXACT_NUMERIC_EPSILON
}

function gradeNumeric(spec: Extract<QuizQuestionSpec, { kind: 'numeric' }>, answer: number, reveal: boolean): Outcome {
  if (numbersMatch(spec.answer, answer, spec)) return { score: 1, message: 'Correct.' }
  return { score: 0, message: reveal ? `Not correct. The answer is ${spec.answer}.` : 'Not correct.' }
}

export function normalizeText(text: string, normalize: { trim: boolean; case: 'insensitive' | 'sensitive'; collapse_whitespace: boolean }) {
  let result = text
  if (normalize.collapse_whitespace) result = result.replace(/\s+/g, ' ')
  if (normalize.trim) result = result.trim()
  if (normalize.case === 'insensitive') result = result.toLowerCase()
  return result
}

function gradeText(spec: Extract<QuizQuestionSpec, { kind: 'text' }>, answer: string, reveal: boolean): Outcome {
  const normalized = normalizeText(answer, spec.normalize)
  const matches = spec.pattern
    ? new RegExp(spec.pattern, spec.normalize.case === 'insensitive' ? 'i' : '').test(normalized)
    : (spec.answer ?? []).some((accepted) => normalizeText(accepted, spec.normalize) === normalized)
  if (matches) return { score: 1, message: 'Correct.' }
  const accepted = spec.answer?.[0]
  return { score: 0, message: reveal && accepted ? `Not correct. An accepted answer is "${accepted}".` : 'Not correct.' }
}

function outcomeFor(spec: QuizQuestionSpec, answer: unknown, reveal: boolean): Outcome | null {
  switch (spec.kind) {
    case 'single_choice': {
      const parsed = quizAnswerSchemas.single_choice.safeParse(answer)
      return parsed.success ? gradeSingleChoice(spec, parsed.data, reveal) : null
    }
    case 'multiple_choice': {
      const parsed = quizAnswerSchemas.multiple_choice.safeParse(answer)
      return parsed.success ? gradeMultipleChoice(spec, parsed.data, reveal) : null
    }
    case 'numeric': {
      const parsed = quizAnswerSchemas.numeric.safeParse(answer)
      return parsed.success ? gradeNumeric(spec, parsed.data, reveal) : null
    }
    case 'text': {
      const parsed = quizAnswerSchemas.text.safeParse(answer)
      return parsed.success ? gradeText(spec, parsed.data, reveal) : null
    }
  }
}

/** Grades one quiz answer. Never throws. */
export function gradeQuizAnswer(spec: QuizQuestionSpec, answer: unknown, options: GradeQuizOptions = {}): GradeResult {
  const started = performance.now()
  const reveal = options.revealAnswer ?? false
  const outcome = outcomeFor(spec, answer, reveal)
  const durationMs = Math.round(performance.now() - started)
  if (!outcome) {
    return makeGradeResult('quiz', {
      verdict: 'invalid',
      score: 0,
      checks: [{ name: 'answer', passed: false, points: 0, maxPoints: spec.points, message: 'This answer is not in a form this question accepts.' }],
      durationMs,
      engine: 'quiz',
    }, durationMs)
  }
  const explanation = reveal && spec.explanation && outcome.score < 1 ? ` ${spec.explanation}` : ''
  const verdict = outcome.score === 1 ? 'correct' : outcome.score > 0 ? 'partial' : 'incorrect'
  return makeGradeResult(
    'quiz',
    {
      verdict,
      score: outcome.score,
      checks: [
        {
          name: 'answer',
          passed: outcome.score === 1,
          points: outcome.score * spec.points,
          maxPoints: spec.points,
          message: `${outcome.message}${explanation}`,
        },
      ],
      durationMs,
      engine: 'quiz',
    },
    durationMs,
  )
}
