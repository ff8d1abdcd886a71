// The bigquery slot of the engine registry: BigQuery-dialect SQL questions graded on the local
// engine (DuckDB over the course's Parquet files).
import type { GradingEngine } from '../engines.ts'
import { bigQueryQuestionFromCourse } from './course-question.ts'
import { type BigQueryGradingData, gradeBigQueryAnswer } from './grade-bigquery-answer.ts'

export function bigQueryEngine(dataFor: (dataset: string) => Promise<BigQueryGradingData>): GradingEngine {
  return async ({ question, homework, answer }) => {
    if (question.kind !== 'sql' || question.spec.engine !== 'bigquery') throw new Error(`The bigquery engine cannot grade a ${question.kind} question`)
    // A failure to prepare the data throws: the worker treats it as an infrastructure failure and retries.
    const data = await dataFor(question.spec.dataset)
    return gradeBigQueryAnswer({
      question: bigQueryQuestionFromCourse(homework.slug, question),
      answerSql: typeof answer === 'string' ? answer : '',
      data,
    })
  }
}
