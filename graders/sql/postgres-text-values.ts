// Type-aware reading of PostgreSQL text output, so that two results that mean the same thing compare
// equal even when they are spelled differently ('1.50' vs '1.5', '…00:00:00' vs '…00:00:00.000',
// a timestamptz in another session time zone, count(*)::numeric vs bigint).
// Values arrive as PostgreSQL's text output format (DateStyle ISO, IntervalStyle postgres).

/** PostgreSQL type OIDs (src/include/catalog/pg_type.dat). */
export const typeOids = {
  bool: 16,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
} as const

/** How a column's values are compared. Columns of the same class compare by meaning, not spelling. */
export type ValueClass =
  | 'integer'
  | 'decimal'
  | 'float'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'time'
  | 'interval'
  | 'padded-text'
  | 'text'

export function valueClassOf(typeOid: number): ValueClass {
  switch (typeOid) {
    case typeOids.int2:
    case typeOids.int4:
    case typeOids.int8:
    case typeOids.oid:
      return 'integer'
    case typeOids.numeric:
      return 'decimal'
    case typeOids.float4:
    case typeOids.float8:
      return 'float'
    case typeOids.bool:
      return 'boolean'
    case typeOids.date:
      return 'date'
    case typeOids.timestamp:
      return 'timestamp'
    case typeOids.timestamptz:
      return 'timestamptz'
    case typeOids.time:
    case typeOids.timetz:
      return 'time'
    case typeOids.interval:
      return 'interval'
    case typeOids.bpchar:
      return 'padded-text'
    default:
      return 'text'
  }
}

export function isNumberClass(valueClass: ValueClass): boolean {
  return valueClass === 'integer' || valueClass === 'decimal' || valueClass === 'float'
}

/**
 * Canonical decimal spelling of a number in PostgreSQL text output: no '+', no leading zeros, no
 * trailing fractional zeros, '-0' is '0'. Exponent forms (float output such as '1e+20') are expanded
 * through Number, which is exact enough for floats (they are doubles already). Returns null when
 * the text is not a number ('NaN', 'Infinity' are kept as they are by the caller).
 */
export function canonicalDecimal(text: string): string | null {
  const trimmed = text.trim()
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(trimmed)
  if (!match) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(trimmed)) {
      // Float output switches to exponents outside 1e-4..1e15; JS spells the same double plainly where it can.
      const value = Number(trimmed)
      if (!Number.isFinite(value)) return null
      const plain = String(value)
      return plain.includes('e') ? plain : canonicalDecimal(plain)
    }
    return null
  }
  const [, sign, whole = '', fraction = ''] = match
  if (whole === '' && fraction === '') return null
  const integerPart = whole.replace(/^0+/, '') || '0'
  const fractionPart = fraction.replace(/0+$/, '')
  const body = fractionPart ? `${integerPart}.${fractionPart}` : integerPart
  return body === '0' || sign !== '-' ? body : `-${body}`
}

const SPECIAL_NUMBERS: Record<string, number> = {
  nan: Number.NaN,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
  inf: Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
}

export function parseNumber(text: string): number {
  const special = SPECIAL_NUMBERS[text.trim().toLowerCase()]
  return special ?? Number(text)
}

/**
 * a ≈ b: relative tolerance, and the same tolerance as an absolute bound so that values near zero
 * (where a relative bound shrinks to nothing) still match. NaN equals NaN, as in PostgreSQL's sort order.
 */
export function numbersClose(a: number, b: number, tolerance: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b)
  if (a === b) return true
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false
  const difference = Math.abs(a - b)
  return difference <= tolerance || difference <= tolerance * Math.max(Math.abs(a), Math.abs(b))
}

function padFraction(fraction: string | undefined): string {
  return (fraction ?? '').padEnd(6, '0').slice(0, 6)
}

const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?( BC)?$/
const TIMESTAMPTZ = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?([+-])(\d\d)(?::?(\d\d))?(?::(\d\d))?( BC)?$/
const TIME = /^(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?([+-]\d\d(?::?\d\d){0,2})?$/

/** 'YYYY-MM-DD HH:MM:SS.ffffff' — dates become midnight so that a date and a timestamp can be compared. */
function canonicalTimestamp(text: string): string {
  const match = TIMESTAMP.exec(text.trim())
  if (!match) return text.trim().toLowerCase()
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction, bc = ''] = match
  return `${year}-${month}-${day} ${hour}:${minute}:${second}.${padFraction(fraction)}${bc}`
}

function canonicalDate(text: string): string {
  return canonicalTimestamp(text)
}

/** A timestamptz is an instant: compare the UTC microsecond, whatever the session's time zone was. */
function canonicalTimestamptz(text: string): string {
  const match = TIMESTAMPTZ.exec(text.trim())
  if (!match || match[12]) return text.trim().toLowerCase()
  const [, year, month, day, hour, minute, second = '00', fraction, sign, offsetHours, offsetMinutes = '00', offsetSeconds = '00'] =
    match
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second))
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * (sign === '-' ? -1 : 1)
  const utcMillis = local - offset * 1000
  return `${BigInt(utcMillis) * 1000n + BigInt(padFraction(fraction))}`
}

function canonicalTime(text: string): string {
  const match = TIME.exec(text.trim())
  if (!match) return text.trim()
  const [, hour, minute, second = '00', fraction, zone = ''] = match
  return `${hour}:${minute}:${second}.${padFraction(fraction)}${zone}`
}

const INTERVAL_PART = /([+-]?\d+)\s+(years?|mons?|days?)|([+-])?(\d+):(\d\d)(?::(\d\d)(?:\.(\d+))?)?/gy

/**
 * Interval text (IntervalStyle postgres: '1 year 2 mons -3 days +04:05:06.5') as total microseconds
 * with 30-day months and 24-hour days — the same equivalence PostgreSQL's interval '=' uses.
 */
function canonicalInterval(text: string): string {
  const source = text.trim()
  if (source === '') return source
  let months = 0n
  let days = 0n
  let micros = 0n
  let index = 0
  INTERVAL_PART.lastIndex = 0
  while (index < source.length) {
    while (source[index] === ' ') index++
    if (index >= source.length) break
    INTERVAL_PART.lastIndex = index
    const match = INTERVAL_PART.exec(source)
    if (!match) return source
    const [, amount, unit, sign, hours, minutes, seconds = '0', fraction] = match
    if (amount !== undefined && unit !== undefined) {
      const value = BigInt(amount)
      if (unit.startsWith('year')) months += value * 12n
      else if (unit.startsWith('mon')) months += value
      else days += value
    } else {
      const magnitude =
        (BigInt(hours ?? '0') * 3600n + BigInt(minutes ?? '0') * 60n + BigInt(seconds)) * 1_000_000n + BigInt(padFraction(fraction))
      micros += sign === '-' ? -magnitude : magnitude
    }
    index = INTERVAL_PART.lastIndex
  }
  if (/\bago$/.test(source)) return source
  return `${(months * 30n + days) * 86_400_000_000n + micros}`
}

function canonicalBoolean(text: string): string {
  const lower = text.trim().toLowerCase()
  if (lower === 't' || lower === 'true') return 'true'
  if (lower === 'f' || lower === 'false') return 'false'
  return lower
}

/**
 * One spelling per meaning, for exact comparison, hashing and sorting. Floats and decimals are not
 * rounded here: tolerance is applied pairwise by `valuesEqual`.
 */
export function canonicalValue(text: string, valueClass: ValueClass): string {
  switch (valueClass) {
    case 'integer':
    case 'decimal':
    case 'float': {
      const special = SPECIAL_NUMBERS[text.trim().toLowerCase()]
      if (special !== undefined) return String(special)
      return canonicalDecimal(text) ?? text
    }
    case 'boolean':
      return canonicalBoolean(text)
    case 'date':
      return canonicalDate(text)
    case 'timestamp':
      return canonicalTimestamp(text)
    case 'timestamptz':
      return canonicalTimestamptz(text)
    case 'time':
      return canonicalTime(text)
    case 'interval':
      return canonicalInterval(text)
    case 'padded-text':
      // char(n) pads with spaces, and PostgreSQL ignores trailing spaces when comparing char(n).
      return text.replace(/ +$/, '')
    case 'text':
      return text
  }
}

/**
 * The class two columns are compared in. Different numeric types meet as numbers (an integer-only
 * pair stays exact); a date meets a timestamp at midnight; anything else mismatched compares the text.
 */
export function comparisonClass(expected: ValueClass, actual: ValueClass): ValueClass {
  if (expected === actual) return expected
  if (isNumberClass(expected) && isNumberClass(actual)) return expected === 'float' || actual === 'float' ? 'float' : 'decimal'
  const dateLike = new Set<ValueClass>(['date', 'timestamp'])
  if (dateLike.has(expected) && dateLike.has(actual)) return 'timestamp'
  if ((expected === 'padded-text' && actual === 'text') || (expected === 'text' && actual === 'padded-text')) return 'padded-text'
  return 'text'
}

/** Whether the class takes the float tolerance (integers never do: counts must be exact). */
export function usesTolerance(valueClass: ValueClass): boolean {
  return valueClass === 'decimal' || valueClass === 'float'
}

/** NULL equals NULL for grading: a learner who returns the reference's NULLs is right. */
export function valuesEqual(expected: string | null, actual: string | null, valueClass: ValueClass, tolerance: number): boolean {
  if (expected === null || actual === null) return expected === actual
  if (expected === actual) return true
  const expectedCanonical = canonicalValue(expected, valueClass)
  const actualCanonical = canonicalValue(actual, valueClass)
  if (expectedCanonical === actualCanonical) return true
  if (usesTolerance(valueClass) && tolerance > 0) {
    return numbersClose(parseNumber(expected), parseNumber(actual), tolerance)
  }
  return false
}

/** Orders canonical values of one class: numbers numerically (so near-equal values sit side by side), others by code point. */
export function compareCanonical(a: string | null, b: string | null, valueClass: ValueClass): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1
  if (isNumberClass(valueClass)) {
    const difference = parseNumber(a) - parseNumber(b)
    if (difference < 0) return -1
    if (difference > 0) return 1
    if (Number.isNaN(difference)) {
      const aNaN = Number.isNaN(parseNumber(a))
      const bNaN = Number.isNaN(parseNumber(b))
      if (aNaN !== bNaN) return aNaN ? 1 : -1
    }
  }
  return a < b ? -1 : a > b ? 1 : 0
}
