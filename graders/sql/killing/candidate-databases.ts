// Candidate killing databases for the search (search-killing-data.ts): small random databases of
// the nyc_taxi schema whose values come from the reference's own edge cases — its date literals and
// the instants just before, on and after them, midday of the days around them, its numbers, the
// zones its strings name, NULLs where the schema allows them, and values repeated so that ties,
// duplicates and empty groups happen often. Seeded: the same question gives the same candidates.
import { SeededRandom } from '../../../datasets/random.ts'
import { type NycTaxiTable, TABLE_COLUMNS, TRIP_TABLES } from '../../../datasets/nyc-taxi/schema.ts'
import { TAXI_ZONES } from '../../../datasets/nyc-taxi/zones.ts'
import type { KillingDatabase } from '../../../course/killing-data.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** What the reference's text tells the generator. */
export interface QueryEdgeCases {
  tables: NycTaxiTable[]
  /** Columns the query names, per table (case-insensitive match on the text), plus the never-NULL ones. */
  columns: Record<string, string[]>
  /** Instants (ms since 1970, wall-clock as UTC) the query compares with. */
  instants: number[]
  numbers: number[]
  /** Intervals the query uses (ms): gaps just under, on and over them matter. */
  intervals: number[]
  zoneIds: number[]
}

const DATE_LITERAL = /'(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?'/g
const INTERVAL_LITERAL = /'(\d+)\s*(second|minute|hour|day)s?'/gi
const STRING_LITERAL = /'([^']*)'/g

function stripStrings(sql: string): string {
  return sql.replace(/'[^']*'/g, "''")
}

export function queryEdgeCases(sql: string): QueryEdgeCases {
  const lower = sql.toLowerCase()
  const tables = (['taxi_zone_lookup', ...TRIP_TABLES] as NycTaxiTable[]).filter((table) => new RegExp(`\\b${table}\\b`).test(lower))
  const columns: Record<string, string[]> = {}
  for (const table of tables) {
    columns[table] = TABLE_COLUMNS[table]
      .filter((column) => !column.nullable || new RegExp(`\\b${column.name.toLowerCase()}\\b`).test(lower))
      .map((column) => column.name)
  }
  const instants = [...sql.matchAll(DATE_LITERAL)].map((match) =>
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0)),
  )
  const unit: Record<string, number> = { second: SECOND, minute: MINUTE, hour: HOUR, day: DAY }
  const intervals = [...sql.matchAll(INTERVAL_LITERAL)].map((match) => Number(match[1]) * unit[match[2]!.toLowerCase()]!)
  const numbers = [...new Set([...stripStrings(sql).matchAll(/(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])/g)].map((match) => Number(match[1])))]
  const strings = new Set([...sql.matchAll(STRING_LITERAL)].map((match) => match[1]!))
  const zoneIds = TAXI_ZONES.filter((zone) => strings.has(zone.zone) || strings.has(zone.borough)).map((zone) => zone.locationId)
  return { tables, columns, instants, numbers, intervals, zoneIds }
}

function timestampText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19)
}

const MONEY = [0, 0.5, 1, 2.5, 7, 10, 10, 12.5, 20, 52.3, -2.5]
const DISTANCE = [0, 0.4, 1.2, 3, 3, 10.5, 25]
/** Zones every candidate may use: airports, a Manhattan and a Brooklyn zone, Unknown, outside NYC; 300 is in no lookup. */
const COMMON_ZONES = [1, 7, 42, 74, 132, 138, 161, 236, 264, 265, 300]

export class CandidateGenerator {
  private readonly random: SeededRandom
  private readonly focus: number[]
  private readonly span: [number, number]

  constructor(
    private readonly cases: QueryEdgeCases,
    seed: number,
  ) {
    this.random = new SeededRandom(seed)
    const base = cases.instants.length > 0 ? cases.instants : [Date.UTC(2019, 9, 15)]
    const gaps = [SECOND, MINUTE, 12 * HOUR, ...cases.intervals.flatMap((gap) => [gap - MINUTE, gap, gap + MINUTE])]
    this.focus = base.flatMap((instant) => [instant, ...gaps.flatMap((gap) => [instant - gap, instant + gap])])
    const low = Math.min(...base) - DAY
    const high = Math.max(...base) + DAY
    // Literals a month or more apart: random instants spread over the range; else a day around them.
    this.span = [low, Math.max(high, low + 2 * DAY)]
  }

  private instant(earlier: number[]): number {
    const roll = this.random.float()
    if (roll < 0.2 && earlier.length > 0) return this.random.pick(earlier)
    if (roll < 0.35 && earlier.length > 0 && this.cases.intervals.length > 0) {
      // Chains of events a little under / over an interval apart (sessions, windows).
      const gap = this.random.pick(this.cases.intervals)
      return this.random.pick(earlier) + this.random.pick([gap - MINUTE, gap, gap + MINUTE, gap / 2])
    }
    if (roll < 0.65) return this.random.pick(this.focus)
    const [low, high] = this.span
    return low + this.random.int(0, Math.floor((high - low) / MINUTE)) * MINUTE
  }

  private zone(): number | null {
    const roll = this.random.float()
    if (roll < 0.08) return null
    if (roll < 0.5 && this.cases.zoneIds.length > 0) return this.random.pick(this.cases.zoneIds)
    return this.random.pick(COMMON_ZONES)
  }

  private number(pool: number[], nullable: boolean): number | null {
    if (nullable && this.random.chance(0.1)) return null
    if (this.cases.numbers.length > 0 && this.random.chance(0.25)) return this.random.pick(this.cases.numbers)
    return this.random.pick(pool)
  }

  private value(table: NycTaxiTable, column: string, nullable: boolean, pickup: number | null, instants: number[]): string | number | null {
    if (/datetime$/i.test(column)) {
      const isDropoff = /drop/i.test(column)
      if (isDropoff && pickup !== null && this.random.chance(0.75)) {
        if (nullable && this.random.chance(0.1)) return null
        return timestampText(pickup + this.random.pick([0, MINUTE, 10 * MINUTE, 45 * MINUTE, 3 * HOUR, 13 * HOUR, 25 * HOUR]))
      }
      const at = this.instant(instants)
      instants.push(at)
      return timestampText(at)
    }
    if (/locationid$/i.test(column)) return this.zone()
    switch (column) {
      case 'VendorID':
        return this.random.chance(0.1) ? null : this.random.pick([1, 2])
      case 'payment_type':
        return this.random.chance(0.1) ? null : this.random.pick([1, 2, 3, 4])
      case 'passenger_count':
        return this.number([0, 1, 1, 2, 5], nullable)
      case 'store_and_fwd_flag':
        return this.random.pick(['N', 'Y', null])
      case 'dispatching_base_num':
      case 'Affiliated_base_number':
        return this.random.pick(['B00001', 'B00002', 'B00013'])
      case 'SR_Flag':
        return this.random.pick([1, null])
      default:
        break
    }
    const kind = TABLE_COLUMNS[table].find((definition) => definition.name === column)!.kind
    if (kind === 'money') return this.number(MONEY, nullable)
    if (kind === 'distance') return this.number(DISTANCE, nullable)
    if (kind === 'integer') return this.number([0, 1, 2, 3], nullable)
    return this.random.pick(['a', 'b', null])
  }

  /** A database with up to `maxRows` rows in each trip table the query reads (the zones are the public ones). */
  next(maxRows: number): KillingDatabase {
    const tables: KillingDatabase['tables'] = {}
    for (const table of this.cases.tables) {
      if (table === 'taxi_zone_lookup') continue
      const columns = this.cases.columns[table]!
      const definitions = columns.map((name) => TABLE_COLUMNS[table].find((definition) => definition.name === name)!)
      const count = this.random.int(1, Math.max(1, maxRows))
      const instants: number[] = []
      const rows: (string | number | null)[][] = []
      for (let index = 0; index < count; index++) {
        // Sometimes a copy of an earlier row: duplicates tell DISTINCT and count(DISTINCT …) apart.
        if (rows.length > 0 && this.random.chance(0.1)) {
          rows.push([...this.random.pick(rows)])
          continue
        }
        let pickup: number | null = null
        const row = definitions.map((definition) => {
          const value = this.value(table, definition.name, definition.nullable, pickup, instants)
          if (/pickup_datetime$/i.test(definition.name) && typeof value === 'string') pickup = Date.parse(`${value.replace(' ', 'T')}Z`)
          return value
        })
        rows.push(row)
      }
      tables[table] = { columns, rows }
    }
    return { kills: [], tables }
  }
}
