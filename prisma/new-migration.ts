// Writes a new migration from the change to prisma/schema.prisma since the last migration:
//   npm run db:migration -- <name>
// Prisma 6's WebAssembly schema engine diffs the schema snapshot kept beside the last migration
// against the current schema (no database introspection; see docs/decisions/002-prisma-offline.md).
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedCluster } from '../server/db/embedded-cluster.ts'

const root = path.resolve(import.meta.dirname, '..')
const migrationsDir = path.join(root, 'prisma/migrations')

/** Prisma 6 reads the connection URL from the schema; Prisma 7 schemas have none. */
function withDatasourceUrl(schema: string) {
  return schema.replace(/datasource db \{([^}]*)\}/, (_, body) => `datasource db {${body}  url = env("DATABASE_URL")\n}`)
}

export async function diffSchemas(from: string | null, to: string, databaseUrl: string): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'syllabus-diff-'))
  const toFile = path.join(work, 'to.prisma')
  await writeFile(toFile, withDatasourceUrl(to))
  const fromArgs = ['--from-empty']
  if (from !== null) {
    const fromFile = path.join(work, 'from.prisma')
    await writeFile(fromFile, withDatasourceUrl(from))
    fromArgs.splice(0, 1, '--from-schema-datamodel', fromFile)
  }
  const anyFile = path.join(root, 'package.json')
  return execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/prisma6/build/index.js'),
      'migrate',
      'diff',
      ...fromArgs,
      '--to-schema-datamodel',
      toFile,
      '--script',
      '--config',
      path.join(root, 'prisma/prisma6.config.ts'),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SYLLABUS_DIFF_SCHEMA: toFile,
        PRISMA_QUERY_ENGINE_LIBRARY: anyFile,
        PRISMA_SCHEMA_ENGINE_BINARY: anyFile,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).toString()
}

export async function latestMigrationSchema(): Promise<string | null> {
  const names = (await readdir(migrationsDir).catch(() => [])).filter((name) => /^\d{14}_/.test(name)).sort()
  const last = names.at(-1)
  return last ? readFile(path.join(migrationsDir, last, 'schema.prisma'), 'utf8') : null
}

async function main() {
  const name = process.argv[2]
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('Usage: npm run db:migration -- <name_in_snake_case>')
    process.exit(2)
  }
  const current = await readFile(path.join(root, 'prisma/schema.prisma'), 'utf8')
  const previous = await latestMigrationSchema()
  if (previous === current) {
    console.log('prisma/schema.prisma has not changed since the last migration; nothing to write.')
    return
  }
  console.log('Starting a throwaway PostgreSQL for the schema engine…')
  const cluster = await startEmbeddedCluster({
    dataDir: await mkdtemp(path.join(os.tmpdir(), 'syllabus-migration-')).then((dir) => path.join(dir, 'pg')),
    persistent: false,
  })
  try {
    const sql = await diffSchemas(previous, current, cluster.url('postgres'))
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
    const dir = path.join(migrationsDir, `${stamp}_${name}`)
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, 'migration.sql'), sql)
    await writeFile(path.join(dir, 'schema.prisma'), current)
    console.log(`Wrote ${path.relative(root, dir)}/migration.sql (${sql.split('\n').length} lines).`)
  } finally {
    await cluster.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
