import { describe, expect, it } from 'vitest'
import { questionSchema } from '../../course/schema.ts'
import { gradeQuizAnswer, type QuizQuestionSpec } from './grade-quiz-answer.ts'

const base = { points: 2, prompt: 'Question?' }
const spec = (raw: Record<string, unknown>) => questionSchema.parse({ id: 'q', ...base, ...raw }) as QuizQuestionSpec

const single = spec({ kind: 'single_choice', options: [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }], answer: 'b' })
const multipleOptions = [{ id: 'a', text: 'A' }, { id: 'b', text: 'B' }, { id: 'c', text: 'C' }, { id: 'd', text: 'D' }]
const multiplePartial = spec({ kind: 'multiple_choice', options: multipleOptions, answer: ['a', 'b'], partial_credit: true })
const multipleStrict = spec({ kind: 'multiple_choice', options: multipleOptions, answer: ['a', 'b'] })
const exactNumber = spec({ kind: 'numeric', answer: 5432 })
const absolute = spec({ kind: 'numeric', answer: 2.5, tolerance: 0.1 })
const relative = spec({ kind: 'numeric', answer: 1000, relative_tolerance: 0.01 })
const text = spec({ kind: 'text', answer: ['pgcli', 'pg cli'] })
const caseSensitive = spec({ kind: 'text', answer: 'PySpark', normalize: { case: 'sensitive' } })
const pattern = spec({ kind: 'text', pattern: '^(py)?arrow$' })

describe('gradeQuizAnswer', () => {
  it.each([
    ['single: right option', single, 'b', 'correct', 1],
    ['single: wrong option', single, 'a', 'incorrect', 0],
    ['single: unknown option', single, 'z', 'incorrect', 0],
    ['multiple partial: exact set', multiplePartial, ['b', 'a'], 'correct', 1],
    ['multiple partial: one of two right', multiplePartial, ['a'], 'partial', 0.5],
    ['multiple partial: both right and one wrong', multiplePartial, ['a', 'b', 'c'], 'partial', 0.5],
    ['multiple partial: one right one wrong floors at 0', multiplePartial, ['a', 'c'], 'incorrect', 0],
    ['multiple partial: more wrong than right floors at 0', multiplePartial, ['a', 'c', 'd'], 'incorrect', 0],
    ['multiple partial: duplicate picks count once', multiplePartial, ['a', 'a'], 'partial', 0.5],
    ['multiple strict: subset scores nothing', multipleStrict, ['a'], 'incorrect', 0],
    ['multiple strict: exact set', multipleStrict, ['a', 'b'], 'correct', 1],
    ['numeric: exact', exactNumber, 5432, 'correct', 1],
    ['numeric: off by one without tolerance', exactNumber, 5433, 'incorrect', 0],
    ['numeric: within absolute tolerance', absolute, 2.59, 'correct', 1],
    ['numeric: on the absolute boundary', absolute, 2.6, 'correct', 1],
    ['numeric: outside absolute tolerance', absolute, 2.61, 'incorrect', 0],
    ['numeric: within relative tolerance', relative, 1009.9, 'correct', 1],
    ['numeric: outside relative tolerance', relative, 1010.5, 'incorrect', 0],
    ['text: normalised case and whitespace', text, '  PG   Cli ', 'correct', 1],
    ['text: other word', text, 'psql', 'incorrect', 0],
    ['text: case-sensitive match', caseSensitive, ' PySpark', 'correct', 1],
    ['text: case-sensitive mismatch', caseSensitive, 'pyspark', 'incorrect', 0],
    ['text: pattern, case-insensitive', pattern, 'PyArrow', 'correct', 1],
    ['text: pattern second form', pattern, 'arrow ', 'correct', 1],
    ['text: pattern miss', pattern, 'fastparquet', 'incorrect', 0],
  ] as const)('%s', (_name, question, answer, verdict, score) => {
    const result = gradeQuizAnswer(question, answer)
    expect(result.verdict).toBe(verdict)
    expect(result.score).toBeCloseTo(score)
    expect(result.engine).toBe('quiz')
    expect(result.checks).toHaveLength(1)
    expect(result.checks[0]).toMatchObject({ name: 'answer', passed: verdict === 'correct', maxPoints: 2 })
    expect(result.checks[0]!.points).toBeCloseTo(score * 2)
  })

  it.each([
    ['single gets a list', single, ['b']],
    ['multiple gets a string', multiplePartial, 'a'],
    ['numeric gets a string', exactNumber, '5432'],
    ['numeric gets NaN', exactNumber, Number.NaN],
    ['text gets a number', text, 5],
  ] as const)('answers of the wrong shape are invalid, not wrong: %s', (_name, question, answer) => {
    const result = gradeQuizAnswer(question, answer)
    expect(result.verdict).toBe('invalid')
    expect(result.score).toBe(0)
  })

  it.each([
    ['single', single, 'a', ['b (B)']],
    ['multiple', multiplePartial, ['a'], ['a (A)', 'b (B)']],
    ['numeric', exactNumber, 1, ['5432']],
    ['text', text, 'psql', ['pgcli']],
  ] as const)('names the right answer only when told it may (%s)', (_name, question, answer, secrets) => {
    const hidden = gradeQuizAnswer(question, answer).checks[0]!.message
    const shown = gradeQuizAnswer(question, answer, { revealAnswer: true }).checks[0]!.message
    for (const secret of secrets) {
      expect(hidden).not.toContain(secret)
      expect(shown).toContain(secret)
    }
  })
})
