// `bench:queue --timeline`: what the drain finished per interval, per engine, beside how busy the
// machine's cores were (/proc/stat) in that interval — whether a stretch of the drain waits on the
// CPU or on something else (round trips, connections, the queue's fetches).
import { readFile } from 'node:fs/promises'
import type pg from 'pg'

/** Busy and total jiffies of all cores since boot (/proc/stat's first line). */
async function cpuJiffies(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0]!
  const fields = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  const total = fields.reduce((sum, value) => sum + value, 0)
  return { busy: total - idle, total }
}

/** Samples the machine's CPU every `intervalMs` from now until stop(): busy share per interval. */
export function sampleMachineCpu(intervalMs: number) {
  const shares: number[] = []
  let previous = cpuJiffies()
  const timer = setInterval(() => {
    const current = cpuJiffies()
    void Promise.all([previous, current]).then(([before, after]) => {
      const total = after.total - before.total
      shares.push(total > 0 ? (after.busy - before.busy) / total : 0)
    })
    previous = current
  }, intervalMs)
  return {
    stop(): number[] {
      clearInterval(timer)
      return shares
    },
  }
}

/** Runs finished per interval after the drain's first start, per engine, with the CPU share sampled beside them. */
export async function drainTimeline(client: pg.Client, intervalMs: number, cpuShares: number[]): Promise<string> {
  const { rows } = await client.query<{ bucket: number; engine: string; runs: number }>(
    `SELECT floor(extract(epoch FROM run."finishedAt" - first.at) * 1000 / $1)::int AS bucket, run.engine::text AS engine, count(*)::int AS runs
       FROM "GradingRun" AS run, (SELECT min("startedAt") AS at FROM "GradingRun") AS first
      WHERE run."finishedAt" IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    [intervalMs],
  )
  const engines = [...new Set(rows.map((row) => row.engine))].sort()
  const buckets = Math.max(0, ...rows.map((row) => row.bucket)) + 1
  const lines = [`  ${'from (s)'.padStart(8)} ${engines.map((engine) => engine.padStart(9)).join(' ')}  CPU busy`]
  for (let bucket = 0; bucket < buckets; bucket++) {
    const counts = engines.map((engine) => rows.find((row) => row.bucket === bucket && row.engine === engine)?.runs ?? 0)
    const share = cpuShares[bucket]
    lines.push(`  ${((bucket * intervalMs) / 1000).toFixed(0).padStart(8)} ${counts.map((count) => String(count).padStart(9)).join(' ')}  ${share === undefined ? '' : `${Math.round(share * 100)} %`}`)
  }
  return lines.join('\n')
}
