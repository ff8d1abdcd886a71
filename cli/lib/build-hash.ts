// A content hash of everything `next build` reads, so `npm start` rebuilds only when sources changed.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

// Code only: course content (courses/, or SYLLABUS_COURSES_DIR) is read at request time, never built in.
const BUILD_INPUTS = ['app', 'components', 'server', 'course', 'graders', 'sandbox', 'public']
const BUILD_FILES = ['next.config.ts', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma']
const SKIP = /(\.test\.tsx?$|(^|\/)(node_modules|\.next|generated)(\/|$))/

async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => [])
  const nested = await Promise.all(
    entries.map((entry) => {
      const relative = path.posix.join(dir, entry.name)
      if (SKIP.test(relative)) return []
      return entry.isDirectory() ? listFiles(root, relative) : entry.isFile() ? [relative] : []
    }),
  )
  return nested.flat()
}

export async function sourceHash(root: string): Promise<string> {
  const files = [...(await Promise.all(BUILD_INPUTS.map((dir) => listFiles(root, dir)))).flat(), ...BUILD_FILES].sort()
  const hash = createHash('sha256')
  for (const file of files) {
    const content = await readFile(path.join(root, file)).catch(() => null)
    if (content === null) continue
    hash.update(file).update('\0').update(content).update('\0')
  }
  return hash.digest('hex')
}
