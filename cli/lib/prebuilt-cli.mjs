// The prebuilt CLI (docs/decisions/027-prebuilt-cli.md): `npm run syllabus` runs one esbuild bundle of
// cli/syllabus.ts and the repository's own modules it imports (split into chunks, so each command
// still loads only what it imports), instead of transforming and resolving every file through tsx at
// each start. Packages stay external: Node loads them from node_modules as usual.
//
// The bundle is kept in <cacheDir>/<key>/, where the key hashes every file the build read (the
// inputs esbuild's metafile lists, plus tsconfig.json and package.json, which steer resolution), this
// file (the build's options), the repository's path and esbuild's version. Each start re-hashes those files (a few ms) and rebuilds
// when one changed, as `npm start` rebuilds the site when its sources changed (cli/lib/build-hash.ts).
//
// Plain JavaScript: it runs before anything could transform TypeScript.
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Files esbuild reads without listing them as inputs. */
const RESOLUTION_FILES = ['tsconfig.json', 'package.json']
const MANIFEST = 'manifest.json'
/** Bundles kept besides the current one: a long-running command (`grade --watch`) may still import from one. */
const KEEP_OLD_BUILDS = 3

/**
 * `import.meta` in a bundle would describe the bundle's file; each module of ours expects its own
 * (paths to migrations, images, data files are resolved from it). They become the source's values.
 */
export function withSourceImportMeta(text, file) {
  return text.replace(/\bimport\.meta\.(dirname|filename|url)\b/g, (_, field) =>
    JSON.stringify(field === 'dirname' ? path.dirname(file) : field === 'filename' ? file : pathToFileURL(file).href),
  )
}

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json' }

const sourceImportMeta = {
  name: 'source-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined
      const text = await readFile(args.path, 'utf8')
      return { contents: withSourceImportMeta(text, args.path), loader: LOADERS[path.extname(args.path)] }
    })
  },
}

/** Read from its package.json: importing esbuild itself is left to a build. */
async function esbuildVersion() {
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.resolve('esbuild')), 'utf8'))
  return manifest.version
}

/** The cache key of a build from these inputs (paths relative to root); null when one is gone. */
export async function buildKey(root, inputs, version) {
  const hash = createHash('sha256').update(`${root}\0${version}\0`).update(await readFile(new URL(import.meta.url))).update('\0')
  const files = [...new Set([...inputs, ...RESOLUTION_FILES])].sort()
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file)).catch(() => null)))
  for (const [index, file] of files.entries()) {
    if (contents[index] === null) return null
    hash.update(file).update('\0').update(contents[index]).update('\0')
  }
  return hash.digest('hex').slice(0, 32)
}

async function readManifest(cacheDir) {
  try {
    const manifest = JSON.parse(await readFile(path.join(cacheDir, MANIFEST), 'utf8'))
    return typeof manifest.key === 'string' && Array.isArray(manifest.inputs) && typeof manifest.entry === 'string' ? manifest : null
  } catch {
    return null
  }
}

const exists = (file) => stat(file).then(() => true, () => false)

/**
 * The path of the bundled entry for `entry` (relative to `root`), built into `cacheDir` first when
 * missing or stale. `onBuild` is told before a build starts (the command prints a line: it takes a
 * second or two).
 */
export async function prebuiltCli({ root, entry, cacheDir, onBuild }) {
  const version = await esbuildVersion()
  const manifest = await readManifest(cacheDir)
  if (manifest && manifest.sourceEntry === entry) {
    const key = await buildKey(root, manifest.inputs, version)
    const built = path.join(cacheDir, manifest.key, manifest.entry)
    if (key === manifest.key && (await exists(built))) return { file: built, built: false }
  }
  onBuild?.()
  return { file: await build({ root, entry, cacheDir, version }), built: true }
}

async function build({ root, entry, cacheDir, version }) {
  const esbuild = await import('esbuild')
  await mkdir(cacheDir, { recursive: true })
  // Built aside, then renamed into place: two commands started together never see half a bundle.
  const staging = await mkdtemp(path.join(cacheDir, 'staging-'))
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      packages: 'external',
      outdir: staging,
      // ES modules wherever the cache is, whatever package.json says there.
      outExtension: { '.js': '.mjs' },
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceImportMeta],
    })
    const inputs = Object.keys(result.metafile.inputs)
    const key = await buildKey(root, inputs, version)
    if (key === null) throw new Error('a source file disappeared during the CLI build')
    const output = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === entry)
    if (!output) throw new Error(`the CLI build has no output for ${entry}`)
    const bundled = path.relative(staging, path.resolve(root, output[0]))
    const target = path.join(cacheDir, key)
    await rename(staging, target).catch(async (error) => {
      // Another command built the same sources meanwhile: theirs is as good.
      if (!(await exists(path.join(target, bundled)))) throw error
      await rm(staging, { recursive: true, force: true })
    })
    const manifestFile = path.join(cacheDir, `${MANIFEST}.${process.pid}`)
    await writeFile(manifestFile, JSON.stringify({ key, sourceEntry: entry, entry: bundled, inputs }))
    await rename(manifestFile, path.join(cacheDir, MANIFEST))
    await pruneOldBuilds(cacheDir, key)
    return path.join(target, bundled)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    throw error
  }
}

async function pruneOldBuilds(cacheDir, current) {
  const entries = await readdir(cacheDir, { withFileTypes: true })
  const builds = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && entry.name !== current && /^[0-9a-f]{32}$/.test(entry.name))
      .map(async (entry) => ({ name: entry.name, mtime: (await stat(path.join(cacheDir, entry.name))).mtimeMs })),
  )
  builds.sort((a, b) => b.mtime - a.mtime)
  await Promise.all(builds.slice(KEEP_OLD_BUILDS).map((old) => rm(path.join(cacheDir, old.name), { recursive: true, force: true })))
}
