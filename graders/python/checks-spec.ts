// The hidden test spec of a python question: hidden/tests/<question-id>/checks.yaml. It is data the
// grader holds. Only the call list (function names and arguments, script arguments) and the data
// files enter the sandbox; expected values and expected files stay out here.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

const checkName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a slug like "drops-empty-rows"')
const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
)
/** A file of the tests folder, without "..". */
const testsFile = z
  .string()
  .refine((file) => !file.startsWith('/') && !file.split(/[\\/]/).includes('..'), 'must be a path inside the tests folder')

const compareOptions = {
  /** Numbers may differ by this much (absolute). */
  tolerance: z.number().min(0).default(1e-9),
  /** A list (or the rows of a file) may come in any order. */
  unordered: z.boolean().default(false),
}

const base = {
  name: checkName,
  /** Public: shown to the learner, pass or fail. Write it so it gives nothing hidden away. */
  description: z.string().trim().min(1),
  points: z.number().positive().default(1),
}

export const callCheckSchema = z.strictObject({
  ...base,
  call: z.strictObject({
    function: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    args: z.array(jsonValue).default([]),
    kwargs: z.record(z.string(), jsonValue).default({}),
  }),
  expect: jsonValue,
  ...compareOptions,
})

export const expectedFileSchema = z.strictObject({
  /** The expected content, a CSV file of the tests folder: same header, same rows. */
  csv: testsFile,
  ...compareOptions,
})

/** A query run on the run's scratch database after the container has ended, as its one-off role. */
export const expectedQuerySchema = z.strictObject({
  sql: z.string().trim().min(1),
  /** The rows it must return, each a list of values. */
  rows: z.array(z.array(jsonValue)),
  ...compareOptions,
})

export const scriptCheckSchema = z
  .strictObject({
    ...base,
    /**
     * Runs `python answer.py <args>`; $DATA is the data folder, $OUT the folder to write into, $DB a
     * libpq connection string. Left out, the check runs nothing and only reads the database
     * (expect_query) after every script has run: one load, several checks of what it left.
     */
    script: z.strictObject({ args: z.array(z.string()).default([]) }).optional(),
    expect_files: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), expectedFileSchema).optional(),
    expect_query: expectedQuerySchema.optional(),
  })
  .refine((check) => Object.keys(check.expect_files ?? {}).length > 0 || check.expect_query, 'give expect_files or expect_query')
  .refine((check) => check.script || !check.expect_files, 'a check without script has no files to compare: give expect_query only')

export const pythonChecksSchema = z.strictObject({
  /**
   * The question needs a database: each run gets a scratch copy of the grading cluster's dataset,
   * reachable inside the sandbox only through a Unix socket ($DB).
   */
  database: z.strictObject({ schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('nyc_taxi') }).optional(),
  /** Files of the tests folder copied to $DATA (read-only inside the sandbox). */
  data: z.array(testsFile).default([]),
  checks: z
    .array(z.union([callCheckSchema, scriptCheckSchema]))
    .min(1)
    .max(50)
    .refine((checks) => new Set(checks.map((check) => check.name)).size === checks.length, 'check names must be unique'),
})
  .refine((spec) => spec.database || !spec.checks.some((check) => 'expect_query' in check && check.expect_query), {
    message: 'expect_query reads the run\'s database: give `database:` too',
    path: ['database'],
  })
  .refine((spec) => spec.checks.some((check) => 'call' in check || ('script' in check && check.script)), {
    message: 'at least one check must call a function or run the script',
    path: ['checks'],
  })

export type CallCheck = z.infer<typeof callCheckSchema>
export type ScriptCheck = z.infer<typeof scriptCheckSchema>
export type PythonCheck = CallCheck | ScriptCheck
export type PythonChecks = z.infer<typeof pythonChecksSchema>

export const CHECKS_FILE = 'checks.yaml'

export function isCallCheck(check: PythonCheck): check is CallCheck {
  return 'call' in check
}

export class PythonChecksError extends Error {
  override name = 'PythonChecksError'
}

/**
 * The last specs read, by file, with the text they were parsed from: a grade reads the file again
 * (an author's edit counts at once) but parses it only when it changed. Parsing and validating a
 * large checks.yaml was ~20 ms of a worker's CPU on every answer (docs/benchmarks.md, "Python").
 */
const parsedSpecs = new Map<string, { text: string; spec: PythonChecks }>()
const KEEP_PARSED = 64

/** Reads and validates checks.yaml of a tests folder. A broken spec is the author's error, never the learner's. */
export async function loadPythonChecks(testsDir: string): Promise<PythonChecks> {
  const file = path.join(testsDir, CHECKS_FILE)
  const text = await readFile(file, 'utf8').catch(() => {
    throw new PythonChecksError(`${file} is missing: a python question needs its hidden checks`)
  })
  const kept = parsedSpecs.get(file)
  if (kept?.text === text) return structuredClone(kept.spec)
  const parsed = pythonChecksSchema.safeParse(parseYaml(text))
  if (!parsed.success) throw new PythonChecksError(`${file} is not valid: ${z.prettifyError(parsed.error)}`)
  parsedSpecs.delete(file)
  if (parsedSpecs.size >= KEEP_PARSED) parsedSpecs.delete(parsedSpecs.keys().next().value!)
  parsedSpecs.set(file, { text, spec: structuredClone(parsed.data) })
  return parsed.data
}
