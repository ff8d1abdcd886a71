import { describe, expect, test } from 'vitest'
import { SandboxOutputRejectedError } from './errors.ts'
import { readSafeTar } from './safe-tar.ts'

const limits = { maxTotalBytes: 1024, maxFileBytes: 512, maxEntries: 10 }

function header(name: string, type: string, size: number, linkName = '') {
  const block = Buffer.alloc(512)
  block.write(name, 0)
  block.write('0000644\0', 100)
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124)
  block.write(type, 156)
  block.write(linkName, 157)
  block.write('ustar\0', 257)
  block.write('00', 263)
  return block
}

function tar(...entries: { name: string; type?: string; data?: string; link?: string }[]) {
  const parts: Buffer[] = []
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '')
    parts.push(header(entry.name, entry.type ?? '0', data.length, entry.link))
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512))
  }
  return Buffer.concat([...parts, Buffer.alloc(1024)])
}

describe('readSafeTar', () => {
  test('reads regular files relative to the copied folder', () => {
    const files = readSafeTar(tar({ name: 'out/', type: '5' }, { name: 'out/a.json', data: '{}' }, { name: 'out/d/b.csv', data: 'x,y' }), limits)
    expect([...files.entries()].map(([name, data]) => [name, data.toString()])).toEqual([
      ['a.json', '{}'],
      ['d/b.csv', 'x,y'],
    ])
  })

  test.each([
    ['2', 'a symbolic link'],
    ['1', 'a hard link'],
    ['3', 'a character device'],
    ['4', 'a block device'],
    ['6', 'a FIFO'],
  ])('refuses type %s (%s)', (type, what) => {
    expect(() => readSafeTar(tar({ name: 'out/x', type, link: '/etc/passwd' }), limits)).toThrow(what)
  })

  test('refuses paths that leave the folder', () => {
    expect(() => readSafeTar(tar({ name: 'out/../../etc/passwd', data: 'x' }), limits)).toThrow(SandboxOutputRejectedError)
    expect(() => readSafeTar(tar({ name: '/etc/passwd', data: 'x' }), limits)).toThrow(SandboxOutputRejectedError)
  })

  test('caps the size of a file, of all files, and the number of entries', () => {
    expect(() => readSafeTar(tar({ name: 'out/big', data: 'x'.repeat(600) }), limits)).toThrow(/larger than 512/)
    expect(() =>
      readSafeTar(tar({ name: 'out/a', data: 'x'.repeat(500) }, { name: 'out/b', data: 'x'.repeat(500) }, { name: 'out/c', data: 'x'.repeat(100) }), limits),
    ).toThrow(/larger than 1024/)
    expect(() => readSafeTar(tar(...Array.from({ length: 11 }, (_, i) => ({ name: `out/f${i}` }))), limits)).toThrow(/more than 10 entries/)
  })

  test('refuses an archive cut short', () => {
    const archive = tar({ name: 'out/a', data: 'x'.repeat(400) })
    expect(() => readSafeTar(archive.subarray(0, 700), limits)).toThrow(/cut short/)
  })
})
