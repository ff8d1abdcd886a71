// One grading run on real BigQuery, shaped like a LocalBigQuery session (run, dryRun, close): the
// statements are rewritten onto the variant's dataset and a scratch dataset of the run
// (cloud-statement.ts), dry-run and capped by CloudBigQuery, and the scratch dataset is deleted when
// the session closes (its default table expiration cleans up if the delete is missed).
import type { DryRunOutcome, RunOutcome } from '../local-engine.ts'
import { BigQueryRuntimeError } from '../errors.ts'
import { CloudBigQuery } from './cloud-bigquery.ts'
import { type CloudNames, type CloudStatement, cloudStatement, learnerFacingMessage } from './cloud-statement.ts'

export class CloudBigQuerySession {
  private readonly names: CloudNames
  private scratchReady: Promise<void> | null = null
  /** Dry-run bytes by statement: the grader dry-runs a statement, then runs it; one dry run is enough. */
  private readonly estimates = new Map<string, number>()

  constructor(
    private readonly cloud: CloudBigQuery,
    /** Course dataset → the BigQuery dataset holding the variant. */
    datasets: Record<string, string>,
  ) {
    this.names = { projectId: cloud.config.projectId, datasets: Object.fromEntries(Object.entries(datasets).map(([course, id]) => [course.toLowerCase(), id])), scratch: CloudBigQuery.scratchDatasetId() }
  }

  private async prepare(sql: string): Promise<CloudStatement> {
    const statement = cloudStatement(sql, this.names)
    if (statement.usesScratch) {
      this.scratchReady ??= this.cloud.createScratchDataset(this.names.scratch).catch((error: unknown) => {
        this.scratchReady = null
        throw error
      })
      await this.scratchReady
    }
    return statement
  }

  /** BigQuery's messages, with the learner's own table names put back. */
  private learnerError(error: unknown): unknown {
    return error instanceof BigQueryRuntimeError ? new BigQueryRuntimeError(learnerFacingMessage(error.message, this.names)) : error
  }

  async dryRun(sql: string): Promise<DryRunOutcome> {
    const statement = await this.prepare(sql)
    try {
      const bytesProcessed = await this.cloud.dryRun(statement.sql)
      this.estimates.set(statement.sql, bytesProcessed)
      return { kind: statement.kind, bytesProcessed }
    } catch (error) {
      throw this.learnerError(error)
    }
  }

  async run(sql: string): Promise<RunOutcome> {
    const statement = await this.prepare(sql)
    try {
      const outcome = await this.cloud.run(statement.sql, {}, this.estimates.get(statement.sql))
      this.estimates.delete(statement.sql)
      return { kind: statement.kind, bytesProcessed: outcome.estimatedBytes, result: outcome.result, orderBy: statement.orderBy }
    } catch (error) {
      throw this.learnerError(error)
    }
  }

  async close(): Promise<void> {
    if (!this.scratchReady) return
    const created = await this.scratchReady.then(() => true, () => false)
    if (created) await this.cloud.deleteDataset(this.names.scratch).catch(() => undefined)
  }
}
