import { describe, expect, it } from 'vitest'
import { checkSql } from '../../sandbox/postgres/check-sql.ts'
import { referenceOrdering, resolveSortColumns } from './reference-ordering.ts'

describe('which output columns the reference ORDER BY fixes', () => {
  it.each([
    ['SELECT a, b FROM t', ['a', 'b'], null],
    ['SELECT a, b FROM t ORDER BY 2, 1', ['a', 'b'], { columns: [1, 0], complete: true }],
    ['SELECT a, b AS x FROM t ORDER BY x DESC', ['a', 'x'], { columns: [1], complete: true }],
    ['SELECT zone, count(*) FROM t GROUP BY 1 ORDER BY count', ['zone', 'count'], { columns: [1], complete: true }],
    ['SELECT zone, count(*) AS n FROM t GROUP BY 1 ORDER BY count(*) DESC', ['zone', 'n'], { columns: [1], complete: true }],
    ['SELECT a AS x FROM t ORDER BY a', ['x'], { columns: [0], complete: true }],
    ['SELECT t.a FROM t ORDER BY t.a', ['a'], { columns: [0], complete: true }],
    ['SELECT * FROM t ORDER BY t.b', ['a', 'b'], { columns: [1], complete: true }],
    ['SELECT * FROM t ORDER BY 2', ['a', 'b'], { columns: [1], complete: true }],
    ['SELECT a, b FROM t ORDER BY a, c', ['a', 'b'], { columns: [0], complete: false }],
    ['SELECT a, b FROM t ORDER BY lower(b), a', ['a', 'b'], { columns: [], complete: false }],
    ['SELECT a FROM t UNION SELECT b FROM u ORDER BY 1', ['a'], { columns: [0], complete: true }],
    ['SELECT a FROM t UNION SELECT b FROM u ORDER BY a', ['a'], { columns: [0], complete: true }],
    ['SELECT x.a, y.a FROM x JOIN y USING (id) ORDER BY a', ['a', 'a'], { columns: [], complete: false }],
    ['SELECT *, a + 1 AS c FROM t ORDER BY a + 1', ['a', 'b', 'c'], { columns: [], complete: false }],
  ])('%s', async (sql, columnNames, expected) => {
    const { statement } = await checkSql(sql)
    const ordering = referenceOrdering(statement)
    expect(ordering.sorted).toBe(expected !== null)
    if (expected) expect(resolveSortColumns(ordering, statement, columnNames)).toEqual(expected)
  })
})
