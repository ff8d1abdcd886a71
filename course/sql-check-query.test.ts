import { describe, expect, it } from 'vitest'
import { questionSchema } from './schema.ts'

const base = { id: 'zone-trips', kind: 'sql', points: 2, prompt: 'Create table zone_trips.', engine: 'postgres', dataset: 'nyc_taxi', solution: 'solutions/zone-trips.sql' }

describe('sql questions that change the database', () => {
  it('need a check_query to compare what the statement did', () => {
    const result = questionSchema.safeParse({ ...base, statements: ['create_table_as'] })
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]).toMatchObject({ path: ['check_query'] })
    expect(result.error!.issues[0]!.message).toMatch(/needs a check_query/)
  })

  it('accept one, and select-only questions need none', () => {
    const withCheck = questionSchema.parse({ ...base, statements: ['create_table_as'], check_query: 'SELECT * FROM zone_trips ORDER BY 1' })
    expect(withCheck).toMatchObject({ check_query: 'SELECT * FROM zone_trips ORDER BY 1' })
    expect(questionSchema.safeParse(base).success).toBe(true)
  })
})
