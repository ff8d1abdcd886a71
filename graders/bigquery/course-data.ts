// Where the local engine finds a course's BigQuery datasets: the Parquet files `syllabus dataset
// export` writes, one folder per variant (…/public, …/hidden). nyc_taxi's trip tables span one file per
// month; each becomes one table, and every file may be named by an external table's uris.
import path from 'node:path'
import { exportFileName } from '../../datasets/nyc-taxi/export.ts'
import { TRIP_MONTHS } from '../../datasets/nyc-taxi/generate.ts'
import { NYC_TAXI_SCHEMA, NYC_TAXI_TABLES, TRIP_TABLES } from '../../datasets/nyc-taxi/schema.ts'
import type { LocalBigQueryOptions } from './local-engine.ts'

export function localDatasetsFromExport(folder: string): LocalBigQueryOptions {
  const tables = NYC_TAXI_TABLES.map((table) => ({
    name: table,
    files: (TRIP_TABLES as readonly string[]).includes(table)
      ? TRIP_MONTHS.map((month) => path.join(folder, exportFileName(table, month, 'parquet')))
      : [path.join(folder, exportFileName(table, null, 'parquet'))],
  }))
  return { datasets: [{ name: NYC_TAXI_SCHEMA, tables }], externalFiles: tables.flatMap((table) => table.files) }
}
