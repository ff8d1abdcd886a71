// `syllabus dataset build|load|export`: the nyc_taxi dataset as files or in the grading cluster.
//   build  [--size small|full] [--variant public|hidden|all]   files under .data/datasets/nyc_taxi/
//   load   [--size small|full] [--variant public|hidden|all]   into GRADING_DATABASE_URL's cluster
//   export --out <dir> [--format csv|parquet|all] [--size] [--variant]
import path from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { exportDataset, type ExportFormat } from '../../datasets/nyc-taxi/export.ts'
import { DATASET_SIZES, DATASET_VARIANTS, type DatasetVariant } from '../../datasets/nyc-taxi/generate.ts'
import { ensureDatasetLoaded } from '../../datasets/nyc-taxi/load.ts'
import { dataDir, withDatabases } from '../lib/databases.ts'
import { dim, formatDuration, green, red } from '../lib/progress.ts'
import { readEnv } from '../../server/env.ts'

const USAGE = [
  'Usage: npm run syllabus -- dataset <build|load|export> [options]',
  '  build   write the files under .data/datasets/nyc_taxi/<variant>-<size>/',
  '  load    load into the grading cluster (GRADING_DATABASE_URL, else the embedded one)',
  '  export  --out <dir> [--format csv|parquet|all]',
  'Options: --size small|full (default small)  --variant public|hidden|all (default: public; load: all)',
].join('\n')

const optionsSchema = z.object({
  action: z.enum(['build', 'load', 'export']),
  size: z.enum(DATASET_SIZES).default('small'),
  variant: z.enum([...DATASET_VARIANTS, 'all']).optional(),
  format: z.enum(['csv', 'parquet', 'all']).default('all'),
  out: z.string().optional(),
})

/** One line that rewrites itself on a terminal, and prints at most every few seconds elsewhere. */
function progressLine() {
  let lastPlain = 0
  return {
    update(message: string) {
      if (process.stdout.isTTY) process.stdout.write(`\r\u001b[2K${dim(message)}`)
      else if (performance.now() - lastPlain > 5000) {
        lastPlain = performance.now()
        console.log(message)
      }
    },
    clear() {
      if (process.stdout.isTTY) process.stdout.write('\r\u001b[2K')
    },
  }
}

async function exportVariant(variant: DatasetVariant, outDir: string, formats: ExportFormat[], size: 'small' | 'full') {
  const started = performance.now()
  const line = progressLine()
  const files = await exportDataset({ outDir, formats, variant, size, hiddenSeed: readEnv().SYLLABUS_DATASET_HIDDEN_SEED, onProgress: (progress) => line.update(progress.message) })
  line.clear()
  const rows = files.filter((file) => file.format === formats[0]).reduce((sum, file) => sum + file.rows, 0)
  console.log(
    `${green('✓')} nyc_taxi ${variant} (${size}): ${files.length} files, ${rows.toLocaleString('en-US')} rows in ${outDir} ${dim(`(${formatDuration(performance.now() - started)})`)}`,
  )
}

async function loadVariant(adminUrl: string, variant: DatasetVariant, size: 'small' | 'full') {
  const started = performance.now()
  const line = progressLine()
  const result = await ensureDatasetLoaded(adminUrl, { dataset: 'nyc_taxi', variant, size, hiddenSeed: readEnv().SYLLABUS_DATASET_HIDDEN_SEED, onProgress: (progress) => line.update(progress.message) })
  line.clear()
  const rows = Object.values(result.info.rowCounts).reduce((sum, count) => sum + count, 0)
  const what = result.status === 'present' ? 'already loaded' : 'loaded'
  console.log(
    `${green('✓')} ${result.database}: ${what}, ${rows.toLocaleString('en-US')} rows, generator v${result.info.generatorVersion} ${dim(`(${formatDuration(performance.now() - started)})`)}`,
  )
}

export async function run(args: string[]): Promise<number> {
  let parsed: z.infer<typeof optionsSchema>
  try {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { size: { type: 'string' }, variant: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
    })
    parsed = optionsSchema.parse({ action: positionals[0], ...values })
  } catch {
    console.error(USAGE)
    return 2
  }
  const defaultVariant = parsed.action === 'load' ? 'all' : 'public'
  const chosen = parsed.variant ?? defaultVariant
  const variants: DatasetVariant[] = chosen === 'all' ? [...DATASET_VARIANTS] : [chosen]
  const formats: ExportFormat[] = parsed.format === 'all' ? ['csv', 'parquet'] : [parsed.format]

  try {
    if (parsed.action === 'build') {
      for (const variant of variants) {
        await exportVariant(variant, path.join(dataDir(), 'datasets', 'nyc_taxi', `${variant}-${parsed.size}`), formats, parsed.size)
      }
      return 0
    }
    if (parsed.action === 'export') {
      if (!parsed.out) {
        console.error('dataset export needs --out <dir>.')
        return 2
      }
      for (const variant of variants) {
        const outDir = variants.length > 1 ? path.join(parsed.out, variant) : parsed.out
        await exportVariant(variant, path.resolve(outDir), formats, parsed.size)
      }
      return 0
    }
    // load: the grading cluster from GRADING_DATABASE_URL, else the embedded one under .data/.
    return await withDatabases(['grading'], async () => {
      const adminUrl = readEnv().GRADING_DATABASE_URL
      if (!adminUrl) {
        console.error(red('dataset load needs GRADING_DATABASE_URL: a superuser URL of the grading PostgreSQL cluster.'))
        return 1
      }
      for (const variant of variants) await loadVariant(adminUrl, variant, parsed.size)
      return 0
    })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (parsed.action === 'load' && /ECONNREFUSED|password authentication|does not exist|permission denied/i.test(message)) {
      console.error(red(`dataset load could not use the grading cluster (GRADING_DATABASE_URL must be a superuser URL): ${message}`))
      return 1
    }
    throw error
  }
}
