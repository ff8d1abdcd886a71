import type { ReactNode } from 'react'

export interface DataTableColumn {
  label: ReactNode
  className?: string
}

/** A bordered, horizontally scrollable table with a header row; the rows are the children. */
export function DataTable({ columns, caption, children }: { columns: DataTableColumn[]; caption?: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={`px-4 py-2 font-medium ${column.className ?? ''}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
