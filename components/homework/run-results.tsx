'use client'
import { useState } from 'react'

export type RunOutcome =
  | { ok: true; columns: string[]; rows: (string | null)[][]; truncated: boolean; durationMs: number }
  | { ok: false; message: string; position: number | null }

const PAGE = 20

/** The rows a "Run" returned, 20 at a time, or PostgreSQL's error. */
export function RunResults({ outcome }: { outcome: RunOutcome }) {
  const [page, setPage] = useState(0)
  if (!outcome.ok) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="run-error">
        {/* Monospace: PostgreSQL's caret line points at a character only when every character is as wide. */}
        <pre className="overflow-x-auto whitespace-pre font-mono text-xs">{outcome.message}</pre>
        {outcome.position !== null && <p className="mt-1 text-xs">The problem is marked in the editor (character {outcome.position}).</p>}
      </div>
    )
  }
  const pages = Math.max(1, Math.ceil(outcome.rows.length / PAGE))
  const rows = outcome.rows.slice(page * PAGE, page * PAGE + PAGE)
  return (
    <div className="space-y-2" data-testid="run-results">
      <p className="text-xs text-slate-600">
        {outcome.rows.length} {outcome.rows.length === 1 ? 'row' : 'rows'}
        {outcome.truncated && outcome.rows.length > 0 ? ' (only the first rows are shown)' : ''} · {outcome.durationMs} ms · public sample data, not graded
      </p>
      {outcome.truncated && outcome.rows.length === 0 && (
        // The size cap cut the result before its first row: "0 rows" alone would read as an empty result.
        <p className="text-xs text-amber-800" data-testid="run-first-row-too-large">
          Your query returned rows, but the first one alone is larger than a Run can show. Shorten long values (for example
          with <code>left(column, 100)</code>) to see them.
        </p>
      )}
      {outcome.columns.length > 0 && (
        <div className="overflow-x-auto rounded-md border border-slate-200">
          <table className="w-full text-left font-mono text-xs">
            <thead className="bg-slate-50">
              <tr>
                {outcome.columns.map((column, index) => (
                  <th key={index} scope="col" className="px-2 py-1 font-semibold">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, rowIndex) => (
                <tr key={rowIndex} className="border-t border-slate-100">
                  {row.map((value, index) => (
                    <td key={index} className="whitespace-nowrap px-2 py-1">
                      {value === null ? <span className="italic text-slate-500">NULL</span> : value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <div className="flex items-center gap-3 text-xs">
          <button type="button" className="btn-secondary px-2 py-1" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button type="button" className="btn-secondary px-2 py-1" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}
    </div>
  )
}
