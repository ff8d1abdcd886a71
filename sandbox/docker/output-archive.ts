// The output folder (/sandbox/out) comes back as a tar: read it with the safe tar reader under the run's caps.
import type { SandboxLimits } from './config.ts'
import { SandboxOutputRejectedError } from './errors.ts'
import { readSafeTar } from './safe-tar.ts'

export function readOutputArchive(bytes: Buffer, limits: SandboxLimits): Map<string, Buffer> {
  return readSafeTar(bytes, { maxTotalBytes: limits.outDirBytes, maxFileBytes: limits.outDirBytes, maxEntries: 10_000 })
}

/** Reads the archive stream of a frozen container, refusing it once it grows past the cap. */
export async function readStreamCapped(stream: NodeJS.ReadableStream, capBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > capBytes) {
      ;(stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.()
      throw new SandboxOutputRejectedError(`the output archive is larger than ${capBytes} bytes`)
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}
