// The Parquet files the local engine reads, per dataset variant, exported on first use under a data
// folder by the same generator as the PostgreSQL datasets (so both engines grade on the same rows):
//   <dir>/public-small-parquet-<seed>/   the public variant (learners may see its values)
//   <dir>/syllabus_ds_v_<24 hex>/        one hidden variant of the pool, per slot and epoch
// The hidden pool works as the PostgreSQL one (graders/sql/hidden-variant-pool.ts): each slot's seed
// and opaque folder name come from an HMAC over the slot and its epoch, keyed by a secret kept in the
// data folder; each graded attempt draws one variant; every slot turns over once per rotation period,
// staggered. Folders no slot needs any more are removed.
import { randomBytes, createHmac } from 'node:crypto'
import { access, chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { exportDataset } from '../../datasets/nyc-taxi/export.ts'
import { variantSeed } from '../../datasets/nyc-taxi/generate.ts'
import { NYC_TAXI_SCHEMA } from '../../datasets/nyc-taxi/schema.ts'
import { defaultHiddenVariantPool, epochOf, HIDDEN_VARIANT_PREFIX, type HiddenVariantPoolOptions, slotVariant } from '../sql/hidden-variant-pool.ts'
import { localDatasetsFromExport } from './course-data.ts'
import type { BigQueryDataVariant, BigQueryGradingData } from './grade-bigquery-answer.ts'

export interface LocalBigQueryDataOptions {
  /** The operator's SYLLABUS_DATASET_HIDDEN_SEED: it keys the pool's secret. */
  hiddenSeed?: number | undefined
  /** How many hidden variants an attempt draws from, and how often each is replaced. */
  pool?: HiddenVariantPoolOptions
}

const SECRET_FILE = 'hidden-pool-secret'

async function hasAllFiles(folder: string): Promise<boolean> {
  const { datasets } = localDatasetsFromExport(folder)
  const files = datasets.flatMap((dataset) => dataset.tables.flatMap((table) => table.files))
  const present = await Promise.all(files.map((file) => access(file).then(() => true, () => false)))
  return present.every(Boolean)
}

/** Exports the variant's Parquet files unless they are there; a half-written export never becomes visible. */
async function ensureExport(folder: string, variant: 'public' | 'hidden', seed: number): Promise<void> {
  if (await hasAllFiles(folder)) return
  const partial = `${folder}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
  await mkdir(path.dirname(folder), { recursive: true })
  try {
    await exportDataset({ outDir: partial, formats: ['parquet'], variant, size: 'small', seed })
    await rm(folder, { recursive: true, force: true })
    await rename(partial, folder)
  } finally {
    await rm(partial, { recursive: true, force: true })
  }
}

/**
 * The pool's secret: random bytes written once into the data folder (readable by this user only),
 * keyed by the operator's hidden seed. The open-source code and default seed alone do not reproduce
 * an instance's variants, and every process sharing the folder computes the same pool.
 */
export async function localPoolSecret(dir: string, hiddenSeed?: number): Promise<string> {
  const file = path.join(dir, SECRET_FILE)
  let secret = await readFile(file, 'utf8').catch(() => null)
  if (!secret) {
    await mkdir(dir, { recursive: true })
    // 'wx': two processes starting together keep the first one's secret.
    await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
    await chmod(file, 0o600)
    secret = await readFile(file, 'utf8')
  }
  return createHmac('sha256', String(variantSeed('hidden', hiddenSeed))).update(`syllabus bigquery hidden variants|${secret.trim()}`).digest('hex')
}

/**
 * The grading data of a dataset: the public variant and the hidden pool's current variants,
 * exported on first use. Only nyc_taxi exists today; another name is unavailable.
 */
export function localBigQueryData(dir: string, options: LocalBigQueryDataOptions = {}): (dataset: string) => Promise<BigQueryGradingData> {
  const pool = options.pool ?? defaultHiddenVariantPool
  const now = pool.now ?? Date.now
  const exports = new Map<string, Promise<BigQueryDataVariant>>()
  let secret: Promise<string> | null = null

  const variantIn = (folder: string, variant: 'public' | 'hidden', seed: number): Promise<BigQueryDataVariant> => {
    let ready = exports.get(folder)
    if (!ready) {
      ready = (async () => {
        await ensureExport(folder, variant, seed)
        const info = await stat(folder)
        return { options: localDatasetsFromExport(folder), version: `${seed}@${info.mtimeMs}` }
      })()
      exports.set(folder, ready)
      ready.catch(() => exports.delete(folder))
    }
    return ready
  }

  /** Removes hidden folders of past epochs (and abandoned partial exports) once their slot moved on. */
  const sweep = async (keep: Set<string>) => {
    const entries = await readdir(dir).catch(() => [] as string[])
    for (const entry of entries) {
      if (!entry.startsWith(HIDDEN_VARIANT_PREFIX) || keep.has(entry)) continue
      if (entry.includes('.partial-')) {
        const info = await stat(path.join(dir, entry)).catch(() => null)
        if (!info || now() - info.mtimeMs < 60 * 60_000) continue
      }
      exports.delete(path.join(dir, entry))
      await rm(path.join(dir, entry), { recursive: true, force: true })
    }
  }

  return async (dataset) => {
    if (dataset !== NYC_TAXI_SCHEMA) throw new Error(`The local BigQuery engine has no dataset ${dataset}`)
    secret ??= localPoolSecret(dir, options.hiddenSeed).catch((error: unknown) => {
      secret = null
      throw error
    })
    const key = await secret
    const publicSeed = variantSeed('public')
    const at = now()
    const slots = Array.from({ length: pool.size }, (_, slot) => slotVariant(key, NYC_TAXI_SCHEMA, slot, epochOf(slot, at, pool)))
    const hidden: BigQueryDataVariant[] = []
    // One export at a time: two cores are shared with the web app and the other engines.
    const publicVariant = await variantIn(path.join(dir, `public-small-parquet-${publicSeed}`), 'public', publicSeed)
    for (const slot of slots) hidden.push(await variantIn(path.join(dir, slot.database), 'hidden', slot.seed))
    // The previous epoch's folders stay a while: an attempt drawn from one may still be reading it.
    const previous = slots.map((slot) => slotVariant(key, NYC_TAXI_SCHEMA, slot.slot, slot.epoch - 1).database)
    void sweep(new Set([...slots.map((slot) => slot.database), ...previous])).catch(() => undefined)
    return { public: publicVariant, hidden }
  }
}

/** The public variant alone (the homework page's Run and dry run): no hidden export is waited for. */
export function localBigQueryPublicData(dir: string): (dataset: string) => Promise<BigQueryDataVariant> {
  let ready: Promise<BigQueryDataVariant> | null = null
  return (dataset) => {
    if (dataset !== NYC_TAXI_SCHEMA) return Promise.reject(new Error(`The local BigQuery engine has no dataset ${dataset}`))
    const seed = variantSeed('public')
    const folder = path.join(dir, `public-small-parquet-${seed}`)
    ready ??= ensureExport(folder, 'public', seed)
      .then(async () => ({ options: localDatasetsFromExport(folder), version: `${seed}@${(await stat(folder)).mtimeMs}` }))
      .catch((error: unknown) => {
        ready = null
        throw error
      })
    return ready
  }
}

/** Where the exported files live under the data folder (SYLLABUS_DATA_DIR): <dataDir>/bigquery/nyc_taxi. */
export function bigQueryDataDirIn(dataDir: string): string {
  return path.resolve(dataDir, 'bigquery', NYC_TAXI_SCHEMA)
}
