// BigQuery's column types as the local engine sees them: which BigQuery type a DuckDB column stands
// for, how many logical bytes a value of it counts for in an on-demand estimate, and which PostgreSQL
// type the shared result comparator should read its text as.
import { typeOids } from '../sql/postgres-text-values.ts'

export const bigQueryTypes = [
  'INT64',
  'FLOAT64',
  'NUMERIC',
  'BIGNUMERIC',
  'BOOL',
  'STRING',
  'BYTES',
  'DATE',
  'DATETIME',
  'TIME',
  'TIMESTAMP',
  'INTERVAL',
  'JSON',
  'ARRAY',
  'STRUCT',
] as const
export type BigQueryType = (typeof bigQueryTypes)[number]

/** DuckDB's type name (from a result or DESCRIBE) → the BigQuery type it represents locally. */
export function bigQueryTypeOfDuckDb(duckType: string): BigQueryType {
  const type = duckType.trim().toUpperCase()
  if (type.endsWith('[]') || type.startsWith('LIST') || /\[\d+\]$/.test(type)) return 'ARRAY'
  if (type.startsWith('STRUCT') || type.startsWith('MAP') || type.startsWith('UNION')) return 'STRUCT'
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(type)) return 'INT64'
  if (/^(DOUBLE|FLOAT|REAL)$/.test(type)) return 'FLOAT64'
  if (type.startsWith('DECIMAL')) {
    const precision = Number(/^DECIMAL\((\d+)/.exec(type)?.[1] ?? 38)
    return precision > 38 ? 'BIGNUMERIC' : 'NUMERIC'
  }
  if (type === 'BOOLEAN') return 'BOOL'
  if (type === 'VARCHAR') return 'STRING'
  if (type === 'BLOB') return 'BYTES'
  if (type === 'DATE') return 'DATE'
  if (type === 'TIME') return 'TIME'
  // The course's Parquet timestamps are wall-clock time without a zone; BigQuery's load job reads them
  // as TIMESTAMP, and they are compared as such. Both are 8 logical bytes.
  if (type.startsWith('TIMESTAMP')) return 'TIMESTAMP'
  if (type === 'INTERVAL') return 'INTERVAL'
  if (type === 'JSON') return 'JSON'
  return 'STRING'
}

/**
 * A DuckDB aggregate giving a column's logical bytes per BigQuery's on-demand pricing
 * ("Data size calculation"): NULL counts 0 bytes; INT64, FLOAT64, DATE, DATETIME, TIME, TIMESTAMP 8;
 * BOOL 1; NUMERIC 16; BIGNUMERIC 32; INTERVAL 16; STRING and BYTES 2 + their length in bytes.
 * null when the type's size depends on nested values the local engine does not price (ARRAY, STRUCT).
 */
export function logicalBytesAggregate(type: BigQueryType, quotedColumn: string): string | null {
  switch (type) {
    case 'INT64':
    case 'FLOAT64':
    case 'DATE':
    case 'DATETIME':
    case 'TIME':
    case 'TIMESTAMP':
      return `8 * count(${quotedColumn})`
    case 'BOOL':
      return `count(${quotedColumn})`
    case 'NUMERIC':
    case 'INTERVAL':
      return `16 * count(${quotedColumn})`
    case 'BIGNUMERIC':
      return `32 * count(${quotedColumn})`
    case 'STRING':
    case 'JSON':
      return `coalesce(sum(2 + strlen(CAST(${quotedColumn} AS VARCHAR))), 0)`
    case 'BYTES':
      return `coalesce(sum(2 + octet_length(${quotedColumn})), 0)`
    case 'ARRAY':
    case 'STRUCT':
      return null
  }
}

/** The PostgreSQL type whose text rules the shared comparator applies to this column's values. */
export function comparatorTypeOf(duckType: string): { typeOid: number; typeName: string } {
  const type = duckType.trim().toUpperCase()
  switch (bigQueryTypeOfDuckDb(type)) {
    case 'INT64':
      return { typeOid: typeOids.int8, typeName: 'INT64' }
    case 'FLOAT64':
      return { typeOid: typeOids.float8, typeName: 'FLOAT64' }
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return { typeOid: typeOids.numeric, typeName: 'NUMERIC' }
    case 'BOOL':
      return { typeOid: typeOids.bool, typeName: 'BOOL' }
    case 'DATE':
      return { typeOid: typeOids.date, typeName: 'DATE' }
    case 'TIME':
      return { typeOid: typeOids.time, typeName: 'TIME' }
    case 'TIMESTAMP':
      return type.includes('TIME ZONE') || type === 'TIMESTAMPTZ'
        ? { typeOid: typeOids.timestamptz, typeName: 'TIMESTAMP' }
        : { typeOid: typeOids.timestamp, typeName: 'TIMESTAMP' }
    default:
      return { typeOid: typeOids.text, typeName: bigQueryTypeOfDuckDb(type) }
  }
}
