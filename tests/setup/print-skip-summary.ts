// The last step of `npm test`: one line naming how many tests were skipped across unit and e2e, and why.
import { overallSkipLine, takeSkipRecord, type SkipRecord } from './skip-record.ts'

const records = [takeSkipRecord('unit'), takeSkipRecord('e2e')].filter((record): record is SkipRecord => record !== null)
console.log(records.length === 0 ? 'npm test: no stage recorded its skipped tests (run `npm test`).' : overallSkipLine(records))
