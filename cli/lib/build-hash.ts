// A content hash of everything `next build` reads, so `npm start` rebuilds only when sources changed.
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

const BUILD_INPUTS = ['app', 'components', 'server', 'course', 'graders', 'sandbox', 'datasets', 'public']
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

/**
 * The hash of the code under `root` and of the course content under `coursesDir`: content pages are
 * prerendered, so an edited course is a changed build input like an edited page.
 */
export async function sourceHash(root: string, coursesDir: string): Promise<string> {
  const code = [...(await Promise.all(BUILD_INPUTS.map((dir) => listFiles(root, dir)))).flat(), ...BUILD_FILES].sort()
  const content = (await listFiles(coursesDir, '')).sort()
  const hash = createHash('sha256')
  for (const [base, files, label] of [[root, code, 'code'], [coursesDir, content, 'courses']] as const) {
    for (const file of files) {
      const bytes = await readFile(path.join(base, file)).catch(() => null)
      if (bytes === null) continue
      hash.update(label).update('\0').update(file).update('\0').update(bytes).update('\0')
    }
  }
  return hash.digest('hex')
}
