// Child process of csv-export.test.ts: streams one export into a byte counter and reports what it read
// and the most heap it used, as JSON on stdout. Run with a small heap to show that memory stays flat.
import { streamCsvExport, type ExportKind } from '../csv-export.ts'

const [kind, courseId] = process.argv.slice(2) as [ExportKind, string]
/** Live memory: the JS heap plus Buffers (chunks live outside the heap), after a full collection. */
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('Run with --expose-gc')
const used = () => {
  gc()
  const memory = process.memoryUsage()
  return memory.heapUsed + memory.arrayBuffers
}
let peak = 0
/** Taken at the first chunk: the connection and the modules are loaded by then; what grows after is the rows. */
let baseline: number | undefined
let bytes = 0
let lines = 0
let chunks = 0
const stream = await streamCsvExport(kind, courseId, process.env.DATABASE_URL!)
for await (const chunk of stream as AsyncIterable<Buffer>) {
  baseline ??= used()
  bytes += chunk.length
  for (const byte of chunk) if (byte === 10) lines++
  // Measured every 50 chunks (a full collection each time is slow); holding the rows would show at once.
  if (++chunks % 50 === 0) peak = Math.max(peak, used() - baseline)
}
console.log(JSON.stringify({ bytes, lines, peakMemoryGrowth: peak }))
