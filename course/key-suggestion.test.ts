import { describe, expect, it } from 'vitest'
import { allowedKeysAt, closestKey } from './key-suggestion.ts'
import { courseConfigSchema, homeworkConfigSchema } from './schema.ts'

describe('unknown-key suggestions', () => {
  it('finds the allowed keys through arrays, defaults and the question kind', () => {
    const homework = { questions: [{ kind: 'sql', compare: {} }, { kind: 'python' }] }
    expect(allowedKeysAt(homeworkConfigSchema, homework, ['questions', 0])).toContain('solution')
    expect(allowedKeysAt(homeworkConfigSchema, homework, ['questions', 0, 'compare'])).toEqual([
      'ordered',
      'float_tolerance',
      'column_names',
      'estimate',
      'table_layout',
    ])
    expect(allowedKeysAt(homeworkConfigSchema, homework, ['questions', 1])).toContain('limits')
    expect(allowedKeysAt(courseConfigSchema, { project: {} }, ['project'])).toContain('review_deadline')
  })

  it('suggests a close key and stays quiet when nothing is close', () => {
    expect(closestKey('timzone', ['title', 'timezone', 'weeks'])).toBe('timezone')
    expect(closestKey('submission_deadine', ['submission_deadline', 'review_deadline'])).toBe('submission_deadline')
    expect(closestKey('colour', ['title', 'weeks'])).toBeUndefined()
  })
})
