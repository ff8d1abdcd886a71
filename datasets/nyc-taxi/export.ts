// Writes the dataset as files named like the TLC's own, for ingestion homework:
// taxi_zone_lookup.csv, green_tripdata_2019-10.csv.gz, green_tripdata_2019-10.parquet, …
// Each month is generated once and streamed into both writers; memory stays at one row group.
import { once } from 'node:events'
import { copyFile, mkdir } from 'node:fs/promises'
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { finished } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import type { SchemaElement } from 'hyparquet'
import { fileWriter, ParquetWriter } from 'hyparquet-writer'
import { csvHeader, formatCsvRow } from './format.ts'
import {
  type DatasetSize,
  type DatasetVariant,
  generateTripRows,
  generateZoneRows,
  GENERATOR_VERSION,
  plannedRowCount,
  TRIP_MONTHS,
  type TripMonth,
  variantSeed,
} from './generate.ts'
import { type ColumnDefinition, type ColumnKind, type Row, TABLE_COLUMNS, TRIP_TABLES, type NycTaxiTable } from './schema.ts'
import { ZONE_LOOKUP_FILE } from './zones.ts'

export const EXPORT_FORMATS = ['csv', 'parquet'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export interface ExportOptions {
  outDir: string
  formats: readonly ExportFormat[]
  variant: DatasetVariant
  size: DatasetSize
  seed?: number
  /** The operator's hidden-variant seed (SYLLABUS_DATASET_HIDDEN_SEED); the built-in one otherwise. */
  hiddenSeed?: number
  onProgress?: (progress: ExportProgress) => void
}

export interface ExportProgress {
  file: string
  rows: number
  totalRows: number
  percent: number
  rowsPerSecond: number
  message: string
}

export interface ExportedFile {
  path: string
  table: NycTaxiTable
  month: TripMonth | null
  format: ExportFormat
  rows: number
}

/** Rows per Parquet row group: large enough for good compression, small enough to hold in memory. */
const ROW_GROUP_SIZE = 100_000

const PARQUET_TYPES: Record<ColumnKind, Omit<SchemaElement, 'name'>> = {
  integer: { type: 'INT32' },
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  // Wall-clock time without a zone, as in the TLC's own Parquet files (timestamp[us], not UTC-adjusted).
  timestamp: { type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } },
  // The TLC's Parquet files hold amounts and distances as doubles.
  distance: { type: 'DOUBLE' },
  money: { type: 'DOUBLE' },
}

export function parquetSchemaFor(columns: readonly ColumnDefinition[]): SchemaElement[] {
  return [
    { name: 'schema', num_children: columns.length },
    ...columns.map((column) => ({ name: column.name, repetition_type: 'OPTIONAL' as const, ...PARQUET_TYPES[column.kind] })),
  ]
}

function parquetValue(kind: ColumnKind, value: Row[number]): number | string | null {
  if (value === null || value === undefined) return null
  if (kind === 'timestamp') return (value as number) * 1_000_000
  if (kind === 'money' || kind === 'distance') return (value as number) / 100
  return value
}

/** Collects rows column by column and hands a row group to the Parquet writer when it is full. */
class ParquetFileSink {
  private readonly writer: ParquetWriter
  private columns: (number | string | null)[][]

  constructor(
    file: string,
    private readonly definitions: readonly ColumnDefinition[],
  ) {
    this.writer = new ParquetWriter({
      writer: fileWriter(file),
      schema: parquetSchemaFor(definitions),
      createdBy: `syllabus nyc_taxi generator v${GENERATOR_VERSION}`,
    })
    this.columns = definitions.map(() => [])
  }

  add(row: Row) {
    for (let index = 0; index < this.definitions.length; index++) {
      this.columns[index]!.push(parquetValue(this.definitions[index]!.kind, row[index] ?? null))
    }
    if (this.columns[0]!.length >= ROW_GROUP_SIZE) this.flush()
  }

  private flush() {
    if (this.columns[0]!.length === 0) return
    void this.writer.write({
      columnData: this.definitions.map((definition, index) => ({ name: definition.name, data: this.columns[index]! })),
      rowGroupSize: ROW_GROUP_SIZE,
    })
    this.columns = this.definitions.map(() => [])
  }

  finish() {
    this.flush()
    this.writer.finish()
  }
}

/** CSV lines through gzip to a file, waiting whenever gzip asks us to. */
class GzipCsvSink {
  private readonly gzip = createGzip()
  private readonly file
  private pending = ''
  private pendingLines = 0

  constructor(
    filePath: string,
    private readonly definitions: readonly ColumnDefinition[],
  ) {
    this.file = createWriteStream(filePath)
    this.gzip.pipe(this.file)
    this.pending = `${csvHeader(definitions)}\n`
  }

  async add(row: Row) {
    this.pending += `${formatCsvRow(this.definitions, row)}\n`
    if (++this.pendingLines < 2000) return
    const chunk = this.pending
    this.pending = ''
    this.pendingLines = 0
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain')
  }

  async finish() {
    this.gzip.end(this.pending)
    await finished(this.file)
  }
}

export function exportFileName(table: NycTaxiTable, month: TripMonth | null, format: ExportFormat): string {
  if (month === null) return `${table}.${format}`
  return `${table}_${month}.${format === 'csv' ? 'csv.gz' : 'parquet'}`
}

export async function exportDataset(options: ExportOptions): Promise<ExportedFile[]> {
  const seed = options.seed ?? variantSeed(options.variant, options.hiddenSeed)
  const generateOptions = { seed, size: options.size }
  await mkdir(options.outDir, { recursive: true })
  const files: ExportedFile[] = []

  // The zone lookup is published as a plain CSV; ours is the very same file.
  const zoneCsv = path.join(options.outDir, 'taxi_zone_lookup.csv')
  await copyFile(ZONE_LOOKUP_FILE, zoneCsv)
  files.push({ path: zoneCsv, table: 'taxi_zone_lookup', month: null, format: 'csv', rows: 265 })
  if (options.formats.includes('parquet')) {
    const zoneParquet = path.join(options.outDir, 'taxi_zone_lookup.parquet')
    const sink = new ParquetFileSink(zoneParquet, TABLE_COLUMNS.taxi_zone_lookup)
    for (const row of generateZoneRows()) sink.add(row)
    sink.finish()
    files.push({ path: zoneParquet, table: 'taxi_zone_lookup', month: null, format: 'parquet', rows: 265 })
  }

  const jobs = TRIP_TABLES.flatMap((table) => TRIP_MONTHS.map((month) => ({ table, month })))
  const totalRows = jobs.reduce((sum, job) => sum + plannedRowCount(job.table, job.month, generateOptions), 0)
  const started = performance.now()
  let rowsDone = 0
  let lastReport = 0
  for (const { table, month } of jobs) {
    const columns = TABLE_COLUMNS[table]
    const csvPath = path.join(options.outDir, exportFileName(table, month, 'csv'))
    const parquetPath = path.join(options.outDir, exportFileName(table, month, 'parquet'))
    const csv = options.formats.includes('csv') ? new GzipCsvSink(csvPath, columns) : null
    const parquet = options.formats.includes('parquet') ? new ParquetFileSink(parquetPath, columns) : null
    let rows = 0
    for (const row of generateTripRows(table, month, generateOptions)) {
      if (csv) await csv.add(row)
      parquet?.add(row)
      rows++
      if ((rows & 0x3fff) === 0 && options.onProgress && performance.now() - lastReport > 500) {
        lastReport = performance.now()
        const done = rowsDone + rows
        const rowsPerSecond = Math.round(done / ((lastReport - started) / 1000))
        const percent = Math.floor((done / totalRows) * 1000) / 10
        options.onProgress({
          file: exportFileName(table, month, options.formats[0] ?? 'csv'),
          rows: done,
          totalRows,
          percent,
          rowsPerSecond,
          message: `exporting ${table} ${month}: ${done.toLocaleString('en-US')} / ${totalRows.toLocaleString('en-US')} rows (${percent}%, ${rowsPerSecond.toLocaleString('en-US')} rows/s)`,
        })
      }
    }
    await csv?.finish()
    parquet?.finish()
    rowsDone += rows
    if (csv) files.push({ path: csvPath, table, month, format: 'csv', rows })
    if (parquet) files.push({ path: parquetPath, table, month, format: 'parquet', rows })
  }
  return files
}
