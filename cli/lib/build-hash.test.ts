import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sourceHash } from './build-hash.ts'

describe('sourceHash', () => {
  let root: string
  let courses: string
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'build-hash-'))
    courses = path.join(root, 'courses')
    await mkdir(path.join(root, 'app'), { recursive: true })
    await mkdir(path.join(courses, 'demo/weeks'), { recursive: true })
    await writeFile(path.join(root, 'app/page.tsx'), 'export default 1')
    await writeFile(path.join(courses, 'demo/weeks/lesson.md'), '# One')
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  it('changes when a lesson changes, since content pages are prerendered', async () => {
    const before = await sourceHash(root, courses)
    expect(await sourceHash(root, courses)).toBe(before)
    await writeFile(path.join(courses, 'demo/weeks/lesson.md'), '# Two')
    expect(await sourceHash(root, courses)).not.toBe(before)
  })

  it('changes when code changes, and ignores tests', async () => {
    const before = await sourceHash(root, courses)
    await writeFile(path.join(root, 'app/page.test.ts'), 'test')
    expect(await sourceHash(root, courses)).toBe(before)
    await writeFile(path.join(root, 'app/page.tsx'), 'export default 2')
    expect(await sourceHash(root, courses)).not.toBe(before)
  })
})
