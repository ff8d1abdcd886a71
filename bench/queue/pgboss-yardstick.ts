// The yardstick of `bench:queue`: pg-boss alone draining no-op jobs, on the same PostgreSQL in the same
// run, with the same shape as the grading workers (one pg-boss instance per worker, batches with
// burst, the same local concurrency and per-job settling). What the grading path costs on top of
// pg-boss is the ratio of the two drains.
import { PgBoss } from 'pg-boss'
import pg from 'pg'

export interface YardstickResult {
  jobs: number
  enqueueSeconds: number
  drainSeconds: number
}

export async function pgBossYardstick(databaseUrl: string, { jobs, workers, batchSize, localConcurrency }: { jobs: number; workers: number; batchSize: number; localConcurrency: number }): Promise<YardstickResult> {
  const queue = 'yardstick.noop'
  const sender = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false, max: 4 })
  await sender.start()
  await sender.createQueue(queue)
  const enqueueStarted = performance.now()
  for (let sent = 0; sent < jobs; sent += 1000) {
    await sender.insert(queue, Array.from({ length: Math.min(1000, jobs - sent) }, (_, index) => ({ data: { n: sent + index } })))
  }
  const enqueueSeconds = (performance.now() - enqueueStarted) / 1000
  await sender.stop({ graceful: false })

  let done = 0
  let finished = () => {}
  const allDone = new Promise<void>((resolve) => (finished = resolve))
  const bosses = await Promise.all(
    Array.from({ length: workers }, async () => {
      const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false, max: 2 + localConcurrency })
      // A non-graceful stop may leave a pooled connection for the cluster's stop to end (57P01): not a failure
      // of the measurement, and without a listener the error event crashed the bench after its table.
      boss.on('error', (error: Error & { code?: string }) => {
        if (error.code !== '57P01') console.error(`pg-boss (yardstick): ${error.message}`)
      })
      await boss.start()
      return boss
    }),
  )
  const started = performance.now()
  for (const boss of bosses) {
    await boss.work(queue, { batchSize, perJobResults: true, burstWhenBatchFull: true, localConcurrency, pollingIntervalSeconds: 1 }, async (batch) => {
      done += batch.length
      if (done >= jobs) finished()
      return batch.map((job) => ({ id: job.id, status: 'completed' as const }))
    })
  }
  await allDone
  // Handed back is not settled: wait until PostgreSQL has every job completed.
  const db = new pg.Client(databaseUrl)
  await db.connect()
  for (;;) {
    const { rows } = await db.query<{ open: number }>(`SELECT count(*)::int AS open FROM pgboss.job WHERE name = $1 AND state <> 'completed'`, [queue])
    if (rows[0]!.open === 0) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const drainSeconds = (performance.now() - started) / 1000
  await db.end()
  await Promise.all(bosses.map((boss) => boss.stop({ graceful: false })))
  return { jobs, enqueueSeconds, drainSeconds }
}
