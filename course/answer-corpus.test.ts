// The Data Engineering Zoomcamp's answer corpus (issue 16): every SQL question has at least three
// learner-style wrong answers and two correct alternatives, every python question two wrong answers
// and one alternative (the course tests grade them all), and the table in docs/grading.md says how
// many each question has.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { answerCorpusOf } from './answer-corpus.ts'
import { repositoryCoursesDir } from './fixture-copy.ts'
import { loadCourse } from './load.ts'

const course = await loadCourse(path.join(repositoryCoursesDir, 'data-engineering-zoomcamp'))
const corpus = await answerCorpusOf(course)

describe('the zoomcamp answer corpus', () => {
  it('covers every auto-graded question, PostgreSQL, BigQuery and python ones', () => {
    expect(new Set(corpus.map((entry) => entry.engine))).toEqual(new Set(['postgres', 'bigquery', 'python']))
    expect(corpus.length).toBeGreaterThanOrEqual(24)
  })

  it.each(corpus.filter((entry) => entry.engine !== 'python'))('$question: at least 3 wrong answers and 2 alternatives', (entry) => {
    expect(entry.wrongAnswers).toBeGreaterThanOrEqual(3)
    expect(entry.alternatives).toBeGreaterThanOrEqual(2)
  })

  it.each(corpus.filter((entry) => entry.engine === 'python'))('$question: at least 2 wrong answers and 1 alternative', (entry) => {
    expect(entry.wrongAnswers).toBeGreaterThanOrEqual(2)
    expect(entry.alternatives).toBeGreaterThanOrEqual(1)
  })

  it('is counted right in docs/grading.md', async () => {
    const guide = await readFile(path.resolve(import.meta.dirname, '../docs/grading.md'), 'utf8')
    const rows = [...guide.matchAll(/^\| `(hw\d+\/[a-z0-9-]+)` \| (\w+) \| (\d+) \| (\d+) \|$/gm)].map((match) => ({
      question: match[1],
      engine: match[2],
      wrongAnswers: Number(match[3]),
      alternatives: Number(match[4]),
    }))
    expect(rows).toEqual(corpus)
  })
})
