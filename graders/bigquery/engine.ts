// The bigquery slot of the engine registry: BigQuery-dialect SQL questions graded on the local engine
// (DuckDB over the course's Parquet files), or on real BigQuery when the worker has a project and
// credentials (BIGQUERY_PROJECT_ID; docs/bigquery.md § Real BigQuery). A question that creates an
// external table (in its setup or as its answer) is graded locally even then: external tables read
// Cloud Storage, where this instance keeps no course files.
import type { GradingEngine } from '../engines.ts'
import type { BigQueryGradingQuestion } from './bigquery-question.ts'
import { bigQueryQuestionFromCourse } from './course-question.ts'
import { type BigQueryGradingData, gradeBigQueryAnswer } from './grade-bigquery-answer.ts'

type DataFor = (dataset: string) => Promise<BigQueryGradingData>

const EXTERNAL_TABLE = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?EXTERNAL\s+TABLE\b/i

/** Whether real BigQuery can grade the question (no external table anywhere in it). */
export function cloudCanGrade(question: Pick<BigQueryGradingQuestion, 'setup' | 'statements' | 'solutionSql'>): boolean {
  if (question.statements.includes('create_external_table')) return false
  return ![...question.setup, question.solutionSql].some((statement) => EXTERNAL_TABLE.test(statement.replace(/^(\s*--[^\n]*\n)+/, '')))
}

export function bigQueryEngine(localData: DataFor, cloudData?: DataFor): GradingEngine {
  return async ({ question, homework, answer }) => {
    if (question.kind !== 'sql' || question.spec.engine !== 'bigquery') throw new Error(`The bigquery engine cannot grade a ${question.kind} question`)
    const spec = bigQueryQuestionFromCourse(homework.slug, question)
    // A failure to prepare the data throws: the worker treats it as an infrastructure failure and retries.
    const data = await (cloudData && cloudCanGrade(spec) ? cloudData : localData)(question.spec.dataset)
    return gradeBigQueryAnswer({ question: spec, answerSql: typeof answer === 'string' ? answer : '', data })
  }
}
