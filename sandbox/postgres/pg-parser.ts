// PostgreSQL's parser (libpg-query), loaded on first use. Importing libpg-query starts compiling its
// WebAssembly at once (~0.6 s of the main thread on the 2-core machine); imported statically, every
// worker and web process paid it in its first seconds, beside the first python answer it was serving
// (docs/benchmarks.md, "Python", session 9). Every caller awaits the parser anyway (`parse` and
// `fingerprint` are async), so loading it on the first SQL to check changes no result.
import type * as LibPgQueryModule from 'libpg-query'

type LibPgQuery = typeof LibPgQueryModule

let loading: Promise<LibPgQuery> | null = null

/** The parser module; the first call loads it (and compiles its WebAssembly), later calls share it. */
export function pgParser(): Promise<LibPgQuery> {
  loading ??= (async () => {
    const parser = await import('libpg-query')
    // Compiled here rather than inside the first `parse`, so a failure is the loader's, not a syntax error.
    await parser.loadModule()
    return parser
  })().catch((error: unknown) => {
    loading = null
    throw error
  })
  return loading
}
