// CPU seconds of processes from /proc, for `bench:queue --profile`: the workers, and PostgreSQL by
// process kind. Short-lived PostgreSQL processes (autovacuum workers, closed connections) are
// seen by sampling the postmaster's children while they live; the postmaster's own counter of its
// reaped children (cutime + cstime) gives the total, so what the samples missed is shown too.
import { readdir, readFile } from 'node:fs/promises'

const CLOCK_TICKS = 100

interface ProcStat {
  parent: number
  cpu: number
  childrenCpu: number
}

async function procStat(pid: number | string): Promise<ProcStat | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null)
  if (!stat) return null
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const [parent, utime, stime, cutime, cstime] = [1, 11, 12, 13, 14].map((index) => Number(fields[index]))
  return { parent: parent!, cpu: (utime! + stime!) / CLOCK_TICKS, childrenCpu: (cutime! + cstime!) / CLOCK_TICKS }
}

export async function cpuSeconds(pid: number): Promise<number> {
  return (await procStat(pid))?.cpu ?? 0
}

/** "postgres: autovacuum worker syllabus" → "autovacuum worker"; a connection → "connection to <db>". */
function processKind(commandLine: string): string {
  const title = commandLine.replace(/\0/g, ' ').trim().replace(/^postgres:\s*/, '')
  if (title.startsWith('autovacuum worker')) return 'autovacuum worker'
  const connection = /^\S+ (\S+) (127\.0\.0\.1|\[local\]|::1)/.exec(title)
  if (connection) return `connection to ${connection[1]!.replace(/_\d+_\d+$/, '_…')}`
  return title.replace(/ (idle|active)$/, '')
}

/** The children of a process (Linux's /proc/<pid>/task/<pid>/children; all of /proc where missing). */
async function childPids(pid: number): Promise<string[]> {
  const listed = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => null)
  if (listed !== null) return listed.split(' ').filter(Boolean)
  return (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))
}

/** Samples the postmaster's children every `intervalMs` until stopped; CPU by process kind over the sampled span. */
export function samplePostgresCpu(postmasterPid: number, intervalMs = 25) {
  const first = new Map<number, number>()
  const last = new Map<number, { kind: string; cpu: number; alive: boolean }>()
  let stopped = false
  const sample = async (initial: boolean) => {
    for (const value of last.values()) value.alive = false
    for (const entry of await childPids(postmasterPid)) {
      const stat = await procStat(entry)
      if (!stat || stat.parent !== postmasterPid) continue
      const pid = Number(entry)
      const seen = last.get(pid)
      if (seen) Object.assign(seen, { cpu: stat.cpu, alive: true })
      else {
        // A process first seen after the start was born during the span: all its CPU counts.
        first.set(pid, initial ? stat.cpu : 0)
        last.set(pid, { kind: processKind(await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')), cpu: stat.cpu, alive: true })
      }
    }
  }
  const before = procStat(postmasterPid)
  const running = (async () => {
    await sample(true)
    while (!stopped) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
      await sample(false)
    }
  })()
  return {
    /** CPU seconds by process kind as sampled, the postmaster's own, and the reaped children's CPU the samples did not see. */
    async stop(): Promise<{ byKind: Map<string, number>; processes: Map<string, number>; postmaster: number; unseen: number }> {
      stopped = true
      await running
      await sample(false)
      const [start, end] = [await before, await procStat(postmasterPid)]
      const byKind = new Map<string, number>()
      const processes = new Map<string, number>()
      let reapedSampled = 0
      for (const [pid, { kind, cpu, alive }] of last) {
        byKind.set(kind, (byKind.get(kind) ?? 0) + cpu - first.get(pid)!)
        processes.set(kind, (processes.get(kind) ?? 0) + 1)
        if (!alive) reapedSampled += cpu
      }
      const reaped = (end?.childrenCpu ?? 0) - (start?.childrenCpu ?? 0)
      return { byKind, processes, postmaster: (end?.cpu ?? 0) - (start?.cpu ?? 0), unseen: Math.max(0, reaped - reapedSampled) }
    },
  }
}
