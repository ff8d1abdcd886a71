// Byte counts the way BigQuery's console shows them: binary units labelled B, KB, MB, GB, TB, two
// decimals ("This query will process 155.12 MB when run" is 162,656,… bytes / 2^20).

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B'
  let unit = 0
  let value = bytes
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${UNITS[unit]}`
}

/** The sentence BigQuery's editor shows before a run. */
export function estimateSentence(bytes: number): string {
  return `This query will process ${formatBytes(bytes)} when run.`
}
