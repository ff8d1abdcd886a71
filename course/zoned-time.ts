// Course dates are written as wall-clock time in the course's IANA zone unless they carry an offset.
// Converting needs the zone's UTC offset at that instant, which Intl can tell us without a library.

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:\d{2})?$/

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** Milliseconds to add to UTC to get wall-clock time in `timeZone` at the instant `utcMs`. */
function zoneOffsetAt(utcMs: number, timeZone: string) {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const wallClockAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return wallClockAsUtc - Math.floor(utcMs / 1000) * 1000
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` and the same with `Z`/`±HH:MM`. Without an offset the
 * value is wall-clock time in `timeZone` (a date alone means its midnight). A time skipped by a daylight-saving
 * change moves forward by the gap (02:30 → 03:30); a repeated one means its first occurrence.
 */
export function parseCourseDateTime(value: string, timeZone: string): Date {
  const match = dateTimePattern.exec(value)
  if (!match) throw new RangeError(`Not a course date or date-time: "${value}"`)
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number, number, number, number, number, number,
  ]
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second)
  const offset = match[7]
  if (offset === 'Z') return new Date(wallClockAsUtc)
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1
    const [offsetHours, offsetMinutes] = offset.slice(1).split(':').map(Number) as [number, number]
    return new Date(wallClockAsUtc - sign * (offsetHours * 60 + offsetMinutes) * 60_000)
  }
  // Near a daylight-saving change the zone has two offsets: try the ones a day before and after, and keep
  // those that map back to the written wall-clock time.
  const oneDay = 86_400_000
  const offsets = [zoneOffsetAt(wallClockAsUtc - oneDay, timeZone), zoneOffsetAt(wallClockAsUtc + oneDay, timeZone)]
  const exact = offsets
    .map((offsetMs) => wallClockAsUtc - offsetMs)
    .filter((instant) => instant + zoneOffsetAt(instant, timeZone) === wallClockAsUtc)
  // In an overlap both are exact: take the earlier instant. In a gap neither is: move forward, as clocks do.
  return new Date(exact.length > 0 ? Math.min(...exact) : wallClockAsUtc - Math.min(...offsets))
}
