// Deterministic generator of the nyc_taxi dataset: trips shaped like the TLC files of autumn 2019
// (rush hours, weekdays, Manhattan for yellow cabs, outer boroughs for green ones, fares that follow
// distance, cash without tips, dirty rows) plus planted edge cases that make common wrong answers fail.
// Rows come out one at a time from generators, so the `full` size never sits in memory.
import { SeededRandom, WeightedChoice } from '../random.ts'
import { type Row, type TripTable, TRIP_TABLES } from './schema.ts'
import {
  isAirport,
  isCongestionZone,
  isManhattan,
  JFK_AIRPORT,
  NEWARK_AIRPORT,
  OUTSIDE_NYC_ZONE,
  PLANTED_PICKUP_ZONE,
  TAXI_ZONES,
  UNKNOWN_ZONE,
  ZONE_POSITIONS,
  ZONES_WITHOUT_TRIPS,
  zoneById,
} from './zones.ts'

/** Bump whenever the generated data changes: a loaded dataset with another version is rebuilt. */
export const GENERATOR_VERSION = 1

export const DATASET_SIZES = ['small', 'full'] as const
export type DatasetSize = (typeof DATASET_SIZES)[number]
export const DATASET_VARIANTS = ['public', 'hidden'] as const
export type DatasetVariant = (typeof DATASET_VARIANTS)[number]

export const TRIP_MONTHS = ['2019-09', '2019-10', '2019-11'] as const
export type TripMonth = (typeof TRIP_MONTHS)[number]

export interface GenerateOptions {
  seed: number
  size: DatasetSize
}

const PUBLIC_SEED = 20190901
const DEFAULT_HIDDEN_SEED = 1729_2019

/**
 * A variant's seed. The operator's own hidden seed (SYLLABUS_DATASET_HIDDEN_SEED, passed in by the
 * caller) means that even someone who runs this open-source generator cannot reproduce the hidden
 * data of their instance.
 */
export function variantSeed(variant: DatasetVariant, hiddenSeed: number = DEFAULT_HIDDEN_SEED): number {
  return variant === 'public' ? PUBLIC_SEED : hiddenSeed
}

/** Natural trips per month before the seed nudges them by up to ±7 %. */
const TRIPS_PER_MONTH: Record<DatasetSize, Record<TripTable, number>> = {
  small: { yellow_tripdata: 5_000, green_tripdata: 2_300, fhv_tripdata: 2_700 },
  full: { yellow_tripdata: 1_050_000, green_tripdata: 330_000, fhv_tripdata: 420_000 },
}

// ---------------------------------------------------------------------------------------------
// Time

const HOUR = 3600
const DAY = 24 * HOUR

/** Seconds since 1970 of a New York wall-clock time (kept as if it were UTC: no time zone). */
export function wallClock(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text)
  if (!match) throw new Error(`Bad wall-clock time ${text}`)
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) / 1000
}

function monthBounds(month: TripMonth) {
  const start = wallClock(`${month}-01`)
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  const end = Date.UTC(year, monthNumber, 1) / 1000
  return { start, end, days: (end - start) / DAY }
}

// Relative demand per hour of day (0–23), from the shape of the real 2019 files.
const WEEKDAY_HOURS = [
  0.9, 0.55, 0.38, 0.28, 0.3, 0.45, 1.05, 1.9, 2.35, 2.3, 2.1, 2.1, 2.2, 2.2, 2.3, 2.35, 2.3, 2.55, 2.85, 2.75, 2.5, 2.4,
  2.25, 1.65,
]
const WEEKEND_HOURS = [
  1.9, 1.6, 1.25, 0.95, 0.6, 0.45, 0.5, 0.7, 0.95, 1.3, 1.6, 1.8, 1.95, 2.0, 2.0, 2.0, 2.0, 2.05, 2.1, 2.05, 1.95, 1.95,
  2.05, 2.0,
]
// Sunday … Saturday: Friday busiest, Sunday quietest.
const WEEKDAY_DEMAND = [0.82, 0.9, 0.98, 1.0, 1.07, 1.12, 1.03]
// Average speed (mph) by hour: slow in the rush hours, fast at night.
const SPEED_BY_HOUR = [18, 19, 20, 21, 21, 19, 15, 11, 9, 9, 10, 10, 10, 10, 9.5, 9, 8.5, 8.5, 9, 10.5, 12, 13.5, 15, 17]

function hourOfDay(time: number) {
  return Math.floor((((time % DAY) + DAY) % DAY) / HOUR)
}
function dayOfWeek(time: number) {
  return (Math.floor(time / DAY) + 4) % 7 // 1970-01-01 was a Thursday
}

// ---------------------------------------------------------------------------------------------
// Zones: which zones each table's trips start and end in

type ZoneRole = 'pickup' | 'dropoff'
/** Index 0 stands for "no location recorded" (NULL), 1–265 are LocationIDs. */
type ZoneWeights = Float64Array

const MANHATTAN_HOT_SPOTS = [161, 162, 163, 164, 186, 230, 236, 237, 48, 68, 79, 90, 100, 107, 113, 114, 140, 141, 142, 170, 234, 239, 246, 249, 43, 138, 132]
const OUTER_BOROUGH_HUBS = [74, 75, 41, 42, 7, 82, 129, 130, 95, 97, 65, 25, 33, 181, 189, 255, 256, 260, 223, 226, 166, 152, 116, 244, 243, 92, 61, 17, 168, 247, 69]

function baseZoneWeight(table: TripTable, role: ZoneRole, locationId: number): number {
  const zone = zoneById(locationId)
  const yellowZone = zone.serviceZone === 'Yellow Zone'
  const hot = MANHATTAN_HOT_SPOTS.includes(locationId)
  const hub = OUTER_BOROUGH_HUBS.includes(locationId)
  if (locationId === UNKNOWN_ZONE) return table === 'fhv_tripdata' ? 0 : 3
  if (locationId === OUTSIDE_NYC_ZONE) return table === 'fhv_tripdata' ? 2 : 0.4
  if (table === 'yellow_tripdata') {
    if (locationId === NEWARK_AIRPORT) return role === 'pickup' ? 0.05 : 1.5
    if (hot) return role === 'pickup' ? 32 : 22
    if (yellowZone) return role === 'pickup' ? 9 : 9
    if (isManhattan(locationId)) return role === 'pickup' ? 2.5 : 3
    return role === 'pickup' ? 0.35 : 1.2
  }
  if (table === 'green_tripdata') {
    if (locationId === NEWARK_AIRPORT) return 0.05
    if (hub) return role === 'pickup' ? 34 : 12
    if (isAirport(locationId)) return role === 'pickup' ? 0.8 : 3
    if (yellowZone) return role === 'pickup' ? 0.15 : 3.5
    return role === 'pickup' ? 3 : 5
  }
  if (locationId === NEWARK_AIRPORT) return 1
  if (isAirport(locationId)) return 14
  if (hot || hub) return 9
  return yellowZone ? 6 : 4
}

interface TableZonePlan {
  pickupWeights: ZoneWeights
  dropoffChoice: WeightedChoice
  /** Two zones whose pickup counts are equal by construction (2nd and 3rd busiest). */
  tiedPickupZones: [number, number]
  /** The busiest pickup zone: it takes the rounding remainder so the tie stays exact. */
  busiestPickupZone: number
  /** Two drop-off zones that the planted trips from PLANTED_PICKUP_ZONE reach equally often. */
  tiedPlantedDropoffZones: [number, number]
}

const NULL_LOCATION_SHARE: Record<TripTable, Record<ZoneRole, number>> = {
  yellow_tripdata: { pickup: 0, dropoff: 0 },
  green_tripdata: { pickup: 0, dropoff: 0 },
  fhv_tripdata: { pickup: 0.18, dropoff: 0.09 },
}

function zoneWeights(table: TripTable, role: ZoneRole, random: SeededRandom): ZoneWeights {
  const weights = new Float64Array(TAXI_ZONES.length + 1)
  for (const zone of TAXI_ZONES) {
    const excluded = ZONES_WITHOUT_TRIPS.includes(zone.locationId) || zone.locationId === PLANTED_PICKUP_ZONE
    // The seed reshapes demand (×0.6–1.4 per zone) so that the busiest zones differ between variants.
    const nudge = 0.6 + 0.8 * random.float()
    weights[zone.locationId] = excluded ? 0 : baseZoneWeight(table, role, zone.locationId) * nudge
  }
  const share = NULL_LOCATION_SHARE[table][role]
  if (share > 0) {
    const known = weights.reduce((sum, weight) => sum + weight, 0)
    weights[0] = (known * share) / (1 - share)
  }
  return weights
}

const zonePlanCache = new Map<string, TableZonePlan>()

function tableZonePlan(table: TripTable, seed: number): TableZonePlan {
  const key = `${seed}/${table}`
  const cached = zonePlanCache.get(key)
  if (cached) return cached
  const random = SeededRandom.forStream(seed, table, 'zones')
  const pickupWeights = zoneWeights(table, 'pickup', random)
  const dropoffWeights = zoneWeights(table, 'dropoff', random)
  const ranked = [...pickupWeights.keys()]
    .filter((id) => id >= 1 && id < UNKNOWN_ZONE)
    .sort((a, b) => (pickupWeights[b] ?? 0) - (pickupWeights[a] ?? 0) || a - b)
  const [busiest, second, third] = ranked as [number, number, number]
  pickupWeights[third] = pickupWeights[second] ?? 0
  const candidates = TAXI_ZONES.map((zone) => zone.locationId).filter(
    (id) => id < UNKNOWN_ZONE && !ZONES_WITHOUT_TRIPS.includes(id) && id !== PLANTED_PICKUP_ZONE,
  )
  const firstTied = random.pick(candidates)
  const secondTied = random.pick(candidates.filter((id) => id !== firstTied))
  const plan: TableZonePlan = {
    pickupWeights,
    dropoffChoice: new WeightedChoice([...dropoffWeights]),
    tiedPickupZones: [second, third],
    busiestPickupZone: busiest,
    tiedPlantedDropoffZones: [firstTied, secondTied],
  }
  zonePlanCache.set(key, plan)
  return plan
}

/**
 * Exact pickup counts per zone for one month: floor of the zone's share, the remainder to the
 * busiest zone. Equal weights therefore give exactly equal counts — the planted top-N tie.
 */
function pickupDeck(plan: TableZonePlan, trips: number, random: SeededRandom): Int16Array {
  const total = plan.pickupWeights.reduce((sum, weight) => sum + weight, 0)
  const deck = new Int16Array(trips)
  let filled = 0
  plan.pickupWeights.forEach((weight, locationId) => {
    const count = Math.floor((trips * weight) / total)
    deck.fill(locationId, filled, filled + count)
    filled += count
  })
  deck.fill(plan.busiestPickupZone, filled)
  return random.shuffle(deck)
}

function zoneDistanceMiles(pickup: number, dropoff: number, random: SeededRandom): number {
  const from = ZONE_POSITIONS[pickup - 1]
  const to = ZONE_POSITIONS[dropoff - 1]
  if (pickup === dropoff || !from || !to) return 0.3 + random.float() * (from && to ? 2.2 : 12)
  const straight = Math.abs(from.x - to.x) + Math.abs(from.y - to.y)
  return Math.max(0.4, straight * (0.95 + 0.25 * random.float()))
}

// ---------------------------------------------------------------------------------------------
// Trips

/** One trip before it becomes a row of a given table; money and distance in hundredths. */
interface Trip {
  vendorId: number | null
  pickup: number
  dropoff: number | null
  passengerCount: number | null
  distance: number | null
  ratecodeId: number | null
  storeAndForward: string | null
  pickupZone: number | null
  dropoffZone: number | null
  paymentType: number | null
  fare: number | null
  extra: number | null
  mtaTax: number | null
  tip: number | null
  tolls: number | null
  improvementSurcharge: number | null
  congestionSurcharge: number | null
  tripType: number | null
  baseNumber: string
  affiliatedBaseNumber: string | null
  sharedRide: number | null
}

const FHV_BASES = Array.from({ length: 48 }, (_, index) => `B0${String(2000 + ((index * 7919) % 1000)).padStart(4, '0')}`)
const FHV_BASE_CHOICE = new WeightedChoice(FHV_BASES.map((_, index) => 1 / (1 + index * 0.35)))

function roundToHalfDollar(cents: number) {
  return Math.round(cents / 50) * 50
}

function pickWeighted<T>(random: SeededRandom, options: readonly (readonly [T, number])[]): T {
  let target = random.float() * options.reduce((sum, [, weight]) => sum + weight, 0)
  for (const [value, weight] of options) {
    target -= weight
    if (target < 0) return value
  }
  return options[options.length - 1]![0]
}

const PASSENGERS = [[1, 71], [2, 14], [3, 4], [4, 2], [5, 4], [6, 2.5], [0, 1.5]] as const
const YELLOW_PAYMENTS = [[1, 70], [2, 27.4], [3, 1.3], [4, 0.9], [6, 0.05]] as const
const GREEN_PAYMENTS = [[1, 52], [2, 45.5], [3, 1.3], [4, 0.9], [5, 0.3]] as const

interface TripContext {
  table: TripTable
  random: SeededRandom
  plan: TableZonePlan
}

function sampleTrip(context: TripContext, pickup: number, pickupZone: number | null): Trip {
  const { table, random, plan } = context
  const dropoffIndex = plan.dropoffChoice.pickIndex(random)
  let dropoffZone: number | null = dropoffIndex === 0 ? null : dropoffIndex
  if (pickupZone !== null && table !== 'fhv_tripdata' && random.chance(0.12)) dropoffZone = pickupZone
  const hour = hourOfDay(pickup)
  const weekend = dayOfWeek(pickup) === 0 || dayOfWeek(pickup) === 6
  const miles =
    pickupZone !== null && dropoffZone !== null
      ? zoneDistanceMiles(pickupZone, dropoffZone, random)
      : 1 + random.float() * 9
  const speed = (SPEED_BY_HOUR[hour] ?? 12) * (weekend ? 1.15 : 1) * (0.7 + 0.6 * random.float())
  const seconds = Math.round((miles / speed) * HOUR + 60 + random.int(0, 240))
  const distance = random.chance(0.012) ? 0 : Math.round(miles * 100)
  const trip: Trip = {
    vendorId: table === 'green_tripdata' ? (random.chance(0.18) ? 1 : 2) : pickWeighted(random, [[1, 35], [2, 64], [4, 1]]),
    pickup,
    dropoff: pickup + seconds,
    passengerCount: pickWeighted(random, PASSENGERS),
    distance,
    ratecodeId: 1,
    storeAndForward: random.chance(0.008) ? 'Y' : 'N',
    pickupZone,
    dropoffZone,
    paymentType: pickWeighted(random, table === 'green_tripdata' ? GREEN_PAYMENTS : YELLOW_PAYMENTS),
    fare: 0,
    extra: 0,
    mtaTax: 50,
    tip: 0,
    tolls: 0,
    improvementSurcharge: 30,
    congestionSurcharge: 0,
    tripType: 1,
    baseNumber: FHV_BASES[FHV_BASE_CHOICE.pickIndex(random)] ?? 'B02000',
    affiliatedBaseNumber: null,
    sharedRide: random.chance(0.08) ? 1 : null,
  }
  trip.affiliatedBaseNumber = pickWeighted(random, [
    [trip.baseNumber, 80],
    [FHV_BASES[random.int(0, FHV_BASES.length - 1)] ?? null, 12],
    [null, 8],
  ])
  if (table === 'green_tripdata' && random.chance(0.06)) trip.tripType = 2
  const touchesJfkFromManhattan =
    (pickupZone === JFK_AIRPORT && dropoffZone !== null && isManhattan(dropoffZone)) ||
    (dropoffZone === JFK_AIRPORT && pickupZone !== null && isManhattan(pickupZone))
  if (touchesJfkFromManhattan) trip.ratecodeId = 2
  else if (dropoffZone === NEWARK_AIRPORT) trip.ratecodeId = 3
  else if (trip.tripType === 2 || random.chance(0.004)) trip.ratecodeId = 5
  else if (random.chance(0.002)) trip.ratecodeId = 4
  else if (random.chance(0.0004)) trip.ratecodeId = 99
  priceTrip(trip, random, table)
  return trip
}

/** The 2019 meter: $2.50 + $2.50/mile + 50¢ per slow minute, surcharges and tips on top. */
function priceTrip(trip: Trip, random: SeededRandom, table: TripTable) {
  const minutes = ((trip.dropoff ?? trip.pickup) - trip.pickup) / 60
  const miles = (trip.distance ?? 0) / 100
  const hour = hourOfDay(trip.pickup)
  const weekday = dayOfWeek(trip.pickup) >= 1 && dayOfWeek(trip.pickup) <= 5
  let fare = roundToHalfDollar(250 + 250 * miles + 50 * minutes * 0.3 * random.float())
  if (trip.ratecodeId === 2) fare = 5200
  if (trip.ratecodeId === 3) fare += 1750
  if (trip.ratecodeId === 5) fare = 1000 + random.int(0, 80) * 100
  trip.fare = fare
  trip.extra = trip.ratecodeId === 2 ? 0 : hour >= 20 || hour < 6 ? 50 : weekday && hour >= 16 && hour < 20 ? 100 : 0
  const crossesBoroughs =
    trip.pickupZone !== null &&
    trip.dropoffZone !== null &&
    zoneById(trip.pickupZone).borough !== zoneById(trip.dropoffZone).borough
  trip.tolls = crossesBoroughs && random.chance(0.35) ? 612 : 0
  const congestion = table === 'green_tripdata' ? 275 : 250
  const inCongestionZone =
    (trip.pickupZone !== null && isCongestionZone(trip.pickupZone)) ||
    (trip.dropoffZone !== null && isCongestionZone(trip.dropoffZone))
  trip.congestionSurcharge = inCongestionZone ? congestion : 0
  if (trip.paymentType === 1) {
    // Card tips: some nothing, most 10–30 %, people round to the cent.
    const share = random.chance(0.12) ? 0 : 0.1 + 0.2 * random.float()
    trip.tip = Math.round(((trip.fare ?? 0) + (trip.extra ?? 0)) * share)
  }
  if (trip.paymentType === 3 && random.chance(0.5)) {
    trip.fare = 0 // "no charge": the meter was not run
    trip.extra = 0
  }
  if ((trip.paymentType === 3 || trip.paymentType === 4) && random.chance(0.25)) negateAmounts(trip)
}

/** Refunded and disputed trips appear in the TLC files with every amount negative. */
function negateAmounts(trip: Trip) {
  for (const key of ['fare', 'extra', 'mtaTax', 'tip', 'tolls', 'improvementSurcharge', 'congestionSurcharge'] as const) {
    const value = trip[key]
    if (value !== null && value !== 0) trip[key] = -value
  }
}

/** Rows the real files have where the vendor sent nothing but the trip: vendor, rate, payment… empty. */
function blankVendorFields(trip: Trip) {
  trip.vendorId = null
  trip.passengerCount = null
  trip.ratecodeId = null
  trip.storeAndForward = null
  trip.paymentType = null
  trip.congestionSurcharge = null
  trip.tripType = null
}

function totalAmount(trip: Trip): number | null {
  if (trip.fare === null) return null
  return (
    trip.fare +
    (trip.extra ?? 0) +
    (trip.mtaTax ?? 0) +
    (trip.tip ?? 0) +
    (trip.tolls ?? 0) +
    (trip.improvementSurcharge ?? 0) +
    (trip.congestionSurcharge ?? 0)
  )
}

function tripToRow(table: TripTable, trip: Trip): Row {
  if (table === 'fhv_tripdata') {
    return [trip.baseNumber, trip.pickup, trip.dropoff, trip.pickupZone, trip.dropoffZone, trip.sharedRide, trip.affiliatedBaseNumber]
  }
  const total = totalAmount(trip)
  if (table === 'yellow_tripdata') {
    return [
      trip.vendorId, trip.pickup, trip.dropoff, trip.passengerCount, trip.distance, trip.ratecodeId, trip.storeAndForward,
      trip.pickupZone, trip.dropoffZone, trip.paymentType, trip.fare, trip.extra, trip.mtaTax, trip.tip, trip.tolls,
      trip.improvementSurcharge, total, trip.congestionSurcharge,
    ]
  }
  return [
    trip.vendorId, trip.pickup, trip.dropoff, trip.storeAndForward, trip.ratecodeId, trip.pickupZone, trip.dropoffZone,
    trip.passengerCount, trip.distance, trip.fare, trip.extra, trip.mtaTax, trip.tip, trip.tolls,
    null, // ehail_fee: empty in every real 2019 green file
    trip.improvementSurcharge, total, trip.paymentType, trip.tripType, trip.congestionSurcharge,
  ]
}

// ---------------------------------------------------------------------------------------------
// Planted edge cases

/** Natural trip distances stay below this; the planted longest trips are above it. */
const NATURAL_MAX_MILES = 48

interface PlantedTrip {
  pickup: string
  dropoff: string
  /** What the row is there for (docs/datasets.md lists them). */
  reason: string
  adjust?: (trip: Trip, random: SeededRandom) => void
}

function plantedTrips(random: SeededRandom): PlantedTrip[] {
  // The longest trip of the table, equal on two different days (which days depends on the seed).
  const longestMiles = Math.round((NATURAL_MAX_MILES + 10 + random.float() * 40) * 100)
  const firstLongDay = random.int(2, 14)
  const secondLongDay = random.int(16, 29)
  const longTrip = (trip: Trip) => {
    trip.distance = longestMiles
    trip.ratecodeId = 1
    trip.fare = roundToHalfDollar(250 + 250 * (longestMiles / 100))
  }
  return [
    { pickup: '2019-10-01 00:00:00', dropoff: '2019-10-02 00:00:00', reason: 'starts at midnight of a month, ends a day later' },
    { pickup: '2019-10-31 23:59:59', dropoff: '2019-11-01 00:20:00', reason: 'crosses a month boundary' },
    { pickup: '2019-09-30 23:45:00', dropoff: '2019-10-01 00:00:00', reason: 'ends exactly at midnight of a month' },
    { pickup: '2019-11-30 23:59:59', dropoff: '2019-12-01 00:10:00', reason: 'ends after the dataset does' },
    { pickup: '2019-10-18 00:00:00', dropoff: '2019-10-18 00:12:00', reason: 'first second of a day' },
    { pickup: '2019-10-19 00:00:00', dropoff: '2019-10-19 00:09:00', reason: 'midnight after that day: BETWEEN includes it' },
    { pickup: `2019-10-${String(firstLongDay).padStart(2, '0')} 14:10:00`, dropoff: `2019-10-${String(firstLongDay).padStart(2, '0')} 16:40:00`, reason: 'longest trip, first of two days', adjust: longTrip },
    { pickup: `2019-10-${String(secondLongDay).padStart(2, '0')} 09:30:00`, dropoff: `2019-10-${String(secondLongDay).padStart(2, '0')} 12:05:00`, reason: 'longest trip, second of two days', adjust: longTrip },
    {
      pickup: '2019-10-07 13:00:00', dropoff: '2019-10-07 13:20:00', reason: 'zero fare',
      adjust: (trip) => Object.assign(trip, { fare: 0, extra: 0, tip: 0, tolls: 0, paymentType: 3 }),
    },
    {
      pickup: '2019-10-08 13:00:00', dropoff: '2019-10-08 13:25:00', reason: 'negative fare (refund)',
      adjust: (trip) => { trip.paymentType = 4; trip.tip = 0; negateAmounts(trip) },
    },
    { pickup: '2019-10-09 18:30:00', dropoff: '2019-10-09 18:50:00', reason: 'passenger_count 0, distance 0', adjust: (trip) => Object.assign(trip, { passengerCount: 0, distance: 0 }) },
  ]
}

/** How often each planted trip is written: the first one twice, as an exact duplicate row. */
const DUPLICATED_PLANTED_TRIP = 0

function plantedRowsForMonth(table: TripTable, month: TripMonth, seed: number): Row[] {
  const plan = tableZonePlan(table, seed)
  const random = SeededRandom.forStream(seed, table, 'planted')
  const context: TripContext = { table, random, plan }
  const [tieA, tieB] = plan.tiedPlantedDropoffZones
  const others = TAXI_ZONES.map((zone) => zone.locationId).filter(
    (id) => id !== tieA && id !== tieB && id < UNKNOWN_ZONE && !ZONES_WITHOUT_TRIPS.includes(id) && id !== PLANTED_PICKUP_ZONE,
  )
  const rows: { month: string; row: Row }[] = []
  const planted = plantedTrips(random)
  // Drop-offs of the trips from PLANTED_PICKUP_ZONE (the duplicate counts twice): A ×4, B ×4, then
  // one each elsewhere — so "top 2 drop-off zones from Randalls Island" is a tie on both variants.
  const dropoffs = [tieA, tieA, tieA, tieB, tieB, tieB, tieB, ...random.shuffle([...others]).slice(0, planted.length)]
  planted.forEach((spec, index) => {
    const pickup = wallClock(spec.pickup)
    const trip = sampleTrip(context, pickup, PLANTED_PICKUP_ZONE)
    trip.dropoff = wallClock(spec.dropoff)
    trip.dropoffZone = dropoffs[index] ?? tieB
    trip.pickupZone = PLANTED_PICKUP_ZONE
    if (trip.vendorId === null) trip.vendorId = 2
    trip.passengerCount ??= 1
    spec.adjust?.(trip, random)
    const row = tripToRow(table, trip)
    const rowMonth = spec.pickup.slice(0, 7)
    rows.push({ month: rowMonth, row })
    if (index === DUPLICATED_PLANTED_TRIP) rows.push({ month: rowMonth, row: [...row] })
  })
  // One row with every nullable column empty.
  const empty = sampleTrip(context, wallClock('2019-10-10 10:10:10'), null)
  for (const key of Object.keys(empty) as (keyof Trip)[]) {
    if (key !== 'pickup' && key !== 'baseNumber') (empty as unknown as Record<string, unknown>)[key] = null
  }
  if (table !== 'fhv_tripdata') empty.dropoff = wallClock('2019-10-10 10:30:00')
  rows.push({ month: '2019-10', row: tripToRow(table, empty) })
  // Datasets cover September–November, but a few planted rows fall on 2019-08-31 or 2019-12-01 in
  // time order; they belong to the file of the month their natural neighbours are in.
  return rows.filter((entry) => entry.month === month || (month === '2019-11' && entry.month > '2019-11') || (month === '2019-09' && entry.month < '2019-09')).map((entry) => entry.row)
}

// ---------------------------------------------------------------------------------------------
// Months

function naturalTripCount(table: TripTable, month: TripMonth, options: GenerateOptions): number {
  const random = SeededRandom.forStream(options.seed, table, month, 'count')
  return Math.round(TRIPS_PER_MONTH[options.size][table] * (0.93 + 0.14 * random.float()))
}

/** Rows one month's file of a trip table holds (natural and planted). */
export function plannedRowCount(table: TripTable, month: TripMonth, options: GenerateOptions): number {
  return naturalTripCount(table, month, options) + plantedRowsForMonth(table, month, options.seed).length
}

export function plannedTableRowCount(table: TripTable, options: GenerateOptions): number {
  return TRIP_MONTHS.reduce((sum, month) => sum + plannedRowCount(table, month, options), 0)
}

function hourSlotChoice(table: TripTable, month: TripMonth, seed: number) {
  const { start, days } = monthBounds(month)
  const random = SeededRandom.forStream(seed, table, month, 'days')
  const weights: number[] = []
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * DAY
    const weekday = dayOfWeek(dayStart)
    const hours = weekday === 0 || weekday === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS
    // Weather, events, holidays: each day is busier or quieter by up to ±15 %, differently per seed.
    const dayNoise = 0.85 + 0.3 * random.float()
    for (const demand of hours) weights.push(demand * (WEEKDAY_DEMAND[weekday] ?? 1) * dayNoise)
  }
  return { start, choice: new WeightedChoice(weights) }
}

/** The rows of one month's file of a trip table, in file order. */
export function* generateTripRows(table: TripTable, month: TripMonth, options: GenerateOptions): Generator<Row> {
  const plan = tableZonePlan(table, options.seed)
  const random = SeededRandom.forStream(options.seed, table, month, 'trips')
  const trips = naturalTripCount(table, month, options)
  const deck = pickupDeck(plan, trips, random)
  const slots = hourSlotChoice(table, month, options.seed)
  const context: TripContext = { table, random, plan }
  const vendorlessShare = table === 'green_tripdata' ? 0.03 : 0.015
  for (let index = 0; index < trips; index++) {
    let pickup = slots.start + slots.choice.pickIndex(random) * HOUR + random.int(0, HOUR - 1)
    const pickupZone = deck[index] ?? 0
    const trip = sampleTrip(context, pickup, pickupZone === 0 ? null : pickupZone)
    if (table !== 'fhv_tripdata' && random.chance(vendorlessShare)) blankVendorFields(trip)
    if (table === 'fhv_tripdata' && random.chance(0.004)) trip.dropoff = null
    // Dirty rows as in the real files: a clock stuck in 2008/2009, a trip from the last evening of
    // the previous month, a drop-off before the pick-up.
    const dirt = random.float()
    if (dirt < 0.0002) pickup = wallClock('2008-12-31 23:00:00') + random.int(0, 2 * HOUR)
    else if (dirt < 0.0008) pickup = slots.start - random.int(1, 3 * HOUR)
    if (pickup !== trip.pickup) {
      if (trip.dropoff !== null) trip.dropoff += pickup - trip.pickup
      trip.pickup = pickup
    }
    if (trip.dropoff !== null && random.chance(0.0003)) trip.dropoff = trip.pickup - random.int(60, 600)
    if (trip.distance !== null && trip.distance > NATURAL_MAX_MILES * 100) trip.distance = NATURAL_MAX_MILES * 100 - random.int(0, 500)
    yield tripToRow(table, trip)
  }
  yield* plantedRowsForMonth(table, month, options.seed)
}

/** Every row of a trip table, month after month. */
export function* generateTripTableRows(table: TripTable, options: GenerateOptions): Generator<Row> {
  for (const month of TRIP_MONTHS) yield* generateTripRows(table, month, options)
}

export function* generateZoneRows(): Generator<Row> {
  for (const zone of TAXI_ZONES) yield [zone.locationId, zone.borough, zone.zone, zone.serviceZone]
}

/** What the planted edge cases of a seed are, for tests and for authors writing questions. */
export function plantedFacts(table: TripTable, seed: number) {
  const plan = tableZonePlan(table, seed)
  return {
    tiedPickupZones: plan.tiedPickupZones,
    tiedPlantedDropoffZones: plan.tiedPlantedDropoffZones,
    plantedPickupZone: PLANTED_PICKUP_ZONE,
    zonesWithoutTrips: ZONES_WITHOUT_TRIPS,
    naturalMaxMiles: NATURAL_MAX_MILES,
  }
}

export { TRIP_TABLES }
