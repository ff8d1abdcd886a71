// Runs `prisma generate` on machines that cannot download Prisma's native engines.
// Prisma 7's generator needs no engine, but its CLI refuses to start unless these point at a file
// (see docs/decisions/002-prisma-offline.md). Real values, when given, win.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://generate-only@localhost/unused',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
}
// Prisma's own CLI file, run by this Node: no `npx` on PATH needed (a bare machine may have only `node`).
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js')
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: `${here}/..`, env, stdio: 'inherit' })
process.exit(result.status ?? 1)
