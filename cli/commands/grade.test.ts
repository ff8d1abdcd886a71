// `syllabus grade` on a course Python question, in the real Docker sandbox: many answers in one
// process (a folder), the JSON and table outputs, watch mode grading a file again when it is saved,
// and the clear refusals (unknown question, missing file).
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { repositoryCoursesDir } from '../../course/fixture-copy.ts'
import type { GradeResult } from '../../graders/grade-result.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { gradeAnswers } from './grade.ts'

const docker = await dockerForTests()
afterAll(() => docker.sandbox?.close())

const course = path.join(repositoryCoursesDir, 'data-engineering-zoomcamp')
const question = 'hw2/transform-green-rows'
const hidden = path.join(course, 'weeks/02-ingestion/hidden')
const solution = path.join(hidden, 'solutions/transform-green-rows.py')
const wrong = path.join(hidden, 'wrong/transform-green-rows--no-rename.py')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-grade-cli-'))
  await mkdir(path.join(dir, 'answers'))
  await copyFile(solution, path.join(dir, 'answers/a-right.py'))
  await copyFile(wrong, path.join(dir, 'answers/b-wrong.py'))
  await writeFile(path.join(dir, 'answers/notes.txt'), 'not an answer')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function capture() {
  const lines: string[] = []
  return { lines, write: (text: string) => lines.push(stripVTControlCharacters(text)), text: () => lines.join('\n') }
}

describe.skipIf(docker.skipReason !== null)(`syllabus grade ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('a folder is a batch: its .py answers graded in one process, as JSON', { timeout: 120_000 }, async () => {
    const out = capture()
    const code = await gradeAnswers({ course, question, paths: [path.join(dir, 'answers')], json: true, out: out.write, err: () => {} })
    expect(code).toBe(0)
    const results = JSON.parse(out.text()) as { file: string; result: GradeResult }[]
    expect(results.map(({ file, result }) => [path.basename(file), result.verdict])).toEqual([
      ['a-right.py', 'correct'],
      ['b-wrong.py', 'partial'],
    ])
    // The wrong answer fails on the check its first line names.
    expect(results[1]!.result.checks.find((check) => check.name === 'example-rows')?.passed).toBe(false)
  })

  test('files as a table, one section per answer and a summary; one answer alone is exactly its GradeResult', { timeout: 120_000 }, async () => {
    const table = capture()
    const files = [path.join(dir, 'answers/b-wrong.py'), path.join(dir, 'answers/a-right.py')]
    expect(await gradeAnswers({ course, question, paths: files, out: table.write, err: () => {} })).toBe(0)
    expect(table.text()).toMatch(/── .*b-wrong\.py\n[\s\S]*Verdict: partial[\s\S]*── .*a-right\.py\n[\s\S]*Verdict: correct/)
    expect(table.lines.at(-1)).toBe('2 answers: 1 partial, 1 correct')

    const one = capture()
    expect(await gradeAnswers({ course, question, paths: [files[1]!], json: true, out: one.write, err: () => {} })).toBe(0)
    expect((JSON.parse(one.text()) as GradeResult).verdict).toBe('correct')
  })

  test('watch mode grades a saved answer again, in the same process', { timeout: 120_000 }, async () => {
    const answer = path.join(dir, 'watched.py')
    await copyFile(wrong, answer)
    const stop = new AbortController()
    const graded: string[] = []
    let watching: () => void = () => {}
    const ready = new Promise<void>((resolve) => (watching = resolve))
    let regraded: (verdict: string) => void = () => {}
    const again = new Promise<string>((resolve) => (regraded = resolve))
    const out = capture()
    const done = gradeAnswers({
      course,
      question,
      paths: [answer],
      watch: true,
      json: true,
      signal: stop.signal,
      out: (text) => {
        out.write(text)
        graded.push((JSON.parse(text) as { result: GradeResult }).result.verdict)
      },
      err: (text) => {
        if (text.includes('Watching')) watching()
      },
      onGraded: (_file, result) => regraded(result?.verdict ?? 'unreadable'),
    })
    await ready
    expect(graded).toEqual(['partial'])
    // Saved the way editors do: a new file renamed over the old one.
    await writeFile(`${answer}.tmp`, await readFile(solution))
    await rename(`${answer}.tmp`, answer)
    expect(await again).toBe('correct')
    stop.abort()
    expect(await done).toBe(0)
    expect(graded).toEqual(['partial', 'correct'])
  })

  test('an unknown question and a missing answer file are refused with a clear line', { timeout: 60_000 }, async () => {
    const unknown = capture()
    expect(await gradeAnswers({ course, question: 'hw2/nope', paths: [solution], out: () => {}, err: unknown.write })).toBe(1)
    expect(unknown.text()).toContain('No SQL or Python question "hw2/nope"')
    expect(unknown.text()).toContain('hw2/transform-green-rows')

    const missing = capture()
    expect(await gradeAnswers({ course, question, paths: [path.join(dir, 'nowhere.py')], out: () => {}, err: missing.write })).toBe(1)
    expect(missing.text()).toContain('No answer file or folder')
  })
})
