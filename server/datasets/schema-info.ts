import 'server-only'
// What learners may know about a dataset: its tables, columns and types (for the schema browser and
// editor completion). Public by nature; never any data.
import { NYC_TAXI_SCHEMA, NYC_TAXI_TABLES, POSTGRES_TYPES, TABLE_COLUMNS } from '../../datasets/nyc-taxi/schema.ts'

export interface DatasetSchema {
  name: string
  schema: string
  tables: { name: string; columns: { name: string; type: string }[] }[]
}

export function datasetSchema(dataset: string): DatasetSchema | null {
  if (dataset !== 'nyc_taxi') return null
  return {
    name: dataset,
    schema: NYC_TAXI_SCHEMA,
    tables: NYC_TAXI_TABLES.map((table) => ({
      name: table,
      columns: TABLE_COLUMNS[table].map((column) => ({
        name: column.name,
        type: POSTGRES_TYPES[column.kind].replace('timestamp without time zone', 'timestamp'),
      })),
    })),
  }
}
