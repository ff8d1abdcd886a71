// "This query will process X when run": the dry run behind the editor, on the public variant, after
// the question's setup statements. Never runs the learner's statement.
import { type BigQueryGradingQuestion } from './bigquery-question.ts'
import { BigQueryRejectedError, BigQueryRuntimeError } from './errors.ts'
import { estimateSentence } from './format-bytes.ts'
import type { BigQueryDataVariant } from './grade-bigquery-answer.ts'
import { openBigQuerySession } from './session.ts'

export type DryRunAnswer = { ok: true; bytesProcessed: number; message: string } | { ok: false; message: string }

export async function dryRunBigQueryAnswer(question: Pick<BigQueryGradingQuestion, 'setup'>, variant: BigQueryDataVariant, sql: string): Promise<DryRunAnswer> {
  const session = await openBigQuerySession(variant)
  try {
    for (const statement of question.setup) await session.run(statement)
    try {
      const { bytesProcessed } = await session.dryRun(sql)
      return { ok: true, bytesProcessed, message: estimateSentence(bytesProcessed) }
    } catch (error) {
      if (error instanceof BigQueryRejectedError || error instanceof BigQueryRuntimeError) return { ok: false, message: error.message }
      throw error
    }
  } finally {
    await session.close()
  }
}
