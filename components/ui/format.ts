/** A date as the reader expects it, e.g. "13 Jan 2027", in the given IANA time zone. */
export function formatDate(date: Date, timeZone = 'UTC') {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date)
}

/** Day and month alone, e.g. "11 Jan", for dates inside a course's own year. */
export function formatDayMonth(date: Date, timeZone = 'UTC') {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone }).format(date)
}

/** A date and time with its zone, e.g. "27 Jan 2027, 23:00 CET". */
export function formatDateTime(date: Date, timeZone = 'UTC') {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date)
}

/** Points as a learner reads them: whole numbers bare, fractions to one decimal. */
export function formatPoints(points: number) {
  return Number.isInteger(points) ? String(points) : points.toFixed(1)
}
