import { describe, expect, it } from 'vitest'
import { overallSkipLine } from './skip-record.ts'
import { skipReasons } from './skip-summary-reporter.ts'
import { NEEDS_DOCKER } from '../../sandbox/docker/testing/needs-docker-tag.ts'

describe('the one skip line that ends npm test', () => {
  it('adds both stages and names every reason with its count', () => {
    const unit = skipReasons([{ tags: [NEEDS_DOCKER] }, { tags: [NEEDS_DOCKER] }, { tags: ['needs-poppler'] }, { tags: [] }])
    const line = overallSkipLine([
      { stage: 'unit', ran: 1000, skipped: unit },
      { stage: 'e2e', ran: 30, skipped: { 'the code sandbox needs Docker': 2 } },
    ])
    expect(line).toBe(
      'npm test (unit + e2e): 1,030 tests ran, 6 skipped — 2 need Docker and no Docker engine is reachable; ' +
        '1 need poppler-utils (pdftoppm), which is not installed; 1 marked skip/todo in their files; 2 e2e: the code sandbox needs Docker.',
    )
  })

  it('says none were skipped when none were', () => {
    expect(overallSkipLine([{ stage: 'unit', ran: 5, skipped: {} }, { stage: 'e2e', ran: 2, skipped: {} }])).toBe(
      'npm test (unit + e2e): 7 tests ran, none skipped.',
    )
  })
})
