// Where the embedded databases live, and how a CLI command reaches them: the URL from the
// environment if given, else the embedded cluster that `npm start` runs (or a short-lived one).
import path from 'node:path'
import {
  attachOrStartEmbeddedCluster,
  listeningSocketDir,
  prepareSocketDirectory,
  socketDirectoryFor,
  type EmbeddedCluster,
} from '../../server/db/embedded-cluster.ts'
import { ensureDatabaseExists } from '../../server/db/connection.ts'
import { applyMigrations } from '../../server/db/migrate.ts'
import { readEnv, setEnv } from '../../server/env.ts'

export const root = path.resolve(import.meta.dirname, '../..')
export const APP_DATABASE = 'syllabus'

export function dataDir() {
  return path.resolve(root, readEnv().SYLLABUS_DATA_DIR)
}

export const appClusterDir = (dir = dataDir()) => path.join(dir, 'postgres/app')
export const gradingClusterDir = (dir = dataDir()) => path.join(dir, 'postgres/grading')
/** The grading cluster's dedicated Unix-socket folder, mounted into python sandboxes (docs/sandbox-docker.md). */
export const gradingSocketDir = (dir = dataDir()) => socketDirectoryFor(path.join(dir, 'postgres/grading-socket'))

/** The app cluster's Unix-socket folder: the platform's own processes connect there (not mounted anywhere). */
export const appSocketDir = (dir = dataDir()) => socketDirectoryFor(path.join(dir, 'postgres/app-socket'))

export type DatabaseNeed = 'app' | 'grading'

/**
 * Sets DATABASE_URL / GRADING_DATABASE_URL for the duration of `work` when they are not given,
 * using the embedded clusters under .data/. The app database is migrated first.
 */
export async function withDatabases<T>(needs: DatabaseNeed[], work: () => Promise<T>): Promise<T> {
  const started: EmbeddedCluster[] = []
  try {
    if (needs.includes('app') && !readEnv().DATABASE_URL) {
      const cluster = await attachOrStartEmbeddedCluster({ dataDir: appClusterDir(), persistent: true, settings: await prepareSocketDirectory(appSocketDir()) })
      started.push(cluster)
      await ensureDatabaseExists(cluster.url('postgres'), APP_DATABASE)
      setEnv('DATABASE_URL', cluster.url(APP_DATABASE))
      await applyMigrations(cluster.url(APP_DATABASE))
    }
    if (needs.includes('grading') && !readEnv().GRADING_DATABASE_URL) {
      const socketDir = gradingSocketDir()
      const cluster = await attachOrStartEmbeddedCluster({
        dataDir: gradingClusterDir(),
        persistent: true,
        settings: await prepareSocketDirectory(socketDir),
      })
      started.push(cluster)
      setEnv('GRADING_DATABASE_URL', cluster.url('postgres'))
      const listening = await listeningSocketDir(socketDir, cluster.port)
      if (listening && !readEnv().GRADING_SOCKET_DIR) setEnv('GRADING_SOCKET_DIR', listening)
    }
    return await work()
  } finally {
    await Promise.all(started.map((cluster) => cluster.stop()))
  }
}
