// The 265 TLC taxi zones (public data: LocationID, Borough, Zone, service_zone), kept as the CSV the
// TLC publishes, with its oddities: 56/57 are both "Corona", 103–105 share one name, 264 is "Unknown"
// and 265 lies outside NYC with no service zone.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { SeededRandom } from '../random.ts'

export interface TaxiZone {
  locationId: number
  borough: string
  zone: string
  serviceZone: string | null
}

// import.meta.dirname is undefined inside Next.js server bundles, whose processes start in the repository root.
export const ZONE_LOOKUP_FILE = path.join(import.meta.dirname ?? path.join(process.cwd(), 'datasets/nyc-taxi'), 'taxi_zone_lookup.csv')

function parseQuotedCsvLine(line: string): (string | null)[] {
  // The file is ours and simple: fields are either "quoted" (no embedded quotes) or bare.
  return line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((field) => {
    if (field === '') return null
    return field.startsWith('"') ? field.slice(1, -1) : field
  })
}

function loadZones(): TaxiZone[] {
  const [, ...lines] = readFileSync(ZONE_LOOKUP_FILE, 'utf8').trim().split('\n')
  return lines.map((line) => {
    const [id, borough, zone, serviceZone] = parseQuotedCsvLine(line)
    if (!id || !borough || !zone) throw new Error(`Bad zone line: ${line}`)
    return { locationId: Number(id), borough, zone, serviceZone: serviceZone ?? null }
  })
}

export const TAXI_ZONES: readonly TaxiZone[] = loadZones()
export const ZONE_COUNT = TAXI_ZONES.length

export function zoneById(locationId: number): TaxiZone {
  const zone = TAXI_ZONES[locationId - 1]
  if (!zone || zone.locationId !== locationId) throw new Error(`No taxi zone ${locationId}`)
  return zone
}

export const NEWARK_AIRPORT = 1
export const JFK_AIRPORT = 132
export const LAGUARDIA_AIRPORT = 138
export const UNKNOWN_ZONE = 264
export const OUTSIDE_NYC_ZONE = 265
/** Natural trips never start here: it is the start of every planted edge-case trip. */
export const PLANTED_PICKUP_ZONE = 194
/** Zones no trip of any table ever starts or ends in (a LEFT JOIN must show them with zero trips). */
export const ZONES_WITHOUT_TRIPS: readonly number[] = [99, 104, 105, 110, 199]

export const isAirport = (locationId: number) =>
  locationId === JFK_AIRPORT || locationId === LAGUARDIA_AIRPORT || locationId === NEWARK_AIRPORT
/** Manhattan south of 96th Street, roughly the congestion-surcharge area. */
export const isCongestionZone = (locationId: number) => zoneById(locationId).serviceZone === 'Yellow Zone'
export const isManhattan = (locationId: number) => zoneById(locationId).borough === 'Manhattan'

const BOROUGH_CENTRES: Record<string, { x: number; y: number; spreadX: number; spreadY: number }> = {
  Manhattan: { x: 0, y: 0, spreadX: 1.2, spreadY: 5 },
  Brooklyn: { x: 2, y: -8, spreadX: 3.5, spreadY: 3 },
  Queens: { x: 9, y: -1, spreadX: 4.5, spreadY: 4 },
  Bronx: { x: 3, y: 9, spreadX: 3, spreadY: 2.5 },
  'Staten Island': { x: -8, y: -13, spreadX: 3, spreadY: 3 },
  EWR: { x: -12, y: -6, spreadX: 0, spreadY: 0 },
}
const AIRPORT_POSITIONS: Record<number, { x: number; y: number }> = {
  [JFK_AIRPORT]: { x: 12, y: -8 },
  [LAGUARDIA_AIRPORT]: { x: 6, y: 3 },
}

/**
 * A made-up position (in miles) per zone, fixed for all seeds: trip distances follow from it, so a
 * trip from Midtown to JFK is long and one inside Midtown is short. Unknown zones have none.
 */
export const ZONE_POSITIONS: readonly ({ x: number; y: number } | null)[] = (() => {
  const random = new SeededRandom(265)
  return TAXI_ZONES.map((zone) => {
    const airport = AIRPORT_POSITIONS[zone.locationId]
    if (airport) return airport
    const centre = BOROUGH_CENTRES[zone.borough]
    if (!centre) return null
    return {
      x: centre.x + (random.float() * 2 - 1) * centre.spreadX,
      y: centre.y + (random.float() * 2 - 1) * centre.spreadY,
    }
  })
})()
