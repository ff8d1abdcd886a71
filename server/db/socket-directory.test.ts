// The grading cluster's dedicated socket folder (docs/sandbox-docker.md, "Ingestion tasks").
import { lstat, mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { prepareSocketDirectory, socketDirectoryFor } from './embedded-cluster.ts'

const base = await mkdtemp(path.join(os.tmpdir(), 'syllabus-socketdir-'))
const made: string[] = []
afterAll(async () => {
  for (const dir of [...made, base]) await rm(dir, { recursive: true, force: true })
})

describe('socketDirectoryFor', () => {
  test('keeps a path short enough for a socket, and maps a long one to the same short folder every time', () => {
    expect(socketDirectoryFor('/srv/syllabus/.data/postgres/grading-socket')).toBe('/srv/syllabus/.data/postgres/grading-socket')
    const long = `/srv/${'x'.repeat(120)}/postgres/grading-socket`
    const short = socketDirectoryFor(long)
    expect(short).toMatch(/\/syllabus-pg-[0-9a-f]{16}$/)
    expect(Buffer.byteLength(`${short}/.s.PGSQL.65535`)).toBeLessThanOrEqual(107)
    expect(socketDirectoryFor(long)).toBe(short)
    expect(socketDirectoryFor(`${long}2`)).not.toBe(short)
  })
})

describe('prepareSocketDirectory', () => {
  test('creates the folder traversable by all and returns the server settings', async () => {
    const dir = path.join(base, 'sock')
    made.push(dir)
    expect(await prepareSocketDirectory(dir)).toEqual({ unix_socket_directories: dir, unix_socket_permissions: '0777' })
    const found = await lstat(dir)
    expect(found.isDirectory()).toBe(true)
    expect(found.mode & 0o777).toBe(0o755)
  })

  test('refuses a symbolic link where the folder should be', async () => {
    const link = path.join(base, 'link')
    await symlink(os.tmpdir(), link)
    await expect(prepareSocketDirectory(link)).rejects.toThrow(/refusing/)
  })
})
