// The lint rules that keep the layers apart and the environment in one place, run through ESLint's
// Node API on deliberately wrong (and right) code, as `npm run lint` would see it.
import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const eslint = new ESLint({ cwd: root })

/** The rule ids ESLint reports for `code` placed at `file` (relative to the repository root). */
async function ruleIdsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`)
}

describe('layer boundaries', { timeout: 120_000 }, () => {
  it('refuses an engine importing the web server', async () => {
    const errors = await ruleIdsFor('graders/sql/wrong-layer.ts', "import { db } from '../../server/db/client.ts'\nexport const x = db\n")
    expect(errors).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"graders" to elements of type "server"/)])
  })

  it('refuses the sandbox importing an engine, and the course format importing the server', async () => {
    expect(await ruleIdsFor('sandbox/postgres/wrong-layer.ts', "import { engines } from '../../graders/grade-result.ts'\nexport const x = engines\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: .*"sandbox" to elements of type "graders"/),
    ])
    expect(await ruleIdsFor('course/wrong-layer.ts', "import { logger } from '../server/logger.ts'\nexport const x = logger\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: .*"course" to elements of type "server"/),
    ])
  })

  it('refuses a page reaching past the server into an engine, through the @/ alias', async () => {
    expect(await ruleIdsFor('app/wrong-layer.ts', "import { engines } from '@/graders/grade-result'\nexport const x = engines\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: .*"app" to elements of type "graders"/),
    ])
  })

  it('lets UI take only types and server actions from the server', async () => {
    expect(await ruleIdsFor('components/wrong-layer.tsx', "import { db } from '@/server/db/client'\nexport const x = db\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: .*"components" to elements of type "server"/),
    ])
    expect(await ruleIdsFor('components/right-layer.tsx', "import type { SubmissionView } from '@/server/submissions/read-submission'\nexport type X = SubmissionView\n")).toEqual([])
    expect(await ruleIdsFor('components/right-layer.tsx', "import { regradeAction } from '@/server/submissions/actions'\nexport const x = regradeAction\n")).toEqual([])
  })

  it('allows every downward import, and tools and tests to import anything', async () => {
    expect(await ruleIdsFor('server/right-layer.ts', "import { engines } from '../graders/grade-result.ts'\nexport const x = engines\n")).toEqual([])
    expect(await ruleIdsFor('cli/right-layer.ts', "import { db } from '../server/db/client.ts'\nexport const x = db\n")).toEqual([])
    expect(await ruleIdsFor('sandbox/right-layer.test.ts', "import { db } from '../server/db/client.ts'\nexport const x = db\n")).toEqual([])
  })

  it('keeps production code from importing test helpers', async () => {
    const code = "import { dockerForTests } from '../sandbox/docker/testing/docker-for-tests.ts'\nexport const x = dockerForTests\n"
    expect(await ruleIdsFor('server/wrong-layer.ts', code)).toEqual([expect.stringMatching(/^boundaries\/dependencies: /)])
    expect(await ruleIdsFor('server/right-layer.test.ts', code)).toEqual([])
  })
})

describe('one reader of process.env', { timeout: 120_000 }, () => {
  it('refuses process.env outside server/env.ts, in any layer or the CLI', async () => {
    for (const file of ['server/wrong-env.ts', 'graders/wrong-env.ts', 'cli/wrong-env.ts', 'components/wrong-env.tsx']) {
      expect(await ruleIdsFor(file, 'export const url = process.env.DATABASE_URL\n')).toEqual([expect.stringMatching(/^no-restricted-properties: .*server\/env\.ts/)])
    }
    expect(await ruleIdsFor('server/wrong-env.ts', 'const { env } = process\nexport const url = env.DATABASE_URL\n')).toEqual([
      expect.stringMatching(/^no-restricted-properties: /),
    ])
  })

  it('lets the schema module, tests, scripts and tool configuration read it', async () => {
    for (const file of ['server/env.ts', 'tests/e2e/right-env.ts', 'server/right-env.test.ts', 'scripts/right-env.ts', 'bench/right-env.ts', 'playwright.config.ts']) {
      expect((await ruleIdsFor(file, 'export const url = process.env.DATABASE_URL\n')).filter((id) => id.startsWith('no-restricted-properties'))).toEqual([])
    }
  })
})
