// The web process's (and the CLI's) handle on the grading queues: a pg-boss instance that only sends (no
// supervision, no workers), started on first use and shared by every request of the process.
import type { PgBoss } from 'pg-boss'
import { readEnv } from '../env.ts'
import { logger } from '../logger.ts'
import { ensureGradingQueues, startGradingBoss } from './queues.ts'

const globalForQueue = globalThis as unknown as { syllabusGradingQueue?: Promise<PgBoss> }

export function getGradingQueue(): Promise<PgBoss> {
  globalForQueue.syllabusGradingQueue ??= (async () => {
    const url = readEnv().DATABASE_URL
    if (!url) throw new Error('DATABASE_URL is not set; start the platform with `npm start`.')
    const boss = await startGradingBoss({ databaseUrl: url, supervise: false, max: 2 })
    boss.on('error', (error) => logger.error({ err: error }, 'pg-boss reported an error'))
    await ensureGradingQueues(boss)
    return boss
  })()
  globalForQueue.syllabusGradingQueue.catch(() => {
    globalForQueue.syllabusGradingQueue = undefined
  })
  return globalForQueue.syllabusGradingQueue
}

export async function stopGradingQueue() {
  const boss = await globalForQueue.syllabusGradingQueue?.catch(() => undefined)
  globalForQueue.syllabusGradingQueue = undefined
  await boss?.stop({ graceful: false })
}
