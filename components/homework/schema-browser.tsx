import type { DatasetSchema } from '@/server/datasets/schema-info'

/** Tables and columns of the dataset a question runs on. */
export function SchemaBrowser({ schema }: { schema: DatasetSchema }) {
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 text-sm">
      <summary className="cursor-pointer px-3 py-2 font-medium text-slate-800">
        Dataset <code>{schema.name}</code>: {schema.tables.length} tables
      </summary>
      <ul className="space-y-2 px-3 pb-3">
        {schema.tables.map((table) => (
          <li key={table.name}>
            <details>
              <summary className="cursor-pointer font-mono text-slate-900">{table.name}</summary>
              <table className="ml-4 mt-1 text-xs">
                <caption className="sr-only">Columns of {table.name}</caption>
                <tbody>
                  {table.columns.map((column) => (
                    <tr key={column.name}>
                      <td className="pr-4 font-mono">{/^[a-z_][a-z0-9_]*$/.test(column.name) ? column.name : `"${column.name}"`}</td>
                      <td className="text-slate-600">{column.type}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </li>
        ))}
      </ul>
    </details>
  )
}
