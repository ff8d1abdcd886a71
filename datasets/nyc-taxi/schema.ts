// The nyc_taxi tables exactly as docs/course-authoring.md (section Datasets) defines them. One list
// drives the DDL, the CSV and Parquet writers and the tests, so the shape is written down once.

/** How a value is held in a generated row: money and distances as integer hundredths (no float drift),
 * timestamps as whole seconds since 1970 read as New York wall-clock time (no time zone). */
export type ColumnKind = 'integer' | 'text' | 'timestamp' | 'distance' | 'money'

export interface ColumnDefinition {
  name: string
  kind: ColumnKind
  /** false only where the real files never have a gap; every other column holds at least one NULL. */
  nullable: boolean
}

export type RowValue = number | string | null
export type Row = RowValue[]

export const TRIP_TABLES = ['yellow_tripdata', 'green_tripdata', 'fhv_tripdata'] as const
export type TripTable = (typeof TRIP_TABLES)[number]
export const NYC_TAXI_TABLES = ['taxi_zone_lookup', ...TRIP_TABLES] as const
export type NycTaxiTable = (typeof NYC_TAXI_TABLES)[number]

export const NYC_TAXI_SCHEMA = 'nyc_taxi'

const column = (name: string, kind: ColumnKind, nullable = true): ColumnDefinition => ({ name, kind, nullable })

export const TABLE_COLUMNS: Record<NycTaxiTable, readonly ColumnDefinition[]> = {
  taxi_zone_lookup: [
    column('LocationID', 'integer', false),
    column('Borough', 'text', false),
    column('Zone', 'text', false),
    column('service_zone', 'text'),
  ],
  yellow_tripdata: [
    column('VendorID', 'integer'),
    column('tpep_pickup_datetime', 'timestamp', false),
    column('tpep_dropoff_datetime', 'timestamp', false),
    column('passenger_count', 'integer'),
    column('trip_distance', 'distance'),
    column('RatecodeID', 'integer'),
    column('store_and_fwd_flag', 'text'),
    column('PULocationID', 'integer'),
    column('DOLocationID', 'integer'),
    column('payment_type', 'integer'),
    column('fare_amount', 'money'),
    column('extra', 'money'),
    column('mta_tax', 'money'),
    column('tip_amount', 'money'),
    column('tolls_amount', 'money'),
    column('improvement_surcharge', 'money'),
    column('total_amount', 'money'),
    column('congestion_surcharge', 'money'),
  ],
  green_tripdata: [
    column('VendorID', 'integer'),
    column('lpep_pickup_datetime', 'timestamp', false),
    column('lpep_dropoff_datetime', 'timestamp', false),
    column('store_and_fwd_flag', 'text'),
    column('RatecodeID', 'integer'),
    column('PULocationID', 'integer'),
    column('DOLocationID', 'integer'),
    column('passenger_count', 'integer'),
    column('trip_distance', 'distance'),
    column('fare_amount', 'money'),
    column('extra', 'money'),
    column('mta_tax', 'money'),
    column('tip_amount', 'money'),
    column('tolls_amount', 'money'),
    column('ehail_fee', 'money'),
    column('improvement_surcharge', 'money'),
    column('total_amount', 'money'),
    column('payment_type', 'integer'),
    column('trip_type', 'integer'),
    column('congestion_surcharge', 'money'),
  ],
  fhv_tripdata: [
    column('dispatching_base_num', 'text', false),
    column('pickup_datetime', 'timestamp', false),
    column('dropOff_datetime', 'timestamp'),
    column('PUlocationID', 'integer'),
    column('DOlocationID', 'integer'),
    column('SR_Flag', 'integer'),
    column('Affiliated_base_number', 'text'),
  ],
}

export const POSTGRES_TYPES: Record<ColumnKind, string> = {
  integer: 'integer',
  text: 'text',
  timestamp: 'timestamp without time zone',
  distance: 'numeric(8,2)',
  money: 'numeric(10,2)',
}

/** Identifiers are quoted when they are not all lower case, as pandas' to_sql leaves them. */
export function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`
}

export function createTableStatement(table: NycTaxiTable): string {
  const columns = TABLE_COLUMNS[table].map((definition) => {
    const type = POSTGRES_TYPES[definition.kind].replace('timestamp without time zone', 'timestamp')
    // No NOT NULL: the tables look as pandas' to_sql leaves them, which is what learners meet.
    return `  ${quoteIdentifier(definition.name)} ${type}`
  })
  return `CREATE TABLE ${NYC_TAXI_SCHEMA}.${table} (\n${columns.join(',\n')}\n)`
}
