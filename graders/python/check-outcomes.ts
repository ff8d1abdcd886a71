// The checks of a python question, judged on what came back from the sandbox: each call check
// against its record in results-0.jsonl, each script check against the files it wrote and the
// rows its query reads. Exactly one result per call check, or none of them passes. Feedback names
// the check's public description and what went wrong, never a hidden argument or an expected value.
import type { SandboxRunResult } from '../../sandbox/docker/index.ts'
import { cleanMessage, type GradeCheck } from '../grade-result.ts'
import { isCallCheck, type CallCheck, type PythonCheck, type PythonChecks, type ScriptCheck } from './checks-spec.ts'
import { compareCsv, sameJson } from './compare-values.ts'
import { atLine, type CallRecord } from './runner-output.ts'
import { clampLine, exceptionName, valueTypeName } from './safe-feedback.ts'
import type { QueryOutcome } from './scratch-database-queries.ts'

interface Outcome {
  passed: boolean
  message: string
}

/**
 * A failed check says what was expected of the learner's result, then what was found. The public
 * description alone ("The times are stored as timestamps") read like praise beside a failure.
 */
function failed(check: PythonCheck, found: string): Outcome {
  return { passed: false, message: `Expected: ${check.description}\nYour result: ${found}.` }
}

function callCheckOutcome(check: CallCheck, record: CallRecord | undefined, missingReason: string, answerLines: number): Outcome {
  if (!record) return failed(check, missingReason)
  if (!record.ok) {
    const reasons: Record<string, string> = {
      missing: `there is no function \`${check.call.function}\` in your code`,
      raised: `your function raised ${exceptionName(record.type)}${atLine(clampLine(record.line, answerLines))}`,
      'not-json': `your function returned ${valueTypeName(record.type)}, which is not a plain value (list, dict, str, int, float, bool or None)`,
    }
    return failed(check, `${reasons[record.error ?? ''] ?? 'it failed'}`)
  }
  return sameJson(record.value, check.expect, check) ? { passed: true, message: check.description } : failed(check, 'your function returned a different value')
}

function scriptCheckOutcome(
  check: ScriptCheck,
  step: number,
  expectedFiles: Map<string, string>,
  run: SandboxRunResult,
  missingReason: string,
  query: QueryOutcome | undefined,
): Outcome {
  for (const [file, expectation] of Object.entries(check.expect_files ?? {})) {
    const produced = run.outputFiles.get(`step-${step}/${file}`)
    if (!produced) {
      const why = run.ending === 'completed' ? `your script did not write ${file}` : missingReason
      return failed(check, why)
    }
    const difference = compareCsv(produced.toString('utf8'), expectedFiles.get(expectation.csv) ?? '', expectation)
    if (difference) {
      const what = { header: 'its header (column names and order) differs', 'row-count': 'it has a different number of rows', values: 'some values differ' }[difference]
      return failed(check, `${file}: ${what}`)
    }
  }
  if (check.expect_query) {
    if (query && 'failed' in query && query.why === 'not-plain-tables')
      return failed(check, 'the database holds a view, function, rule or policy where this check reads a table (checks read plain tables only)')
    if (!query || 'failed' in query) {
      const why = run.ending === 'completed' ? 'the database does not hold what this check reads (a table or column is missing, or has another type, or reading it took too long)' : missingReason
      return failed(check, why)
    }
    if (query.rows.length !== check.expect_query.rows.length)
      return failed(check, 'the database holds a different number of rows than expected')
    if (!sameJson(query.rows, check.expect_query.rows, check.expect_query))
      return failed(check, 'some values in the database differ from what this check expects')
  }
  return { passed: true, message: check.description }
}

export interface SandboxOutcome {
  run: SandboxRunResult
  /** describeRunEnd of the run: why a check found nothing to compare. */
  missingReason: string
  records: Map<number, CallRecord> | 'unreadable'
  /** The call checks in the order of their result indexes. */
  callChecks: CallCheck[]
  scriptSteps: Map<PythonCheck, number>
  /** The expected CSV files by their name in the tests folder. */
  expectedFiles: Map<string, string>
  queries: Map<ScriptCheck, QueryOutcome>
  /** Lines of the answer: a line number outside them is not repeated. */
  answerLines: number
}

/** One GradeCheck per check of the spec, in its order. */
export function judgeChecks(spec: PythonChecks, outcome: SandboxOutcome): GradeCheck[] {
  const { run, missingReason, records, callChecks, scriptSteps, expectedFiles, queries, answerLines } = outcome
  const importFailure = records instanceof Map ? records.get(-1) : undefined
  return spec.checks.map((check) => {
    let result: Outcome
    if (isCallCheck(check)) {
      if (records === 'unreadable') result = failed(check, 'the results of your code could not be read')
      else if (importFailure)
        result = failed(check, `importing your code raised ${exceptionName(importFailure.type)}${atLine(clampLine(importFailure.line, answerLines))}`)
      else {
        // Exactly one result per check: an index that is no check means someone wrote into the results.
        const extra = [...records.keys()].some((index) => index < -1 || index >= callChecks.length)
        result = extra
          ? failed(check, 'the results of your code could not be read')
          : callCheckOutcome(check, records.get(callChecks.indexOf(check)), missingReason, answerLines)
      }
    } else result = scriptCheckOutcome(check, scriptSteps.get(check) ?? -1, expectedFiles, run, missingReason, queries.get(check))
    return { name: check.name, passed: result.passed, points: result.passed ? check.points : 0, maxPoints: check.points, message: cleanMessage(result.message) }
  })
}
