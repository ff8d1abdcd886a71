// The scratch template: the database each python ingestion run copies. It holds the public variant's
// data in a database no pool keeps open, because PostgreSQL copies a database only while nobody is
// connected to it (the SQL sandbox's pools hold the public one).
import {
  databaseExists,
  databaseUrl,
  datasetDatabaseName,
  ensureDatasetLoaded,
  readDatasetInfo,
  withClient,
  type DatasetInfo,
  type DatasetName,
  type EnsureDatasetOptions,
} from './load.ts'

export function scratchTemplateName(dataset: DatasetName): string {
  return `syllabus_ds_${dataset}_template`
}

export interface EnsureScratchTemplateOptions {
  /** Another name than scratchTemplateName(dataset) (tests). */
  databaseName?: string
  onProgress?: EnsureDatasetOptions['onProgress']
}

export interface EnsureScratchTemplateResult {
  /** present: already a copy of the public variant; copied: a file copy of it; built: generated again. */
  status: 'present' | 'copied' | 'built'
  database: string
  info: DatasetInfo
}

const OBJECT_IN_USE = '55006'

/**
 * The database each python ingestion run copies (withScratchDatabase in sandbox/postgres): the public
 * variant's data in a database no pool keeps open, because PostgreSQL copies a database only while
 * nobody is connected to it, and the SQL sandbox's pools hold the public one. Made when missing or
 * when its checksum differs from the public variant's: a file copy of the public database when
 * nobody is connected to it, else generated again from the public seed (the same rows). Closed to
 * PUBLIC, like every database of the grading cluster. The public variant must be loaded.
 */
export async function ensureScratchTemplate(
  adminUrl: string,
  dataset: DatasetName,
  options: EnsureScratchTemplateOptions = {},
): Promise<EnsureScratchTemplateResult> {
  const source = datasetDatabaseName(dataset, 'public')
  const database = options.databaseName ?? scratchTemplateName(dataset)
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(database)) throw new Error(`Bad template database name "${database}"`)
  return withClient(adminUrl, async (admin) => {
    const publicInfo = (await databaseExists(admin, source)) ? await readDatasetInfo(databaseUrl(adminUrl, source)) : null
    if (!publicInfo) throw new Error(`The ${dataset} dataset (public) is not loaded in ${source}, so there is nothing to make its scratch template from.`)
    const current = async () => ((await databaseExists(admin, database)) ? readDatasetInfo(databaseUrl(adminUrl, database)) : null)
    const before = await current()
    if (before?.checksum === publicInfo.checksum) return { status: 'present' as const, database, info: before }
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`syllabus-dataset:${database}`])
    try {
      const afterWait = await current()
      if (afterWait?.checksum === publicInfo.checksum) return { status: 'present' as const, database, info: afterWait }
      const staging = `${database}_new`
      await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`)
      let status: 'copied' | 'built' = 'copied'
      try {
        await admin.query(`CREATE DATABASE ${staging} TEMPLATE ${source}`)
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE) throw error
        status = 'built'
        await ensureDatasetLoaded(adminUrl, {
          dataset,
          variant: 'public',
          size: publicInfo.size,
          seed: publicInfo.seed,
          databaseName: staging,
          onProgress: options.onProgress,
        })
      }
      try {
        // Database privileges live in pg_database, not in the copied files: close the copy again.
        await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${staging} FROM PUBLIC`)
        const info = await readDatasetInfo(databaseUrl(adminUrl, staging))
        if (!info || info.checksum !== publicInfo.checksum)
          throw new Error(`The scratch template of ${dataset} does not match the public variant (checksum ${info?.checksum ?? 'missing'}).`)
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
        await admin.query(`ALTER DATABASE ${staging} RENAME TO ${database}`)
        return { status, database, info }
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${staging} WITH (FORCE)`).catch(() => {})
        throw error
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`syllabus-dataset:${database}`])
    }
  })
}
