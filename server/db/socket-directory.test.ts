// The clusters' dedicated socket folders (docs/sandbox-docker.md, "Ingestion tasks"), and the URLs
// that go through them.
import { lstat, mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, test } from 'vitest'
import { attachOrStartEmbeddedCluster, prepareSocketDirectory, socketDirectoryFor, startEmbeddedCluster } from './embedded-cluster.ts'

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

/** The address the server sees the connection on: null over a Unix socket, 127.0.0.1 over TCP. */
async function serverAddress(url: string): Promise<string | null> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    return (await client.query<{ address: string | null }>('SELECT inet_server_addr()::text AS address')).rows[0]!.address
  } finally {
    await client.end()
  }
}

describe('cluster URLs', () => {
  test('a cluster with a socket folder is reached through its socket, by its starter and by a process attaching to it; without one, over TCP', async () => {
    // A folder of its own: the server's user must be able to reach it (startEmbeddedCluster gives it the data's parent).
    const clusterBase = await mkdtemp(path.join(os.tmpdir(), 'syllabus-socket-cluster-'))
    made.push(clusterBase)
    const dataDir = path.join(clusterBase, 'pg')
    const socketDir = path.join(clusterBase, 'socket')
    const settings = await prepareSocketDirectory(socketDir)
    const cluster = await startEmbeddedCluster({ dataDir, persistent: false, settings: { fsync: 'off', ...settings } })
    try {
      expect(new URL(cluster.url('postgres')).searchParams.get('host')).toBe(socketDir)
      expect(await serverAddress(cluster.url('postgres'))).toBeNull()
      // `syllabus grade` beside `npm start`: the same settings find the running cluster's socket.
      const attached = await attachOrStartEmbeddedCluster({ dataDir, persistent: false, settings })
      expect(attached.url('postgres')).toBe(cluster.url('postgres'))
      expect(await serverAddress(attached.url('postgres'))).toBeNull()
      // A caller that knows no socket folder (or a cluster started by an older start) keeps TCP.
      const overTcp = await attachOrStartEmbeddedCluster({ dataDir, persistent: false })
      expect(await serverAddress(overTcp.url('postgres'))).toBe('127.0.0.1/32')
    } finally {
      await cluster.stop()
    }
  }, 120_000)
})
