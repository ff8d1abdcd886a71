import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RunResults, type RunOutcome } from './run-results.tsx'

const html = (outcome: RunOutcome) => renderToStaticMarkup(createElement(RunResults, { outcome }))

describe('RunResults', () => {
  it('a result cut before its first row says rows came back but were too large, not "0 rows"', () => {
    const out = html({ ok: true, columns: ['repeat'], rows: [], truncated: true, durationMs: 1700 })
    expect(out).toContain('data-testid="run-first-row-too-large"')
    expect(out).not.toContain('only the first rows are shown')
  })

  it('a cut result with rows says only the first are shown; an empty result says nothing more', () => {
    const cut = html({ ok: true, columns: ['n'], rows: [['1'], ['2']], truncated: true, durationMs: 3 })
    expect(cut).toContain('2 rows (only the first rows are shown)')
    expect(cut).not.toContain('run-first-row-too-large')
    const empty = html({ ok: true, columns: ['n'], rows: [], truncated: false, durationMs: 3 })
    expect(empty).toContain('0 rows')
    expect(empty).not.toContain('run-first-row-too-large')
  })
})
