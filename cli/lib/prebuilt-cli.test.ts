import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest'
import { prebuiltCli, withSourceImportMeta } from './prebuilt-cli.mjs'

const exec = promisify(execFile)
const repositoryRoot = path.resolve(import.meta.dirname, '../..')

let root: string
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'syllabus-prebuilt-cli-'))
  await mkdir(path.join(root, 'lib'))
  await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n')
  await writeFile(path.join(root, 'tsconfig.json'), '{}\n')
  await writeFile(path.join(root, 'main.ts'), "export { message, folder } from './lib/message.ts'\nexport const lazy = () => import('./lib/lazy.ts')\n")
  await writeFile(path.join(root, 'lib/message.ts'), "export const message: string = 'first'\nexport const folder: string = import.meta.dirname\n")
  await writeFile(path.join(root, 'lib/lazy.ts'), "export const lazyMessage: string = 'lazy'\n")
})
afterEach(() => rm(root, { recursive: true, force: true }))

const build = () => prebuiltCli({ root, entry: 'main.ts', cacheDir: path.join(root, '.cache/cli') })
const load = async (file: string) => (await import(`${pathToFileURL(file).href}?${Date.now()}`)) as { message: string; folder: string; lazy: () => Promise<{ lazyMessage: string }> }

describe('prebuiltCli', () => {
  it('builds once, then reuses the bundle while no source changed', async () => {
    const first = await build()
    expect(first.built).toBe(true)
    const bundled = await load(first.file)
    expect(bundled.message).toBe('first')
    expect((await bundled.lazy()).lazyMessage).toBe('lazy')
    expect(await build()).toEqual({ file: first.file, built: false })
  })

  it('rebuilds when a bundled source changed, even one imported lazily', async () => {
    const first = await build()
    await writeFile(path.join(root, 'lib/message.ts'), "export const message: string = 'second'\nexport const folder: string = import.meta.dirname\n")
    const second = await build()
    expect(second.built).toBe(true)
    expect(second.file).not.toBe(first.file)
    expect((await load(second.file)).message).toBe('second')

    await writeFile(path.join(root, 'lib/lazy.ts'), "export const lazyMessage: string = 'changed'\n")
    const third = await build()
    expect(third.built).toBe(true)
    expect((await (await load(third.file)).lazy()).lazyMessage).toBe('changed')
  })

  it('a source saved again unchanged (a newer modification time) keeps the bundle: the content decides', async () => {
    const first = await build()
    const later = new Date(Date.now() + 60_000)
    await utimes(path.join(root, 'lib/message.ts'), later, later)
    expect(await build()).toEqual({ file: first.file, built: false })
    // Same size as before; saved now, so its modification time differs again.
    await writeFile(path.join(root, 'lib/message.ts'), "export const message: string = 'third'\nexport const folder: string = import.meta.dirname\n")
    const third = await build()
    expect(third.built).toBe(true)
    expect((await load(third.file)).message).toBe('third')
  })

  it('rebuilds when tsconfig.json or package.json changed (they steer resolution), or the bundle is gone', async () => {
    const first = await build()
    await writeFile(path.join(root, 'tsconfig.json'), '{ "compilerOptions": {} }\n')
    expect((await build()).built).toBe(true)
    await rm(path.dirname((await build()).file), { recursive: true })
    expect((await build()).built).toBe(true)
    expect(first.built).toBe(true)
  })

  it('gives each module its own import.meta, not the bundle’s', async () => {
    const { file } = await build()
    expect((await load(file)).folder).toBe(path.join(root, 'lib'))
    expect(withSourceImportMeta('import.meta.url; import.meta.filename; import.meta.dirname; import.meta.env', '/a/b.ts')).toBe(
      '"file:///a/b.ts"; "/a/b.ts"; "/a"; import.meta.env',
    )
  })
})

describe('cli/launch.mjs', () => {
  it('runs the CLI from a bundle it builds on first use, and from the sources through tsx when the build fails', async () => {
    // In the repository: the bundle finds its packages in node_modules from there.
    await mkdir(path.join(repositoryRoot, '.cache'), { recursive: true })
    const cacheDir = await mkdtemp(path.join(repositoryRoot, '.cache/cli-test-'))
    onTestFinished(() => rm(cacheDir, { recursive: true, force: true }))
    const run = (env: Record<string, string>) => exec(process.execPath, [path.join(repositoryRoot, 'cli/launch.mjs'), '--help'], { cwd: repositoryRoot, env: { ...process.env, ...env } })
    const first = await run({ SYLLABUS_CLI_CACHE_DIR: cacheDir })
    expect(first.stdout).toContain('Usage: npm run syllabus')
    expect(first.stderr).toContain('Building the CLI')
    const manifest = JSON.parse(await readFile(path.join(cacheDir, 'manifest.json'), 'utf8')) as { inputs: string[] }
    expect(manifest.inputs).toContain('cli/syllabus.ts')
    expect((await run({ SYLLABUS_CLI_CACHE_DIR: cacheDir })).stderr).not.toContain('Building the CLI')

    // A cache folder that cannot be created (a file is in the way) makes the build fail.
    const blocked = path.join(cacheDir, 'not-a-folder')
    await writeFile(blocked, '')
    const fallback = await run({ SYLLABUS_CLI_CACHE_DIR: path.join(blocked, 'cli') })
    expect(fallback.stdout).toContain('Usage: npm run syllabus')
    expect(fallback.stderr).toContain('running the sources through tsx')
  }, 60_000)
})
