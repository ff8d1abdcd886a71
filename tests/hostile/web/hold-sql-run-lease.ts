// A second web process for sql-run-limits.test.ts: takes a Run lease for each learner id given on the
// command line (as its own /api/sql/run would), prints "held <id>" or "refused <id> <status>" for
// each, and keeps the leases until its stdin closes or it is killed.
import { toPublicError } from '../../../server/errors.ts'
import { withSqlRunLease } from '../../../server/sql-run-lease.ts'

const capacity = Number(process.env.RUN_CAPACITY ?? 2)
const release = new Promise<void>((resolve) => {
  process.stdin.on('end', resolve).on('close', resolve).resume()
})

const leases = process.argv.slice(2).map(async (userId) => {
  try {
    await withSqlRunLease(userId, capacity, async () => {
      console.log(`held ${userId}`)
      await release
    })
  } catch (error) {
    console.log(`refused ${userId} ${toPublicError(error).status}`)
  }
})
await Promise.all(leases)
process.exit(0)
