import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { SqlQuestionCheckReport } from '../../graders/sql/author-checks/check-sql-question.ts'
import { formatQuestionReport } from './questions.ts'

const plain = (text: string) => stripVTControlCharacters(text)

const survivor = { id: 'm-0123abcd', operator: 'comparison' as const, description: '`>=` became `>`', sql: "SELECT count(*)\nFROM t\nWHERE ts > '2019-09-18'" }

function report(overrides: Partial<SqlQuestionCheckReport>): SqlQuestionCheckReport {
  return {
    id: 'hw1/q',
    mutants: { total: 4, killed: [survivor, survivor, survivor], surviving: [], notRunning: [survivor], equivalent: [] },
    score: 1,
    wrongAnswers: [{ file: 'weeks/01/hidden/wrong/q--a.sql', ok: true, message: 'fails on `values`' }],
    alternatives: [],
    failures: [],
    passed: true,
    ...overrides,
  }
}

describe('formatQuestionReport', () => {
  it('prints the score and the counts on one line for a passing question', () => {
    expect(plain(formatQuestionReport(report({})))).toBe('✓ hw1/q  mutants killed 3/3 (100 %)  1 not running, wrong answers 1/1, alternatives 0/0')
  })

  it('prints every surviving mutant as the exact SQL that passes, and every failure', () => {
    const text = plain(
      formatQuestionReport(
        report({
          mutants: { total: 4, killed: [survivor, survivor], surviving: [survivor], notRunning: [survivor], equivalent: [] },
          score: 2 / 3,
          failures: ['The reference returns no rows on the hidden data.'],
          alternatives: [{ file: 'alternatives/q--cast.sql', ok: false, message: 'a correct alternative fails on `values`: …' }],
          passed: false,
        }),
      ),
    )
    expect(text).toContain('✗ hw1/q  mutants killed 2/3 (66.6 %)')
    expect(text).toContain('    ✗ The reference returns no rows on the hidden data.')
    expect(text).toContain('    ✗ alternatives/q--cast.sql: a correct alternative fails on `values`: …')
    expect(text).toContain("survives m-0123abcd (comparison: `>=` became `>`) — this wrong query passes:\n        SELECT count(*)\n        FROM t\n        WHERE ts > '2019-09-18'")
  })
})
