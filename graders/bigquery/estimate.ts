// The on-demand byte estimate of a dry run, computed as BigQuery documents it: the logical bytes of
// the referenced columns only (per-type sizes, NULL = 0), in the partitions a constant filter on the
// partitioning column leaves, for native tables; external tables estimate 0 B (BigQuery cannot know
// before reading the files). LIMIT does not reduce it, and clustering is not counted (BigQuery's
// estimate is an upper bound; the bill may be lower on clustered tables).
import { bigQueryTypeOfDuckDb, logicalBytesAggregate } from './bigquery-types.ts'
import type { CatalogTable, PartitionUnit } from './catalog.ts'
import { notSupportedLocally } from './errors.ts'
import type { ScanSet } from './translate.ts'

export interface PartitionBytes {
  /** UTC ms; NaN for the NULL partition. */
  start: number
  end: number
  /** Logical bytes per lower-case column name. */
  columnBytes: Map<string, number>
}

export interface TableStats {
  partitions: PartitionBytes[]
}

/** Runs one aggregate query and returns its rows as text (the DuckDB sandbox's query). */
export type StatsQuery = (sql: string) => Promise<(string | null)[][]>

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

function partitionEnd(start: number, unit: PartitionUnit): number {
  if (unit === 'HOUR') return start + 3_600_000
  if (unit === 'DAY') return start + 86_400_000
  const date = new Date(start)
  return unit === 'MONTH'
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
    : Date.UTC(date.getUTCFullYear() + 1, 0, 1)
}

/** Logical bytes of every column, per partition, by one aggregate over the table. */
export async function computeTableStats(table: CatalogTable, query: StatsQuery, duckColumnTypes: Map<string, string>): Promise<TableStats> {
  const aggregates = table.columns.map((column) => {
    const duckType = duckColumnTypes.get(column.name.toLowerCase()) ?? ''
    return logicalBytesAggregate(bigQueryTypeOfDuckDb(duckType), quote(column.name)) ?? 'NULL'
  })
  const from = `${quote(table.duckdb.schema)}.${quote(table.duckdb.name)}`
  const partitioning = table.partitioning
  const key = partitioning
    ? `epoch_ms(CAST(date_trunc('${partitioning.unit.toLowerCase()}', ${quote(partitioning.column)}) AS TIMESTAMP))`
    : 'NULL'
  const rows = await query(`SELECT ${key} AS partition_start${aggregates.map((aggregate, index) => `, ${aggregate} AS c${index}`).join('')} FROM ${from}${partitioning ? ' GROUP BY 1' : ''}`)
  return {
    partitions: rows.map((row) => {
      const start = row[0] === null ? Number.NaN : Number(row[0])
      const columnBytes = new Map<string, number>()
      table.columns.forEach((column, index) => columnBytes.set(column.name.toLowerCase(), row[index + 1] === null ? Number.NaN : Number(row[index + 1])))
      return { start: partitioning ? start : Number.NEGATIVE_INFINITY, end: partitioning ? (Number.isNaN(start) ? Number.NaN : partitionEnd(start, partitioning.unit)) : Number.POSITIVE_INFINITY, columnBytes }
    }),
  }
}

/** The estimate in bytes for the scans of one statement. */
export function estimateBytes(scans: ScanSet, statsOf: (table: CatalogTable) => TableStats): number {
  let total = 0
  for (const scan of scans.values()) {
    if (scan.table.kind === 'external') continue
    if (scan.columns.size === 0) continue
    const stats = statsOf(scan.table)
    const predicates = scan.partitions
    for (const partition of stats.partitions) {
      const kept = predicates === 'all' || predicates.some((predicate) => predicate(partition.start, partition.end))
      if (!kept) continue
      for (const column of scan.columns) {
        const bytes = partition.columnBytes.get(column) ?? 0
        if (Number.isNaN(bytes)) {
          const type = scan.table.columns.find((entry) => entry.name.toLowerCase() === column)?.type ?? 'this type'
          throw notSupportedLocally(`a byte estimate for ${type} columns (${column})`)
        }
        total += bytes
      }
    }
  }
  return total
}
