// The conformance corpus on the local engine (docs/bigquery.md, "Conformance"). Prints the pass
// rate; every case that does not pass must be listed in KNOWN_FAILURES with its reason, and every
// listed case must still fail (a fixed case is taken off the list).
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalBigQuery } from '../local-engine.ts'
import { conformanceCases } from './cases.ts'
import { KNOWN_FAILURES } from './known-failures.ts'
import { type CaseOutcome, runConformanceCase } from './run-case.ts'

let engine: LocalBigQuery
const outcomes = new Map<string, CaseOutcome>()

beforeAll(async () => {
  engine = await LocalBigQuery.open({ datasets: [] })
  for (const testCase of conformanceCases) outcomes.set(testCase.id, await runConformanceCase(engine, testCase))
}, 120_000)

afterAll(() => engine?.close())

describe('BigQuery conformance corpus', () => {
  it('has at least 150 cases with unique ids', () => {
    expect(conformanceCases.length).toBeGreaterThanOrEqual(150)
    expect(new Set(conformanceCases.map((testCase) => testCase.id)).size).toBe(conformanceCases.length)
  })

  it('passes every case except the known failures, each listed with its reason', () => {
    const counts = { pass: 0, refused: 0, fail: 0 }
    for (const outcome of outcomes.values()) counts[outcome.status]++
    const rate = ((counts.pass / conformanceCases.length) * 100).toFixed(1)
    console.log(`BigQuery conformance: ${counts.pass}/${conformanceCases.length} pass (${rate}%), ${counts.refused} refused as not supported locally, ${counts.fail} wrong or failing`)
    const unexpected = [...outcomes].filter(([id, outcome]) => outcome.status !== 'pass' && !(id in KNOWN_FAILURES)).map(([id, outcome]) => `${id}: ${JSON.stringify(outcome)}`)
    expect(unexpected).toEqual([])
    const fixed = Object.keys(KNOWN_FAILURES).filter((id) => outcomes.get(id)?.status === 'pass')
    expect(fixed, 'these pass now: take them off KNOWN_FAILURES').toEqual([])
    const unknownIds = Object.keys(KNOWN_FAILURES).filter((id) => !outcomes.has(id))
    expect(unknownIds).toEqual([])
  })

  it('docs/bigquery.md states the measured pass rate and lists every known failure', async () => {
    const counts = { pass: 0, refused: 0, fail: 0 }
    for (const outcome of outcomes.values()) counts[outcome.status]++
    const rate = ((counts.pass / conformanceCases.length) * 100).toFixed(1)
    const docs = await readFile(new URL('../../../docs/bigquery.md', import.meta.url), 'utf8')
    expect(docs).toContain(`**${counts.pass} / ${conformanceCases.length} pass (${rate} %)**, ${counts.refused} refused, ${counts.fail} not passing`)
    for (const id of Object.keys(KNOWN_FAILURES)) expect(docs, id).toMatch(new RegExp(`\\b${id}\\b`))
  })

  it('never answers wrongly where it refuses: known wrong results are only those listed as "wrong"', () => {
    for (const [id, outcome] of outcomes) {
      if (outcome.status === 'refused') expect(KNOWN_FAILURES[id]?.kind, id).toBe('refused')
      if (outcome.status === 'fail') expect(KNOWN_FAILURES[id]?.kind, id).not.toBe('refused')
    }
  })
})
