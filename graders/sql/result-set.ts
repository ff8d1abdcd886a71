// The shape of a query result as the PostgreSQL sandbox returns it (sandbox/postgres): values are
// PostgreSQL's text output, NULL is null. Declared here structurally so the comparator stays pure
// and testable without a database; the sandbox's own type is assignable to it.

export interface ResultColumn {
  name: string
  typeOid: number
  typeName: string
}

export interface SqlResultSet {
  columns: ResultColumn[]
  rows: (string | null)[][]
  rowCount: number
  /** The sandbox stopped reading at its row cap: there were more rows. */
  truncated: boolean
  durationMs: number
}
