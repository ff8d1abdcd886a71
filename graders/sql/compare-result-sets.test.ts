import { describe, expect, it } from 'vitest'
import {
  type ComparisonOptions,
  compareResultSets,
  compareToFingerprint,
  fingerprintResultSet,
} from './compare-result-sets.ts'
import type { SqlResultSet } from './result-set.ts'
import { canonicalValue, typeOids, valueClassOf, valuesEqual } from './postgres-text-values.ts'

type Rows = (string | null)[][]

function result(columns: [string, number][], rows: Rows, truncated = false): SqlResultSet {
  return {
    columns: columns.map(([name, typeOid]) => ({ name, typeOid, typeName: String(typeOid) })),
    rows,
    rowCount: rows.length,
    truncated,
    durationMs: 1,
  }
}

const unordered: ComparisonOptions = { orderBy: null, floatTolerance: 1e-6, columnNames: false }
const { int4, int8, numeric, float8, text, date, timestamp, timestamptz, interval, bool, bpchar } = typeOids

describe('compareResultSets', () => {
  const cases: {
    name: string
    expected: SqlResultSet
    actual: SqlResultSet
    options?: Partial<ComparisonOptions>
    check: 'columns' | 'rows' | 'values' | null
  }[] = [
    {
      name: 'same rows in another order, unordered',
      expected: result([['a', int4], ['b', text]], [['1', 'x'], ['2', 'y']]),
      actual: result([['a', int4], ['b', text]], [['2', 'y'], ['1', 'x']]),
      check: null,
    },
    {
      name: 'another order when the reference sorts by every column',
      expected: result([['a', int4]], [['1'], ['2']]),
      actual: result([['a', int4]], [['2'], ['1']]),
      options: { orderBy: [0] },
      check: 'values',
    },
    {
      name: 'rows that tie on the sort key may swap',
      expected: result([['day', date], ['n', int8]], [['2019-10-01', '5'], ['2019-10-01', '7'], ['2019-10-02', '1']]),
      actual: result([['day', date], ['n', int8]], [['2019-10-01', '7'], ['2019-10-01', '5'], ['2019-10-02', '1']]),
      options: { orderBy: [0] },
      check: null,
    },
    {
      name: 'rows may not leave their tie run',
      expected: result([['day', date], ['n', int8]], [['2019-10-01', '5'], ['2019-10-02', '7'], ['2019-10-02', '1']]),
      actual: result([['day', date], ['n', int8]], [['2019-10-02', '7'], ['2019-10-01', '5'], ['2019-10-02', '1']]),
      options: { orderBy: [0] },
      check: 'values',
    },
    {
      name: 'duplicates count',
      expected: result([['a', int4]], [['1'], ['1'], ['2']]),
      actual: result([['a', int4]], [['1'], ['2'], ['2']]),
      check: 'values',
    },
    {
      name: 'NULL equals NULL',
      expected: result([['a', int4], ['b', text]], [[null, 'x'], ['1', null]]),
      actual: result([['a', int4], ['b', text]], [['1', null], [null, 'x']]),
      check: null,
    },
    {
      name: 'NULL is not the empty string',
      expected: result([['b', text]], [[null]]),
      actual: result([['b', text]], [['']]),
      check: 'values',
    },
    {
      name: 'numeric within relative tolerance',
      expected: result([['avg', numeric]], [['12.3456789012']]),
      actual: result([['avg', float8]], [['12.34567891']]),
      check: null,
    },
    {
      name: 'numeric outside tolerance',
      expected: result([['avg', numeric]], [['12.3456']]),
      actual: result([['avg', numeric]], [['12.3457']]),
      check: 'values',
    },
    {
      name: 'absolute tolerance near zero',
      expected: result([['x', float8]], [['0']]),
      actual: result([['x', float8]], [['1e-12']]),
      check: null,
    },
    {
      name: 'exact comparison with zero tolerance',
      expected: result([['x', numeric]], [['1.5']]),
      actual: result([['x', numeric]], [['1.5000001']]),
      options: { floatTolerance: 0 },
      check: 'values',
    },
    {
      name: 'count(*)::numeric vs bigint',
      expected: result([['n', int8]], [['42']]),
      actual: result([['n', numeric]], [['42.000']]),
      check: null,
    },
    {
      name: 'integers are exact even with tolerance',
      expected: result([['n', int8]], [['1000000000']]),
      actual: result([['n', int8]], [['1000000001']]),
      check: 'values',
    },
    {
      name: 'timestamp with fractional zeros',
      expected: result([['t', timestamp]], [['2019-10-01 00:00:00']]),
      actual: result([['t', timestamp]], [['2019-10-01 00:00:00.000']]),
      check: null,
    },
    {
      name: 'date vs midnight timestamp',
      expected: result([['d', date]], [['2019-10-01']]),
      actual: result([['d', timestamp]], [['2019-10-01 00:00:00']]),
      check: null,
    },
    {
      name: 'timestamptz in another time zone is the same instant',
      expected: result([['t', timestamptz]], [['2019-10-01 12:00:00+00']]),
      actual: result([['t', timestamptz]], [['2019-10-01 14:00:00+02']]),
      check: null,
    },
    {
      name: 'intervals compare like PostgreSQL (1 day = 24 hours)',
      expected: result([['i', interval]], [['1 day 02:00:00']]),
      actual: result([['i', interval]], [['26:00:00']]),
      check: null,
    },
    {
      name: 'different intervals',
      expected: result([['i', interval]], [['1 mon']]),
      actual: result([['i', interval]], [['29 days']]),
      check: 'values',
    },
    {
      name: 'booleans',
      expected: result([['b', bool]], [['t'], ['f']]),
      actual: result([['b', bool]], [['f'], ['t']]),
      check: null,
    },
    {
      name: 'text is exact',
      expected: result([['z', text]], [['JFK Airport']]),
      actual: result([['z', text]], [['jfk airport']]),
      check: 'values',
    },
    {
      name: 'char(n) padding is ignored',
      expected: result([['z', bpchar]], [['N  ']]),
      actual: result([['z', text]], [['N']]),
      check: null,
    },
    {
      name: 'column count differs',
      expected: result([['a', int4]], [['1']]),
      actual: result([['a', int4], ['b', int4]], [['1', '2']]),
      check: 'columns',
    },
    {
      name: 'column names ignored by default',
      expected: result([['pickup_day', date]], [['2019-10-01']]),
      actual: result([['day', date]], [['2019-10-01']]),
      check: null,
    },
    {
      name: 'column names required',
      expected: result([['pickup_day', date]], [['2019-10-01']]),
      actual: result([['day', date]], [['2019-10-01']]),
      options: { columnNames: true },
      check: 'columns',
    },
    {
      name: 'row count differs',
      expected: result([['a', int4]], [['1'], ['2']]),
      actual: result([['a', int4]], [['1']]),
      check: 'rows',
    },
    {
      name: 'a truncated learner result has too many rows',
      expected: result([['a', int4]], [['1']]),
      actual: result([['a', int4]], [['1']], true),
      check: 'rows',
    },
    {
      name: 'strict order on a reference without ORDER BY (ordered: true)',
      expected: result([['a', int4], ['b', int4]], [['1', '1'], ['1', '2']]),
      actual: result([['a', int4], ['b', int4]], [['1', '2'], ['1', '1']]),
      options: { orderBy: [0, 1] },
      check: 'values',
    },
  ]

  it.each(cases)('$name', ({ expected, actual, options, check }) => {
    const outcome = compareResultSets(expected, actual, { ...unordered, ...options })
    expect(outcome.equal ? null : outcome.check).toBe(check)
  })

  it('names the row, column and both values of the first difference when order matters', () => {
    const expected = result([['zone', text], ['trips', int8]], [['Astoria', '10'], ['Bronx', '8']])
    const actual = result([['zone', text], ['trips', int8]], [['Astoria', '10'], ['Bronx', '9']])
    const outcome = compareResultSets(expected, actual, { ...unordered, orderBy: [1], revealExpected: true })
    expect(outcome).toMatchObject({ equal: false, check: 'values', difference: { rowNumber: 2, column: 'trips', expected: '8', actual: '9' } })
    if (!outcome.equal) expect(outcome.message).toContain(`Row 2, column "trips": expected '8' but got '9'`)
  })

  it('before answers are revealed, names the row and column and the direction, never the expected value', () => {
    const expected = result([['zone', text], ['trips', int8]], [['Astoria', '10'], ['Bronx', '8']])
    const actual = result([['zone', text], ['trips', int8]], [['Astoria', '10'], ['Bronx', '9']])
    const outcome = compareResultSets(expected, actual, { ...unordered, orderBy: [1] })
    expect(outcome.equal).toBe(false)
    if (outcome.equal) return
    expect(outcome.message).toBe('Row 2, column "trips": your value is higher than expected. Columns that differ: "trips" in 1 row.')
    const unorderedOutcome = compareResultSets(result([['zone', text]], [['Astoria'], ['Bronx']]), result([['zone', text]], [['Astoria'], ['Queens']]), unordered)
    if (!unorderedOutcome.equal) {
      expect(unorderedOutcome.message).not.toContain('Bronx')
      expect(unorderedOutcome.message).toContain('"zone" in 1 row')
    }
    const fewer = compareResultSets(expected, result([['zone', text], ['trips', int8]], [['Astoria', '10']]), unordered)
    expect(fewer).toMatchObject({ equal: false, check: 'rows', message: 'Your result has 1 row: fewer rows than expected.' })
  })

  it('says when the rows are right but the order is wrong', () => {
    const expected = result([['a', int4]], [['1'], ['2'], ['3']])
    const actual = result([['a', int4]], [['3'], ['2'], ['1']])
    const outcome = compareResultSets(expected, actual, { ...unordered, orderBy: [0] })
    expect(outcome).toMatchObject({ equal: false, check: 'values', wrongOrder: true })
  })

  it('points at the missing row when order does not matter', () => {
    const expected = result([['a', int4], ['b', text]], [['1', 'x'], ['2', 'y']])
    const actual = result([['a', int4], ['b', text]], [['2', 'y'], ['1', 'z']])
    const outcome = compareResultSets(expected, actual, unordered)
    expect(outcome).toMatchObject({ equal: false, check: 'values', difference: { rowNumber: null, column: 'b', expected: 'x', actual: 'z' } })
  })
})

describe('fingerprints for big results', () => {
  const rows = (count: number, shift = 0): Rows => {
    const all: Rows = Array.from({ length: count }, (_, index) => [String(index), `${(index % 7) / 3}`, index % 100 === 0 ? null : 'zone'])
    return [...all.slice(shift), ...all.slice(0, shift)]
  }
  const columns: [string, number][] = [['id', int8], ['ratio', float8], ['zone', text]]

  it('matches the same multiset in any order and rejects a changed value', () => {
    const reference = fingerprintResultSet(result(columns, rows(20_000)), null, 1e-6)
    expect(compareToFingerprint(reference, result(columns, rows(20_000, 7)), unordered)).toEqual({ equal: true })
    const changed = rows(20_000)
    changed[123]![0] = '999999'
    expect(compareToFingerprint(reference, result(columns, changed), unordered)).toBe('needs-full-comparison')
  })

  it('matches floats that differ only in the last digits', () => {
    const reference = fingerprintResultSet(result([['x', float8]], [['0.1'], ['2.5']]), null, 1e-6)
    expect(compareToFingerprint(reference, result([['x', float8]], [['2.5000000000001'], ['0.30000000000000004']]), unordered)).toBe(
      'needs-full-comparison',
    )
    expect(compareToFingerprint(reference, result([['x', float8]], [['2.5000000000001'], ['0.1000000000000004']]), unordered)).toEqual({
      equal: true,
    })
  })

  it('keeps the order of runs when order matters', () => {
    const sorted = result([['a', int4]], [['1'], ['2']])
    const reference = fingerprintResultSet(sorted, [0], 1e-6)
    expect(compareToFingerprint(reference, result([['a', int4]], [['2'], ['1']]), { ...unordered, orderBy: [0] })).toBe(
      'needs-full-comparison',
    )
    expect(compareToFingerprint(reference, sorted, { ...unordered, orderBy: [0] })).toEqual({ equal: true })
  })

  it('still checks the row count exactly', () => {
    const reference = fingerprintResultSet(result(columns, rows(10)), null, 1e-6)
    expect(compareToFingerprint(reference, result(columns, rows(9)), unordered)).toMatchObject({ check: 'rows' })
  })
})

describe('values', () => {
  it.each([
    ['1.50', numeric, '1.5'],
    ['-0.00', numeric, '0'],
    ['007', int4, '7'],
    ['1e+20', float8, '100000000000000000000'],
    ['NaN', float8, 'NaN'],
    ['2019-10-01', date, '2019-10-01 00:00:00.000000'],
    ['1 year 2 mons', interval, String(14n * 30n * 86_400_000_000n)],
    ['-1 days +02:00:00', interval, String(-86_400_000_000n + 7_200_000_000n)],
    ['t', bool, 'true'],
  ])('canonical %s (oid %i) is %s', (text, oid, canonical) => {
    expect(canonicalValue(text, valueClassOf(oid))).toBe(canonical)
  })

  it('keeps big integers exact', () => {
    expect(valuesEqual('9007199254740993', '9007199254740992', 'integer', 1e-6)).toBe(false)
  })
})
