// A warm container starts the first call step's process while it waits, with the libraries the
// question's starter code imports already imported: the answer finds them loaded. A question without
// them gets a process that imported nothing of the kind, and script steps still start their own.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { gradePythonAnswer, preloadedModules, type PythonQuestion } from './grade-python-answer.ts'
import { warmPythonSandbox } from './warm-python-sandbox.ts'

test('the preloaded libraries are the top-level packages the starter imports', () => {
  expect(preloadedModules(undefined)).toEqual([])
  expect(preloadedModules('from __future__ import annotations\nimport pandas as pd\nfrom sqlalchemy.engine import create_engine\n\ndef f():\n    import numpy\n')).toEqual(['pandas', 'sqlalchemy'])
})

const docker = await dockerForTests({ warmPoolSize: 1, warmPoolStart: true })
let testsDir = ''
beforeAll(async () => {
  testsDir = await mkdtemp(path.join(os.tmpdir(), 'preload-'))
  await writeFile(path.join(testsDir, 'data.csv'), 'a\n1\n')
  await writeFile(
    path.join(testsDir, 'checks.yaml'),
    JSON.stringify({
      data: ['data.csv'],
      checks: [
        { name: 'preloaded', description: 'Reports what was loaded.', call: { function: 'loaded', args: [] }, expect: true },
        { name: 'copies', description: 'Copies the file.', script: { args: ['$DATA/data.csv', '$OUT/out.csv'] }, expect_files: { 'out.csv': { csv: 'data.csv' } } },
      ],
    }),
  )
})
afterAll(async () => {
  await docker.sandbox?.close()
  await rm(testsDir, { recursive: true, force: true })
})

function question(starter: string | undefined): PythonQuestion {
  return {
    kind: 'python',
    slug: 'preload',
    number: 1,
    engine: 'python',
    spec: { id: 'preload', kind: 'python', points: 2, prompt: 'p', tests: 'tests/preload', image: 'python-data', limits: { timeout_seconds: 30, memory_mb: 512 }, ...(starter ? { starter } : {}) },
    hidden: { testsDir, testFiles: ['checks.yaml', 'data.csv'], wrongAnswers: [] },
    contentHash: 'preload',
  }
}

// Whether pandas was imported before the answer (it never imports it); as a script, it copies the file.
const answer = `import shutil, sys
PANDAS_BEFORE_ME = 'pandas' in sys.modules
def loaded():
    return PANDAS_BEFORE_ME
if __name__ == '__main__':
    shutil.copyfile(sys.argv[1], sys.argv[2])
`

describe.skipIf(docker.skipReason !== null)(`preloading in the warm container ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('the answer runs in a process that imported the starter\'s libraries before the job; the script step still runs', { timeout: 120_000 }, async () => {
    const sandbox = docker.sandbox!
    const withPandas = question('import pandas as pd\n\ndef loaded():\n    ...\n')
    await warmPythonSandbox(sandbox, [withPandas])
    const preloaded = await gradePythonAnswer({ question: withPandas, answerSource: answer, sandbox })
    expect(preloaded.checks.map((check) => [check.name, check.passed])).toEqual([['preloaded', true], ['copies', true]])

    const plain = question(undefined)
    await warmPythonSandbox(sandbox, [plain])
    const notPreloaded = await gradePythonAnswer({ question: plain, answerSource: answer, sandbox })
    expect(notPreloaded.checks.map((check) => [check.name, check.passed])).toEqual([['preloaded', false], ['copies', true]])
  })
})
