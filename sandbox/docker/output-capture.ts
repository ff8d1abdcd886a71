// Collects one of a container's output streams with a byte cap: the first `capBytes` are kept, the
// rest is counted and dropped (the stream must still be drained or the container blocks on write).
import { Writable } from 'node:stream'

export class CappedCapture extends Writable {
  private readonly chunks: Buffer[] = []
  private kept = 0
  /** Everything written, kept or not. */
  totalBytes = 0
  private tail = ''

  private marker: { text: string; onSeen: () => void } | undefined

  constructor(
    private readonly capBytes: number,
    marker?: { text: string; onSeen: () => void },
  ) {
    super()
    this.marker = marker
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.totalBytes += chunk.length
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
