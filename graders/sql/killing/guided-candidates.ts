// Constraint-guided candidate databases (issue 16, part 2), for the mutants random candidates
// (candidate-databases.ts) leave alive. Random rows rarely meet every condition of a query at once
// while sitting exactly on one condition's boundary — a trip of payment type 6 at midnight on the
// first day — and that row is what tells `>=` from `>`, a shifted date or a BETWEEN that drops the
// last day apart. So each row of a random candidate is solved: its columns are set to values that
// meet every condition of one SELECT of the query (predicate-constraints.ts), then, often, one
// column is moved onto a boundary: a constant the query or a mutant compares it with, one step
// below or above it, midday and the last second of a date's day, or NULL. Solved rows are repeated
// now and then, so groups differ in size (ORDER BY count … LIMIT needs no ties to be sound).
import { SeededRandom } from '../../../datasets/random.ts'
import type { KillingDatabase } from '../../../course/killing-data.ts'
import type { CandidateGenerator } from './candidate-databases.ts'
import {
  type ColumnConstraint,
  columnKey,
  type ColumnRef,
  type ConstraintScope,
  type ConstraintValue,
  type PredicateConstraints,
} from './predicate-constraints.ts'

const SECOND = 1000
const HOUR = 3600 * SECOND
const DAY = 24 * HOUR

type Cell = string | number | null

/** The smallest step of a column's values in the candidates. */
function stepOf(ref: ColumnRef): number {
  if (ref.kind === 'timestamp') return SECOND
  if (ref.kind === 'integer') return 1
  return 0.01
}

function meets(value: ConstraintValue, constraint: ColumnConstraint): boolean {
  if (constraint.isNull === true) return false
  if (constraint.zoneIds && !constraint.zoneIds.includes(Number(value))) return false
  if (!constraint.oneOf.every((list) => list.includes(value))) return false
  return constraint.comparisons.every(({ operator, value: bound }) => {
    switch (operator) {
      case '<':
        return value < bound
      case '<=':
        return value <= bound
      case '>':
        return value > bound
      case '>=':
        return value >= bound
      case '=':
        return value === bound
      case '<>':
        return value !== bound
    }
  })
}

function cellOf(ref: ColumnRef, value: ConstraintValue | null): Cell {
  if (value === null) return null
  if (ref.kind === 'timestamp' && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').slice(0, 19)
  if (typeof value === 'number' && ref.kind !== 'integer') return Math.round(value * 100) / 100
  return value
}

function valueOf(ref: ColumnRef, cell: Cell): ConstraintValue | null {
  if (cell === null) return null
  if (ref.kind === 'timestamp') return typeof cell === 'string' ? Date.parse(`${cell.replace(' ', 'T')}Z`) : null
  return ref.kind === 'text' ? String(cell) : Number(cell)
}

export class GuidedCandidateGenerator {
  private readonly random: SeededRandom

  constructor(
    private readonly constraints: PredicateConstraints,
    private readonly base: CandidateGenerator,
    seed: number,
  ) {
    this.random = new SeededRandom(seed)
  }

  /** Values that meet the constraint: its equalities and lists, values near its bounds, a spread inside them. */
  private satisfying(ref: ColumnRef, constraint: ColumnConstraint, current: Cell): ConstraintValue | null {
    if (constraint.isNull === true) return null
    const tries: ConstraintValue[] = []
    const currentValue = valueOf(ref, current)
    if (currentValue !== null) tries.push(currentValue)
    if (constraint.zoneIds && constraint.zoneIds.length > 0) tries.push(this.random.pick(constraint.zoneIds))
    for (const list of constraint.oneOf) tries.push(this.random.pick(list))
    const step = stepOf(ref)
    const lows = constraint.comparisons.filter((c) => c.operator === '>' || c.operator === '>=').map((c) => c.value)
    const highs = constraint.comparisons.filter((c) => c.operator === '<' || c.operator === '<=').map((c) => c.value)
    for (const { operator, value } of constraint.comparisons) {
      if (operator === '=') tries.push(value)
      if (typeof value !== 'number') continue
      if (operator === '>' || operator === '>=') {
        const spread = ref.kind === 'timestamp' ? this.random.pick([0, SECOND, HOUR, 12 * HOUR, DAY + 7 * HOUR]) : this.random.pick([0, step, 1, 5])
        tries.push(value + spread)
      }
      if (operator === '<' || operator === '<=') {
        const spread = ref.kind === 'timestamp' ? this.random.pick([SECOND, HOUR, 12 * HOUR, DAY - 7 * HOUR]) : this.random.pick([step, 1, 5])
        tries.push(value - spread)
      }
    }
    const [low, high] = [lows.filter((v) => typeof v === 'number'), highs.filter((v) => typeof v === 'number')] as [number[], number[]]
    if (low.length > 0 && high.length > 0) {
      const from = Math.max(...low)
      const to = Math.min(...high)
      if (to > from) {
        const unit = ref.kind === 'timestamp' ? 60 * SECOND : step
        tries.push(from + this.random.int(0, Math.floor((to - from) / unit)) * unit)
      }
    }
    // The first that meets everything, taken in random order after the row's own value.
    const [own, ...others] = tries
    const ordered = [...(own === undefined ? [] : [own]), ...this.random.shuffle(others)]
    return ordered.find((value) => meets(value, constraint)) ?? (constraint.isNull === false || !ref.nullable ? (ordered[0] ?? null) : null)
  }

  /** Values on and around the boundaries of a column: constants ± one step, a date's midday and last second, NULL. */
  private boundary(ref: ColumnRef): ConstraintValue | null {
    const known = this.constraints.boundaries.get(columnKey(ref))?.values ?? []
    if (ref.nullable && (known.length === 0 || this.random.chance(0.15))) return null
    if (known.length === 0) return null
    const value = this.random.pick(known)
    if (typeof value !== 'number') return value
    const step = stepOf(ref)
    const offsets = ref.kind === 'timestamp' ? [0, -SECOND, SECOND, -12 * HOUR, 12 * HOUR, DAY - SECOND, -DAY] : [0, -step, step]
    return value + this.random.pick(offsets)
  }

  private solveRow(columns: string[], row: Cell[], scope: ConstraintScope, table: string): Cell[] {
    const solved = [...row]
    const constrained = [...scope.columns.values()].filter(({ ref }) => ref.table === table && columns.includes(ref.column))
    for (const { ref, constraint } of constrained) {
      const index = columns.indexOf(ref.column)
      solved[index] = cellOf(ref, this.satisfying(ref, constraint, row[index]!))
    }
    // One column onto a boundary: the row meets every other condition, so this one decides.
    const boundaryColumns = [...this.constraints.boundaries.values()].filter(({ ref }) => ref.table === table && columns.includes(ref.column))
    if (boundaryColumns.length > 0 && this.random.chance(0.6)) {
      const { ref } = this.random.pick(boundaryColumns)
      solved[columns.indexOf(ref.column)] = cellOf(ref, this.boundary(ref))
    }
    return solved
  }

  /** A random candidate (the base generator's) with most rows solved for one SELECT of the query. */
  next(maxRows: number): KillingDatabase {
    const candidate = this.base.next(maxRows)
    const { scopes } = this.constraints
    if (scopes.length === 0) return candidate
    for (const [table, content] of Object.entries(candidate.tables)) {
      const relevant = scopes.filter((scope) => [...scope.columns.values()].some(({ ref }) => ref.table === table))
      if (!content || relevant.length === 0) continue
      const rows: Cell[][] = []
      for (const row of content.rows) {
        if (!this.random.chance(0.8)) {
          rows.push(row)
          continue
        }
        const solved = this.solveRow(content.columns, row, this.random.pick(relevant), table)
        rows.push(solved)
        // Repeats make groups of different sizes.
        for (let copy = this.random.pick([0, 0, 1, 2]); copy > 0; copy--) rows.push([...solved])
      }
      content.rows = rows.slice(0, Math.max(maxRows, 1) * 2)
    }
    return candidate
  }
}
