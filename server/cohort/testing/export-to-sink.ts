// Child process of csv-export.test.ts: streams one export into a byte counter and reports what it read
// and the most heap it used, as JSON on stdout. Run with a small heap to show that memory stays flat.
import { streamCsvExport, type ExportKind } from '../csv-export.ts'

const [kind, courseId] = process.argv.slice(2) as [ExportKind, string]
/** The JS heap plus Buffer memory (chunks live outside the heap). */
const used = () => {
  const memory = process.memoryUsage()
  return memory.heapUsed + memory.arrayBuffers
}
const baseline = used()
let peak = 0
let bytes = 0
let lines = 0
const stream = await streamCsvExport(kind, courseId, process.env.DATABASE_URL!)
for await (const chunk of stream as AsyncIterable<Buffer>) {
  bytes += chunk.length
  for (const byte of chunk) if (byte === 10) lines++
  peak = Math.max(peak, used() - baseline)
}
console.log(JSON.stringify({ bytes, lines, peakMemoryGrowth: peak }))
