// The prebuilt CLI (docs/decisions/027-prebuilt-cli.md): `npm run syllabus` runs one esbuild bundle of
// cli/syllabus.ts and the repository's own modules it imports (split into chunks, so each command
// still loads only what it imports), instead of transforming and resolving every file through tsx at
// each start. Packages stay external: Node loads them from node_modules as usual.
//
// The bundle is kept in <cacheDir>/<key>/, where the key hashes every file the build read (the
// inputs esbuild's metafile lists, plus tsconfig.json and package.json, which steer resolution), this
// file (the build's options), the repository's path and esbuild's version. A start compares those
// files' size and modification time with the manifest's (a stat each, ~2 ms; hashing them all took
// 0.1 s on a loaded machine) and hashes their content only when one differs: the bundle is rebuilt
// when a content changed, as `npm start` rebuilds the site when its sources changed (build-hash.ts).
//
// Plain JavaScript: it runs before anything could transform TypeScript.
import { statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

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

/** A file's size and modification time, as the manifest keeps them. */
function stampOf(file) {
  const info = statSync(file, { throwIfNoEntry: false })
  return info ? `${info.size} ${info.mtimeMs}` : 'missing'
}

/**
 * Loads the repository's own files for esbuild (with their own import.meta), keeping in `read` the
 * bytes it bundled and each file's stamp taken before reading it: the key is computed from exactly
 * what was bundled, and a file edited during the build shows as touched at the next start.
 */
const sourceLoader = (read) => ({
  name: 'syllabus-sources',
  setup(build) {
    build.onLoad({ filter: /\.([cm]?[jt]sx?|json)$/ }, async (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined
      const stamp = stampOf(args.path)
      const bytes = await readFile(args.path)
      read.set(args.path, { stamp, bytes })
      const loader = LOADERS[path.extname(args.path)]
      return { contents: loader === 'json' ? bytes : withSourceImportMeta(bytes.toString('utf8'), args.path), loader }
    })
  },
})

const esbuildManifest = () => new URL('../package.json', import.meta.resolve('esbuild'))

/** Read from its package.json: importing esbuild itself is left to a build. */
async function esbuildVersion() {
  return JSON.parse(await readFile(esbuildManifest(), 'utf8')).version
}

const keyedFiles = (inputs) => [...new Set([...inputs, ...RESOLUTION_FILES])].sort()

/** The cache key of a build: `contents` has the bytes of every keyed file (paths relative to root). */
async function keyOf(root, version, contents) {
  const { createHash } = await import('node:crypto')
  const hash = createHash('sha256').update(`${root}\0${version}\0`).update(await readFile(new URL(import.meta.url))).update('\0')
  for (const [file, bytes] of [...contents].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(file).update('\0').update(bytes).update('\0')
  return hash.digest('hex').slice(0, 32)
}

/** The cache key of a build from these inputs (paths relative to root) as they are now; null when one is gone. */
export async function buildKey(root, inputs, version) {
  const files = keyedFiles(inputs)
  const contents = await Promise.all(files.map((file) => readFile(path.join(root, file)).catch(() => null)))
  if (contents.includes(null)) return null
  return keyOf(root, version, new Map(files.map((file, index) => [file, contents[index]])))
}

/**
 * Size and modification time of every file the key covers (absolute paths): the build's inputs, the
 * resolution files, this file and esbuild's package.json.
 */
function fileStamps(root, inputs) {
  return Object.fromEntries(stampedFiles(root, inputs).map((file) => [file, stampOf(file)]))
}

const stampedFiles = (root, inputs) => [...keyedFiles(inputs).map((file) => path.join(root, file)), fileURLToPath(import.meta.url), fileURLToPath(esbuildManifest())]

const sameStamps = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([file, stamp]) => b[file] === stamp)

async function readManifest(cacheDir) {
  try {
    const manifest = JSON.parse(await readFile(path.join(cacheDir, MANIFEST), 'utf8'))
    return typeof manifest.key === 'string' && Array.isArray(manifest.inputs) && typeof manifest.entry === 'string' ? manifest : null
  } catch {
    return null
  }
}

/** Written aside and renamed: a command starting meanwhile reads the old manifest or the new one. */
async function writeManifest(cacheDir, manifest) {
  const file = path.join(cacheDir, `${MANIFEST}.${process.pid}`)
  await writeFile(file, JSON.stringify(manifest))
  await rename(file, path.join(cacheDir, MANIFEST))
}

const exists = (file) => stat(file).then(() => true, () => false)

/**
 * The path of the bundled entry for `entry` (relative to `root`), built into `cacheDir` first when
 * missing or stale. `onBuild` is told before a build starts (the command prints a line: it takes a
 * second or two).
 */
export async function prebuiltCli({ root, entry, cacheDir, onBuild }) {
  const manifest = await readManifest(cacheDir)
  if (manifest && manifest.sourceEntry === entry) {
    const built = path.join(cacheDir, manifest.key, manifest.entry)
    const stamps = fileStamps(root, manifest.inputs)
    if (manifest.stamps && sameStamps(stamps, manifest.stamps) && (await exists(built))) return { file: built, built: false }
    // Touched, perhaps not changed (a checkout, an editor saving the same text): the content decides.
    if ((await buildKey(root, manifest.inputs, await esbuildVersion())) === manifest.key && (await exists(built))) {
      await writeManifest(cacheDir, { ...manifest, stamps })
      return { file: built, built: false }
    }
  }
  onBuild?.()
  return { file: await build({ root, entry, cacheDir, version: await esbuildVersion() }), built: true }
}

async function build({ root, entry, cacheDir, version }) {
  const esbuild = await import('esbuild')
  await mkdir(cacheDir, { recursive: true })
  // Stamped before they are read, like the sources (sourceLoader).
  const read = new Map()
  for (const file of stampedFiles(root, [])) read.set(file, { stamp: stampOf(file), bytes: await readFile(file).catch(() => null) })
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
      plugins: [sourceLoader(read)],
    })
    const inputs = Object.keys(result.metafile.inputs)
    // An input esbuild read itself (none so far) is read again.
    for (const file of stampedFiles(root, inputs)) if (!read.has(file)) read.set(file, { stamp: stampOf(file), bytes: await readFile(file).catch(() => null) })
    const keyed = keyedFiles(inputs).map((file) => [file, read.get(path.join(root, file)).bytes])
    if (keyed.some(([, bytes]) => bytes === null)) throw new Error('a source file disappeared during the CLI build')
    const key = await keyOf(root, version, new Map(keyed))
    const output = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === entry)
    if (!output) throw new Error(`the CLI build has no output for ${entry}`)
    const bundled = path.relative(staging, path.resolve(root, output[0]))
    const target = path.join(cacheDir, key)
    await rename(staging, target).catch(async (error) => {
      // Another command built the same sources meanwhile: theirs is as good.
      if (!(await exists(path.join(target, bundled)))) throw error
      await rm(staging, { recursive: true, force: true })
    })
    const stamps = Object.fromEntries(stampedFiles(root, inputs).map((file) => [file, read.get(file).stamp]))
    await writeManifest(cacheDir, { key, sourceEntry: entry, entry: bundled, inputs, stamps })
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
