// The commonest SQL mistake on the NYC taxi data: a mixed-case column written without quotes.
// PostgreSQL folds unquoted names to lower case, so `PULocationID` becomes `pulocationid` and
// "does not exist"; its own hint ("Perhaps you meant …") does not say why. This says it: quote it.
import { NYC_TAXI_TABLES, TABLE_COLUMNS } from '../../../datasets/nyc-taxi/schema.ts'

// `column "pulocationid" does not exist`, or qualified: `column t.pulocationid does not exist`.
const MISSING_COLUMN = /^column "?(?:[^". ]+\.)?([^". ]+)"? does not exist$/

/** Every column name of the grading datasets that has capitals (only those need quotes). */
const mixedCaseColumns: readonly string[] = [
  ...new Set(NYC_TAXI_TABLES.flatMap((table) => TABLE_COLUMNS[table].map((column) => column.name)).filter((name) => name !== name.toLowerCase())),
]

/**
 * For PostgreSQL's `column "pulocationid" does not exist`, the sentence telling the learner to
 * write "PULocationID" in double quotes; null for any other error. `columns` defaults to the
 * grading datasets' columns.
 */
export function mixedCaseColumnHint(message: string, columns: readonly string[] = mixedCaseColumns): string | null {
  const missing = MISSING_COLUMN.exec(message)?.[1]
  if (!missing || missing !== missing.toLowerCase()) return null
  const meant = columns.filter((name) => name !== missing && name.toLowerCase() === missing)
  if (meant.length === 0) return null
  const spelled = meant.map((name) => `"${name}"`).join(' or ')
  const which = meant.length > 1 ? ', as your table spells it' : ''
  return `PostgreSQL folds unquoted names to lower case, so ${missing} is looked up as "${missing}". Write the column in double quotes: ${spelled}${which}.`
}
