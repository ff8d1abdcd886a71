import { describe, expect, test } from 'vitest'
import { compareCsv, sameJson } from './compare-values.ts'

const strict = { tolerance: 1e-9, unordered: false }

describe('sameJson', () => {
  test.each([
    [1, 1, true],
    [1, '1', false],
    [true, 1, false],
    [null, 0, false],
    [[], {}, false],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [[1, 2], [2, 1], false],
    [0.1 + 0.2, 0.3, true],
    ['x', 'x ', false],
  ])('%j vs %j → %s', (actual, expected, same) => {
    expect(sameJson(actual, expected, strict)).toBe(same)
  })

  test('unordered compares lists as multisets, at the top level only', () => {
    expect(sameJson([1, 2, 2], [2, 1, 2], { ...strict, unordered: true })).toBe(true)
    expect(sameJson([1, 1, 2], [1, 2, 2], { ...strict, unordered: true })).toBe(false)
    expect(sameJson([[1, 2]], [[2, 1]], { ...strict, unordered: true })).toBe(false)
  })
})

describe('compareCsv', () => {
  test('numbers compare as numbers, text as text', () => {
    expect(compareCsv('a,b\n1.0,x\n', 'a,b\n1,x\n', strict)).toBeNull()
    expect(compareCsv('a,b\n1,"x, y"\n', 'a,b\n1,"x, y"\n', strict)).toBeNull()
    expect(compareCsv(',a,b\n0,1,x\n', 'a,b\n1,x\n', strict)).toBe('header')
    expect(compareCsv('a\n1\n2\n', 'a\n1\n', strict)).toBe('row-count')
    expect(compareCsv('a\n2\n1\n', 'a\n1\n2\n', strict)).toBe('values')
    expect(compareCsv('a\n2\n1\n', 'a\n1\n2\n', { ...strict, unordered: true })).toBeNull()
  })
})
