// `npm run syllabus -- …`: runs the CLI (cli/syllabus.ts) from its prebuilt bundle, rebuilt first when
// a source changed (cli/lib/prebuilt-cli.mjs, docs/decisions/027-prebuilt-cli.md); Node's compile
// cache keeps the compiled bundle and packages between runs. When the build fails (a source being
// edited does not parse), the sources run through tsx as before, so the error shows where it is.
import module from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { prebuiltCli } from './lib/prebuilt-cli.mjs'

const root = path.resolve(import.meta.dirname, '..')
// Inside the repository, so that the bundle's imports of packages resolve to node_modules (tests set another).
const cacheDir = path.resolve(root, process.env.SYLLABUS_CLI_CACHE_DIR ?? '.cache/cli')
module.enableCompileCache?.(path.join(cacheDir, 'compile-cache'))

let entry
try {
  const prebuilt = await prebuiltCli({ root, entry: 'cli/syllabus.ts', cacheDir, onBuild: () => process.stderr.write('Building the CLI (once per source change)…\n') })
  entry = prebuilt.file
  // Stack traces point into the bundle otherwise; mapping them costs time at each start, so only for DEBUG.
  if (process.env.DEBUG) process.setSourceMapsEnabled(true)
} catch (error) {
  process.stderr.write(`The prebuilt CLI could not be built (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running the sources through tsx.\n`)
  const { register } = await import('tsx/esm/api')
  register()
  entry = path.join(root, 'cli/syllabus.ts')
}
await import(pathToFileURL(entry).href)
