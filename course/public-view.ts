// What of a homework may reach a browser. Built by picking fields one by one (an allow-list), so a field
// added to the course format later stays on the server until someone decides to show it here.
import { z } from 'zod'
import { submissionsCloseAt } from './homework-window.ts'
import type { LoadedHomework, LoadedQuestion } from './loaded-course.ts'
import { pythonLimitsSchema, questionKinds, sqlEngines, sqlStatementKinds } from './schema.ts'

const publicOptionSchema = z.strictObject({ id: z.string(), text: z.string() })

/** Present only once answers may be shown (after the deadline, if the homework allows it). */
const revealedAnswerSchema = z.strictObject({
  answer: z.union([z.string(), z.array(z.string()), z.number()]).nullable(),
  explanation: z.string().nullable(),
})

export const publicQuestionSchema = z.strictObject({
  id: z.string(),
  number: z.number(),
  kind: z.enum(questionKinds),
  points: z.number(),
  prompt: z.string(),
  options: z.array(publicOptionSchema).optional(),
  sql: z.strictObject({ engine: z.enum(sqlEngines), dataset: z.string(), statements: z.array(z.enum(sqlStatementKinds)) }).optional(),
  python: z.strictObject({ image: z.string(), limits: pythonLimitsSchema }).optional(),
  starter: z.string().optional(),
  revealed: revealedAnswerSchema.optional(),
})

export const publicHomeworkSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  deadline: z.date(),
  latePolicy: z.strictObject({ until: z.date(), penalty: z.number() }).nullable(),
  scoring: z.enum(['best', 'last']),
  totalPoints: z.number(),
  answersRevealed: z.boolean(),
  questions: z.array(publicQuestionSchema),
})

export type PublicQuestion = z.infer<typeof publicQuestionSchema>
export type PublicHomework = z.infer<typeof publicHomeworkSchema>

export interface PublicViewOptions {
  /** Include quiz answers and explanations. Decide it with `mayRevealAnswers`. */
  revealAnswers: boolean
}

/** Answers may be shown once no one can submit any more (after the late window), if the homework allows it. */
export function mayRevealAnswers(homework: LoadedHomework, now: Date = new Date()) {
  return homework.config.show_answers_after_deadline && now.getTime() > submissionsCloseAt(homework).getTime()
}

export function toPublicQuestion(question: LoadedQuestion, options: PublicViewOptions): PublicQuestion {
  const view: PublicQuestion = {
    id: question.slug,
    number: question.number,
    kind: question.kind,
    points: question.spec.points,
    prompt: question.spec.prompt,
  }
  const spec = question.spec
  switch (spec.kind) {
    case 'single_choice':
    case 'multiple_choice':
      view.options = spec.options.map((option) => ({ id: option.id, text: option.text }))
      break
    case 'sql':
      view.sql = { engine: spec.engine, dataset: spec.dataset, statements: [...spec.statements] }
      if (spec.starter !== undefined) view.starter = spec.starter
      break
    case 'python':
      view.python = { image: spec.image, limits: { ...spec.limits } }
      if (spec.starter !== undefined) view.starter = spec.starter
      break
  }
  if (options.revealAnswers) view.revealed = revealedAnswerOf(question)
  return view
}

// Code questions have no answer to reveal: their reference solutions and hidden tests never leave the server.
function revealedAnswerOf(question: LoadedQuestion) {
  const spec = question.spec
  const explanation = spec.explanation ?? null
  switch (spec.kind) {
    case 'single_choice':
      return { answer: spec.answer, explanation }
    case 'multiple_choice':
      return { answer: [...spec.answer], explanation }
    case 'numeric':
      return { answer: spec.answer, explanation }
    case 'text':
      return { answer: spec.answer ? [...spec.answer] : null, explanation }
    case 'sql':
    case 'python':
      return { answer: null, explanation }
  }
}

export function toPublicHomework(homework: LoadedHomework, options: PublicViewOptions): PublicHomework {
  return {
    id: homework.slug,
    title: homework.config.title,
    deadline: homework.deadline,
    latePolicy: homework.latePolicy ? { until: homework.latePolicy.until, penalty: homework.latePolicy.penalty } : null,
    scoring: homework.config.scoring,
    totalPoints: homework.totalPoints,
    answersRevealed: options.revealAnswers,
    questions: homework.questions.map((question) => toPublicQuestion(question, options)),
  }
}
