// What a learner may send as an answer, per question kind. The course's question spec narrows it
// further (option ids must be the question's options).
import { z } from 'zod'
import type { QuestionSpec } from '../../course/schema.ts'

/** Default cap on one answer's JSON size; SQL and Python sources are the big ones. */
export const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024

export function answerSchemaFor(spec: QuestionSpec) {
  switch (spec.kind) {
    case 'single_choice': {
      const ids = spec.options.map((option) => option.id)
      return z.string().refine((id) => ids.includes(id), 'Pick one of the options.')
    }
    case 'multiple_choice': {
      const ids = spec.options.map((option) => option.id)
      return z
        .array(z.string().refine((id) => ids.includes(id), 'Pick among the options.'))
        .min(1, 'Pick at least one option.')
        .refine((picked) => new Set(picked).size === picked.length, 'Pick each option at most once.')
    }
    case 'numeric':
      return z.number({ error: 'Enter a number.' }).finite('Enter a finite number.')
    case 'text':
      return z.string().trim().min(1, 'Enter an answer.')
    case 'sql':
      return z.string().trim().min(1, 'Enter a SQL statement.')
    case 'python':
      return z.string().trim().min(1, 'Enter your Python code.')
  }
}

/** UTF-8 bytes of the answer as it will be stored. */
export function answerSizeBytes(answer: unknown): number {
  return Buffer.byteLength(JSON.stringify(answer ?? null), 'utf8')
}
