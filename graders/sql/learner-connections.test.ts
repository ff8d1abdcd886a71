import { describe, expect, it } from 'vitest'
import { sandboxRoleOptionsSchema } from '../../sandbox/postgres/provision-role.ts'
import { defaultHiddenVariantPool } from './hidden-variant-pool.ts'
import { learnerConnectionsFor } from './grading-environment.ts'

describe('the learner-connection budget', () => {
  it('keeps a public connection per grade in flight and one resetting, one per hidden variant and per extra grade, and two for killing databases', () => {
    expect(learnerConnectionsFor({ sqlConcurrency: 3, hiddenVariants: 8 })).toBe(16)
    expect(learnerConnectionsFor({ sqlConcurrency: 1, hiddenVariants: 8 })).toBe(12)
    expect(learnerConnectionsFor({ sqlConcurrency: 2, hiddenVariants: 8, datasets: 2 })).toBe(23)
  })

  it("fits two workers at SQL concurrency 3 and the web preview under the learner role's default limit", () => {
    const worker = learnerConnectionsFor({ sqlConcurrency: 3, hiddenVariants: defaultHiddenVariantPool.size })
    const preview = 2 // server/sql-preview.ts PREVIEW_POOL_SIZE
    const { connectionLimit } = sandboxRoleOptionsSchema.parse({ databases: ['syllabus_ds_nyc_taxi_public'] })
    expect(2 * worker + preview).toBeLessThanOrEqual(connectionLimit)
  })
})
