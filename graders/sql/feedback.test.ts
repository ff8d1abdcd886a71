import { describe, expect, it } from 'vitest'
import { caretExcerpt, describeSqlError } from './feedback.ts'

describe('caretExcerpt', () => {
  it.each([
    ['SELECT foo FROM t', 8, 'LINE 1: SELECT foo FROM t\n               ^'],
    ['SELECT a\nFROM t\nWHERE b > 1', 23, 'LINE 3: WHERE b > 1\n              ^'],
    ['SELECT a\nFROM t', 10, 'LINE 2: FROM t\n        ^'],
    ['SELECT 1', 9, 'LINE 1: SELECT 1\n                ^'],
  ])('%j at %i', (sql, position, excerpt) => {
    expect(caretExcerpt(sql, position)).toBe(excerpt)
  })

  it('refuses positions outside the text', () => {
    expect(caretExcerpt('SELECT 1', 0)).toBeNull()
    expect(caretExcerpt('SELECT 1', 42)).toBeNull()
  })

  it('keeps the caret under the error on a very long line', () => {
    const sql = `SELECT ${'x, '.repeat(200)}oops FROM t`
    const position = sql.indexOf('oops') + 1
    const [line = '', caret = ''] = caretExcerpt(sql, position)!.split('\n')
    expect(line.length).toBeLessThan(140)
    expect(line.slice(caret.indexOf('^'), caret.indexOf('^') + 4)).toBe('oops')
  })
})

describe('describeSqlError', () => {
  it('puts message, excerpt and hint on their own lines', () => {
    const text = describeSqlError(
      'SELECT lpep_pickup FROM green_tripdata',
      { message: 'column "lpep_pickup" does not exist', position: 8, hint: 'Perhaps you meant to reference the column "green_tripdata.lpep_pickup_datetime".' },
      'PostgreSQL reported an error:',
    )
    expect(text.split('\n')).toEqual([
      'PostgreSQL reported an error: column "lpep_pickup" does not exist',
      'LINE 1: SELECT lpep_pickup FROM green_tripdata',
      '               ^',
      'HINT: Perhaps you meant to reference the column "green_tripdata.lpep_pickup_datetime".',
    ])
  })
})
