// What `questions kill` must tell apart from the reference: the mutants not declared equivalent, and
// the author's wrong answers that right results on the public data let through (`-- expect:
// counterexample`): only a killing database can catch those, so the search must find one for them too.
import path from 'node:path'
import type { WrongAnswer } from '../../../course/loaded-course.ts'
import type { Mutant } from '../mutants/generate-mutants.ts'

export interface KillingTargetEntry {
  id: string
  /** The mutant's operator, or `wrong answer`. */
  operator: string
  description: string
  sql: string
}

export function killingTargets(mutants: Mutant[], declaredEquivalent: string[], wrongAnswers: WrongAnswer[]): KillingTargetEntry[] {
  const declared = new Set(declaredEquivalent)
  return [
    ...mutants.filter((mutant) => !declared.has(mutant.id)),
    ...wrongAnswers
      .filter((wrong) => wrong.expect === 'counterexample')
      .map((wrong) => ({ id: path.basename(wrong.file), operator: 'wrong answer', description: wrong.file, sql: wrong.text })),
  ]
}
