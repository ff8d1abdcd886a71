// The answer corpus of a course's auto-graded questions: per SQL or python question, how many wrong
// answers (hidden/wrong, must fail) and correct alternatives (hidden/alternatives, must pass) its
// author wrote. Read by the corpus test and summed up in docs/grading.md; grading never needs it.
import path from 'node:path'
import type { LoadedCourse } from './loaded-course.ts'
import { hiddenDirOf, readAlternatives } from './sql-alternatives.ts'

export interface QuestionCorpus {
  /** `<homework-id>/<question-id>`, as `questions check --question` takes it. */
  question: string
  /** `postgres`, `bigquery` or `python`. */
  engine: string
  wrongAnswers: number
  alternatives: number
}

export async function answerCorpusOf(course: LoadedCourse): Promise<QuestionCorpus[]> {
  const corpus: QuestionCorpus[] = []
  for (const week of course.weeks) {
    for (const question of week.homework?.questions ?? []) {
      const id = `${week.homework!.slug}/${question.slug}`
      if (question.kind === 'sql') {
        const alternatives = await readAlternatives(hiddenDirOf(question.hidden, question.spec.solution), question.slug, 'sql')
        corpus.push({ question: id, engine: question.engine, wrongAnswers: question.hidden.wrongAnswers.length, alternatives: alternatives.length })
      } else if (question.kind === 'python') {
        // hidden/tests/<question-id> → hidden/
        const alternatives = await readAlternatives(path.dirname(path.dirname(question.hidden.testsDir)), question.slug, 'py')
        corpus.push({ question: id, engine: 'python', wrongAnswers: question.hidden.wrongAnswers.length, alternatives: alternatives.length })
      }
    }
  }
  return corpus
}
