import { describe, expect, it } from 'vitest'
import type { WrongAnswer } from '../../../course/loaded-course.ts'
import type { Mutant } from '../mutants/generate-mutants.ts'
import { killingTargets } from './killing-targets.ts'

const mutant = (id: string): Mutant => ({ id, operator: 'order-direction', description: '`DESC` became `ASC`', sql: `SELECT ${id}` })
const wrong = (label: string, expect: string): WrongAnswer => ({
  label,
  file: `weeks/01-introduction/hidden/wrong/trips-on-day--${label}.sql`,
  path: `/courses/x/weeks/01-introduction/hidden/wrong/trips-on-day--${label}.sql`,
  expect,
  text: `SELECT '${label}'`,
})

describe('killingTargets', () => {
  it('keeps the mutants not declared equivalent, and adds the wrong answers only a counterexample catches', () => {
    const targets = killingTargets([mutant('m-1'), mutant('m-2')], ['m-2'], [wrong('until-2359', 'counterexample'), wrong('pickup-only', 'values')])
    expect(targets.map((target) => target.id)).toEqual(['m-1', 'trips-on-day--until-2359.sql'])
    expect(targets[1]).toEqual({
      id: 'trips-on-day--until-2359.sql',
      operator: 'wrong answer',
      description: 'weeks/01-introduction/hidden/wrong/trips-on-day--until-2359.sql',
      sql: "SELECT 'until-2359'",
    })
  })
})
