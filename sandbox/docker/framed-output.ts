// A run may hand back its output folder on stdout instead of being frozen and copied: a line
// `<frame> <base64 tar>` right before the completion marker. It comes from the container, so it is
// read with the same safe tar reader and caps as the copied folder and trusted no more.
import type { SandboxLimits } from './config.ts'
import { SandboxOutputRejectedError } from './errors.ts'
import { readOutputArchive } from './output-archive.ts'

/** Largest framed output folder read from stdout (base64 characters); larger ones are collected by pause + getArchive. */
export const FRAME_MAX_CHARS = 4 * 1024 * 1024

export interface OutputFraming {
  /** The word that starts the frame line. */
  outputFrame?: string
  /** The line the command prints when its outputs are complete. */
  completionMarker?: string
}

/**
 * The tar on the line right before the first completion marker, if the run framed its outputs:
 * `\n<frame> <base64>\n\n<marker>\n`. Anything else (no frame, a cut or malformed one) is null,
 * and the outputs are collected from the frozen container instead.
 */
export function framedOutput(stdout: string, request: OutputFraming): Buffer | null {
  if (!request.outputFrame || !request.completionMarker) return null
  // The first marker is the one that ended the run: the frame must be the line right before it.
  const marker = stdout.indexOf(request.completionMarker)
  if (marker < 2 || stdout.slice(marker - 2, marker) !== '\n\n') return null
  const end = marker - 2
  const start = stdout.lastIndexOf('\n', end - 1) + 1
  const line = stdout.slice(start, end)
  const prefix = `${request.outputFrame} `
  if (start === 0 || !line.startsWith(prefix)) return null
  const encoded = line.slice(prefix.length)
  if (encoded.length > FRAME_MAX_CHARS || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return null
  return Buffer.from(encoded, 'base64')
}

/** A frame comes from the container's stdout: whatever goes wrong reading it rejects the outputs, nothing more. */
export function readFramedArchive(bytes: Buffer, limits: SandboxLimits): Map<string, Buffer> {
  try {
    return readOutputArchive(bytes, limits)
  } catch (error) {
    if (error instanceof SandboxOutputRejectedError) throw error
    throw new SandboxOutputRejectedError('the framed output archive is malformed')
  }
}
