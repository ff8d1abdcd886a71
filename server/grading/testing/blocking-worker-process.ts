// Test-only worker process for the crash test (crash.test.ts): a real grading worker whose quiz
// engine first writes `<CRASH_TEST_DIR>/holding-<pid>` and then waits until `<CRASH_TEST_DIR>/release`
// exists, so the test knows which process holds the job and can SIGKILL it mid-grade.
import { access, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { defaultEngines, quizEngine } from '../../../graders/engines.ts'
import { startGradingWorker } from '../worker.ts'

const dir = process.env.CRASH_TEST_DIR
if (!dir || !process.env.DATABASE_URL) throw new Error('CRASH_TEST_DIR and DATABASE_URL must be set')

async function released() {
  for (;;) {
    if (await access(path.join(dir!, 'release')).then(() => true, () => false)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const worker = await startGradingWorker({
  databaseUrl: process.env.DATABASE_URL,
  engines: {
    ...defaultEngines(() => Promise.reject(new Error('no grading cluster in the crash test'))),
    quiz: async (request) => {
      await writeFile(path.join(dir, `holding-${process.pid}`), '')
      await released()
      return quizEngine(request)
    },
  },
  concurrency: { quiz: 1, postgres: 1, bigquery: 1, python: 1 },
  pollingIntervalSeconds: 0.5,
  superviseIntervalSeconds: 1,
  // Expiry far away: the killed worker's job must come back through its stale heartbeat (10 s), not expiry.
  queuePolicies: { quiz: { retryLimit: 3, retryDelay: 0, retryBackoff: false, expireInSeconds: 600, heartbeatSeconds: 10 } },
})
process.stdout.write(`ready ${process.pid}\n`)
process.on('SIGTERM', () => {
  void worker.stop({ timeoutMs: 5_000 }).then(() => process.exit(0))
})
