// compare.table_layout: after a CREATE TABLE answer, the table itself — its columns, partitioning and
// clustering — must be the reference's. The byte estimate cannot tell (BigQuery's dry run ignores
// clustering, and a table cut down to the columns a check query reads estimates the same bytes).
// The message describes the learner's table only: the expected layout is the answer.
import type { TableLayout } from './local-engine.ts'

export type TableLayoutComparison = { equal: true } | { equal: false; message: string }

function listed(names: string[]): string {
  const shown = names.slice(0, 5).join(', ')
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown
}

function describePartitioning(layout: TableLayout): string {
  if (!layout.partitioning) return 'not partitioned'
  return `partitioned by ${layout.partitioning.unit.toLowerCase()} on ${layout.partitioning.column}`
}

function describeClustering(layout: TableLayout): string {
  return layout.clustering.length === 0 ? 'not clustered' : `clustered on ${layout.clustering.join(', ')}`
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export function compareTableLayout(expected: TableLayout, actual: TableLayout): TableLayoutComparison {
  const missing = expected.columns.filter((column) => !actual.columns.some((other) => same(other.name, column.name))).map((column) => column.name)
  if (missing.length > 0) return { equal: false, message: `Your table lacks columns of the trips it is made from: ${listed(missing)}. Keep every column.` }
  const extra = actual.columns.filter((column) => !expected.columns.some((other) => same(other.name, column.name))).map((column) => column.name)
  if (extra.length > 0) return { equal: false, message: `Your table has columns the trips do not have: ${listed(extra)}.` }
  const retyped = actual.columns.filter((column) => expected.columns.some((other) => same(other.name, column.name) && other.type !== column.type)).map((column) => `${column.name} (${column.type})`)
  if (retyped.length > 0) return { equal: false, message: `Your table changes the type of ${listed(retyped)}: keep the trips' types.` }

  const partitioned = expected.partitioning
  const samePartitioning =
    partitioned === null ? actual.partitioning === null : actual.partitioning !== null && same(actual.partitioning.column, partitioned.column) && actual.partitioning.unit === partitioned.unit
  if (!samePartitioning) {
    return { equal: false, message: `Your table is ${describePartitioning(actual)}: that does not suit the queries it is made for. Which column do they filter on, and how finely?` }
  }
  const sameClustering = actual.clustering.length === expected.clustering.length && actual.clustering.every((name, index) => same(name, expected.clustering[index]!))
  if (!sameClustering) {
    return { equal: false, message: `Your table is ${describeClustering(actual)}: that does not suit the queries it is made for. Which column do they sort or filter by within a partition?` }
  }
  return { equal: true }
}
