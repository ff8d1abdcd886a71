// Run's limits used to be counted in each web process's memory: with two web processes a learner held
// two Runs at once, and the site ran twice as many Runs as its pools allow. Here a second, real
// process (its own Node, its own connections) holds leases while this one asks for more.
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { toPublicError } from '../../../server/errors.ts'
import { withSqlRunLease } from '../../../server/sql-run-lease.ts'

const CAPACITY = 2
const root = path.resolve(import.meta.dirname, '../../..')
const children: ChildProcess[] = []

/** Starts the other web process and waits until it has answered for every learner id. */
async function otherProcessHolding(...userIds: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hold-sql-run-lease.ts'), ...userIds], {
    cwd: root,
    env: { ...process.env, RUN_CAPACITY: String(CAPACITY) },
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  children.push(child)
  const lines: string[] = []
  const reader = createInterface({ input: child.stdout! })
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the other process exited (${code}) after: ${lines.join('; ')}`)))
    reader.on('line', (line) => {
      lines.push(line)
      if (lines.length === userIds.length) resolve()
    })
  })
  return {
    lines,
    async stop() {
      child.stdin!.end()
      await new Promise((resolve) => child.once('exit', resolve))
    },
  }
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** The status the route handler would answer for a Run lease asked for now, or 'ok'. */
async function leaseStatus(userId: string): Promise<number | 'ok'> {
  try {
    await withSqlRunLease(userId, CAPACITY, async () => undefined)
    return 'ok'
  } catch (error) {
    return toPublicError(error).status
  }
}

/** Whether two Runs of new learners can run at once now. */
async function bothSlotsFree() {
  let finish!: () => void
  const held = new Promise<void>((resolve) => (finish = resolve))
  let entered!: () => void
  const inside = new Promise<void>((resolve) => (entered = resolve))
  const first = withSqlRunLease(`probe-${Math.random()}`, CAPACITY, () => (entered(), held))
  const refused = first.then(() => false, () => true)
  if (await Promise.race([inside.then(() => false), refused])) return false
  const second = await leaseStatus(`probe-${Math.random()}`)
  finish()
  return (await first.then(() => true, () => false)) && second === 'ok'
}

describe('Run limits hold across web processes', () => {
  it('one Run in flight per learner, whichever process serves it', async () => {
    const other = await otherProcessHolding('ada')
    expect(other.lines).toEqual(['held ada'])
    expect(await leaseStatus('ada')).toBe(429)
    expect(await leaseStatus('bob')).toBe('ok')
    await other.stop()
    expect(await leaseStatus('ada')).toBe('ok')
  })

  it('the site-wide capacity is shared: full in one process means 503 with Retry-After in the other', async () => {
    const other = await otherProcessHolding('ada', 'bob')
    expect(other.lines.sort()).toEqual(['held ada', 'held bob'])
    const refusal = await withSqlRunLease('carol', CAPACITY, async () => undefined).catch((error: unknown) => error)
    expect(toPublicError(refusal)).toMatchObject({ status: 503, retryAfterSeconds: expect.any(Number) })
    await other.stop()
    expect(await leaseStatus('carol')).toBe('ok')
  })

  it('a process that dies mid-Run releases its leases (they live on its connection)', async () => {
    const other = await otherProcessHolding('dan', 'eve')
    expect(other.lines).toHaveLength(2)
    children.at(-1)!.kill('SIGKILL')
    await new Promise((resolve) => children.at(-1)!.once('exit', resolve))
    // The server notices the closed connections within moments; both leases and both slots come free.
    await expect.poll(async () => [await leaseStatus('dan'), await leaseStatus('eve'), await bothSlotsFree()], { timeout: 10_000 }).toEqual(['ok', 'ok', true])
  })

  it('the third concurrent Run in one process is refused too, and the lease ends with the Run', async () => {
    let finish!: () => void
    const held = new Promise<void>((resolve) => (finish = resolve))
    const running = [withSqlRunLease('fay', CAPACITY, () => held), withSqlRunLease('gus', CAPACITY, () => held)]
    await expect.poll(() => leaseStatus('hal')).toBe(503)
    finish()
    await Promise.all(running)
    expect(await leaseStatus('hal')).toBe('ok')
  })
})
