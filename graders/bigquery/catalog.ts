// The tables a BigQuery statement can name, local side: the course's datasets (read-only, native,
// one DuckDB view per table over the exported Parquet files) and the tables the learner creates in a
// per-run scratch dataset (native tables with partitioning/clustering metadata, or external tables).
import type { BigQueryType } from './bigquery-types.ts'

export interface CatalogColumn {
  name: string
  type: BigQueryType
}

export type PartitionUnit = 'HOUR' | 'DAY' | 'MONTH' | 'YEAR'

export interface Partitioning {
  /** The DATE, DATETIME or TIMESTAMP column the table is partitioned on. */
  column: string
  unit: PartitionUnit
}

export interface CatalogTable {
  dataset: string
  name: string
  kind: 'native' | 'external'
  columns: CatalogColumn[]
  partitioning: Partitioning | null
  clustering: string[]
  /** Where DuckDB holds it. */
  duckdb: { schema: string; name: string }
}

export function tableKey(dataset: string, name: string): string {
  return `${dataset}.${name}`
}

export class Catalog {
  private readonly tables = new Map<string, CatalogTable>()

  constructor(
    /** Datasets whose tables come from the course: read-only. */
    readonly courseDatasets: ReadonlySet<string>,
    tables: Iterable<CatalogTable> = [],
  ) {
    for (const table of tables) this.tables.set(tableKey(table.dataset, table.name), table)
  }

  /** BigQuery dataset and table names are case-sensitive. */
  get(dataset: string, name: string): CatalogTable | undefined {
    return this.tables.get(tableKey(dataset, name))
  }

  put(table: CatalogTable): void {
    this.tables.set(tableKey(table.dataset, table.name), table)
  }

  isCourseDataset(dataset: string): boolean {
    return this.courseDatasets.has(dataset)
  }

  /** DuckDB schema for a learner's dataset: never one of the course's. */
  static scratchSchema(dataset: string): string {
    return `scratch_${dataset}`
  }

  list(): CatalogTable[] {
    return [...this.tables.values()]
  }
}
