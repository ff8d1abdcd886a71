// Killing databases (issue 16): per SQL question, a few small synthetic databases of the question's
// dataset on which every non-equivalent mutant of the reference gives another result than the
// reference. Stored in the week's hidden folder as `killing/<question-id>.json`, written by
// `syllabus questions kill`, read by the course loader; grading runs the answer on them too and a
// wrong result there is shown to the learner as a counterexample (it is synthetic: it gives nothing away).
//
// Each table lists the columns it sets; every other column is NULL. A database without
// `taxi_zone_lookup` gets the 265 public TLC zones (public reference data, not worth repeating).
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { NYC_TAXI_TABLES, TABLE_COLUMNS } from '../datasets/nyc-taxi/schema.ts'

export const KILLING_DATA_FORMAT = 1

const cell = z.union([z.string(), z.number(), z.null()])

const killingTable = z
  .strictObject({
    columns: z.array(z.string().min(1)).min(1),
    rows: z.array(z.array(cell)),
  })
  .refine((table) => table.rows.every((row) => row.length === table.columns.length), { message: 'every row needs one value per column' })

export const killingDatabaseSchema = z.strictObject({
  /** The mutants this database kills when it was found (for the author; grading does not read it). */
  kills: z.array(z.string()).default([]),
  tables: z.partialRecord(z.enum(NYC_TAXI_TABLES), killingTable),
})

export const killingDataSchema = z
  .strictObject({
    format: z.literal(KILLING_DATA_FORMAT),
    dataset: z.literal('nyc_taxi'),
    /** sha256 of the reference the search ran on: a changed reference makes the file stale. */
    reference_sha256: z.string().regex(/^[0-9a-f]{64}$/),
    databases: z.array(killingDatabaseSchema).min(1),
  })
  .superRefine((data, context) => {
    data.databases.forEach((database, index) => {
      for (const [table, content] of Object.entries(database.tables)) {
        const known = new Set(TABLE_COLUMNS[table as keyof typeof TABLE_COLUMNS].map((column) => column.name))
        for (const column of content.columns) {
          if (!known.has(column)) context.addIssue({ code: 'custom', path: ['databases', index, 'tables', table, 'columns'], message: `${table} has no column "${column}"` })
        }
      }
    })
  })

export type KillingData = z.output<typeof killingDataSchema>
export type KillingDatabase = z.output<typeof killingDatabaseSchema>
export type KillingTable = z.output<typeof killingTable>

export function killingDataPath(hiddenDir: string, questionId: string): string {
  return path.join(hiddenDir, 'killing', `${questionId}.json`)
}

export function referenceSha256(solutionSql: string): string {
  return createHash('sha256').update(solutionSql.trim()).digest('hex')
}

/** The content hash of one killing database: its database name and version in the grading cluster. */
export function killingDatabaseHash(database: KillingDatabase): string {
  const tables = Object.keys(database.tables)
    .sort()
    .map((name) => [name, database.tables[name as keyof typeof database.tables]])
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex')
}

export type KillingDataRead = { kind: 'absent' } | { kind: 'invalid'; problem: string } | { kind: 'present'; data: KillingData }

export async function readKillingData(file: string): Promise<KillingDataRead> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return { kind: 'absent' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { kind: 'invalid', problem: `is not JSON: ${(error as Error).message}` }
  }
  const parsed = killingDataSchema.safeParse(raw)
  if (!parsed.success) return { kind: 'invalid', problem: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }
  return { kind: 'present', data: parsed.data }
}

/** One row per line, so a diff of a regenerated file reads well. */
export function formatKillingData(data: KillingData): string {
  const databases = data.databases.map((database) => {
    const tables = Object.entries(database.tables).map(([name, table]) => {
      const rows = table!.rows.map((row) => `            ${JSON.stringify(row)}`).join(',\n')
      return `        ${JSON.stringify(name)}: {\n          "columns": ${JSON.stringify(table!.columns)},\n          "rows": [\n${rows}\n          ]\n        }`
    })
    return `    {\n      "kills": ${JSON.stringify(database.kills)},\n      "tables": {\n${tables.join(',\n')}\n      }\n    }`
  })
  return `{\n  "format": ${data.format},\n  "dataset": ${JSON.stringify(data.dataset)},\n  "reference_sha256": ${JSON.stringify(data.reference_sha256)},\n  "databases": [\n${databases.join(',\n')}\n  ]\n}\n`
}
