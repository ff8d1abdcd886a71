// Reads the tar archive Docker returns for a container path, trusting nothing in it: regular files
// and folders only (links, devices and FIFOs are refused, not skipped, because a grader that sees
// them is being played with), paths that stay inside the archive, and caps on count and size.
import { SandboxOutputRejectedError } from './errors.ts'

export interface SafeTarLimits {
  maxTotalBytes: number
  maxFileBytes: number
  maxEntries: number
}

const BLOCK = 512

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

function readSize(block: Buffer): number {
  const field = block.subarray(124, 136)
  if ((field[0]! & 0x80) !== 0) {
    // base-256: only sizes that fit a safe integer are meaningful here
    let size = 0
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i]!
    return size
  }
  const text = readString(block, 124, 12).trim()
  if (!/^[0-7]*$/.test(text)) throw new SandboxOutputRejectedError('a tar header has a malformed size')
  return text === '' ? 0 : parseInt(text, 8)
}

function paxPath(data: Buffer): string | undefined {
  let rest = data.toString('utf8')
  let found: string | undefined
  while (rest.length > 0) {
    const space = rest.indexOf(' ')
    const length = parseInt(rest.slice(0, space), 10)
    if (!(length > 0) || space < 0) break
    const record = rest.slice(space + 1, length - 1)
    const equals = record.indexOf('=')
    if (record.slice(0, equals) === 'path') found = record.slice(equals + 1)
    rest = rest.slice(length)
  }
  return found
}

/** `out/a/b.csv` → `a/b.csv` (Docker names entries after the copied folder); refuses escapes. */
function relativeEntryPath(raw: string): string {
  const parts = raw.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.some((part) => part === '..') || raw.startsWith('/'))
    throw new SandboxOutputRejectedError(`an output path leaves its folder: ${JSON.stringify(raw.slice(0, 200))}`)
  return parts.slice(1).join('/')
}

const typeNames: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
  '7': 'a contiguous file',
}

/** Regular files of the archive by path relative to the copied folder. Folders are implied. */
export function readSafeTar(archive: Buffer, limits: SafeTarLimits): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  let offset = 0
  let entries = 0
  let total = 0
  let pendingPath: string | undefined
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) break
    const size = readSize(header)
    const type = String.fromCharCode(header[156]!) === '\0' ? '0' : String.fromCharCode(header[156]!)
    const dataStart = offset + BLOCK
    const dataEnd = dataStart + size
    if (dataEnd > archive.length) throw new SandboxOutputRejectedError('the output archive is cut short')
    const data = archive.subarray(dataStart, dataEnd)
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK
    if (++entries > limits.maxEntries)
      throw new SandboxOutputRejectedError(`the output holds more than ${limits.maxEntries} entries`)
    if (type === 'x' || type === 'L') {
      if (size > 64 * 1024) throw new SandboxOutputRejectedError('a tar extended header is too large')
      pendingPath = type === 'x' ? paxPath(data) : readString(data, 0, data.length)
      continue
    }
    if (type === 'g') continue
    const prefix = readString(header, 345, 155)
    const name = readString(header, 0, 100)
    const rawPath = pendingPath ?? (prefix ? `${prefix}/${name}` : name)
    pendingPath = undefined
    const path = relativeEntryPath(rawPath)
    if (type === '5') continue
    if (type !== '0') {
      throw new SandboxOutputRejectedError(
        `the output holds ${typeNames[type] ?? `an entry of type ${JSON.stringify(type)}`} (${JSON.stringify(path.slice(0, 200))}); only regular files are read`,
      )
    }
    if (size > limits.maxFileBytes)
      throw new SandboxOutputRejectedError(`an output file is larger than ${limits.maxFileBytes} bytes`)
    total += size
    if (total > limits.maxTotalBytes)
      throw new SandboxOutputRejectedError(`the output is larger than ${limits.maxTotalBytes} bytes`)
    files.set(path, Buffer.from(data))
  }
  return files
}
