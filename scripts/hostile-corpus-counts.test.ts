// docs/security.md shows the hostile corpora's counts by category; they are computed, never typed, and
// this test fails when a case is added or removed without `npx tsx scripts/hostile-corpus-counts.ts --write`.
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { hostileCases } from '../tests/hostile/code/hostile-cases.ts'
import { hostileSqlCases } from '../tests/hostile/sql/cases.ts'
import { hostileCorpusCounts, SECURITY_DOC, withCounts } from './hostile-corpus-counts.ts'

describe('hostile corpus counts in docs/security.md', () => {
  it('are the counts of the corpora as they are now', async () => {
    const doc = await readFile(SECURITY_DOC, 'utf8')
    expect(withCounts(doc, await hostileCorpusCounts()), 'run: npx tsx scripts/hostile-corpus-counts.ts --write').toBe(doc)
  })

  it('count every case of both corpora', async () => {
    const counts = await hostileCorpusCounts()
    expect(counts).toContain(`| **total** | **${hostileSqlCases.length}** |`)
    expect(counts).toContain(`| **total** | **${hostileCases.length}** |`)
  })
})
