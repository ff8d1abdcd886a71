// The authoring guide shows the mini fixture course in full; this keeps the two from drifting apart.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { miniCourseDir } from './fixture-copy.ts'

describe('docs/course-authoring.md', () => {
  it('contains every file of the mini fixture course, verbatim', async () => {
    const guide = await readFile(path.resolve(import.meta.dirname, '../docs/course-authoring.md'), 'utf8')
    const files = (await readdir(miniCourseDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile())
    expect(files.length).toBeGreaterThan(10)
    for (const entry of files) {
      const relative = path.relative(miniCourseDir, path.join(entry.parentPath, entry.name))
      const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8')
      expect(guide, relative).toContain(`\`${relative}\`\n\n`)
      expect(guide, relative).toContain(text)
    }
  })
})
