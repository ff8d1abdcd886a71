// Collects one of a container's output streams with a byte cap: the first `capBytes` are kept, the
// rest is counted and dropped (the stream must still be drained or the container blocks on write).
import { Writable } from 'node:stream'

/** Longest line handed to `onLine`; longer ones (a framed output folder) are not progress. */
const MAX_LINE_CHARS = 200

export class CappedCapture extends Writable {
  private readonly chunks: Buffer[] = []
  private kept = 0
  /** Everything written, kept or not. */
  totalBytes = 0
  private tail = ''

  private marker: { text: string; onSeen: () => void } | undefined
  /** The line being read, for `onLine`; a line longer than MAX_LINE_CHARS is skipped whole. */
  private line = ''
  private lineTooLong = false

  constructor(
    private readonly capBytes: number,
    marker?: { text: string; onSeen: () => void },
    /** Called with each complete short line as it arrives (progress lines; the output is still kept). */
    private readonly onLine?: (line: string) => void,
  ) {
    super()
    this.marker = marker
  }

  private readLines(text: string) {
    const parts = text.split('\n')
    for (const [index, part] of parts.entries()) {
      const last = index === parts.length - 1
      if (!this.lineTooLong) this.line += part
      if (this.line.length > MAX_LINE_CHARS) {
        this.line = ''
        this.lineTooLong = true
      }
      if (last) break
      if (!this.lineTooLong) this.onLine!(this.line)
      this.line = ''
      this.lineTooLong = false
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.totalBytes += chunk.length
    if (this.onLine) this.readLines(chunk.toString('utf8'))
    if (this.kept < this.capBytes) {
      const part = chunk.subarray(0, this.capBytes - this.kept)
      this.chunks.push(part)
      this.kept += part.length
    }
    if (this.marker) {
      // The marker may be split across chunks: look at the end of the last chunk plus this one.
      const window = this.tail + chunk.toString('latin1')
      if (window.includes(this.marker.text)) {
        this.marker.onSeen()
        this.marker = undefined
      } else {
        this.tail = window.slice(-this.marker.text.length)
      }
    }
    done()
  }

  get truncated() {
    return this.totalBytes > this.kept
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}
