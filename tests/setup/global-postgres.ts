// One throwaway PostgreSQL cluster for the whole test run. The app schema is migrated once into a
// template database; every test file then gets its own copy (see setup-test-env.ts).
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { prepareSocketDirectory, socketDirectoryFor, startEmbeddedCluster } from '../../server/db/embedded-cluster.ts'
import { applyMigrations } from '../../server/db/migrate.ts'
import { ensureDatasetLoaded } from '../../datasets/nyc-taxi/load.ts'
import { ensureScratchTemplate } from '../../datasets/nyc-taxi/scratch-template.ts'
import { keepExitCode } from './keep-exit-code.ts'

export const TEMPLATE_DATABASE = 'syllabus_template'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
    /** Superuser URL of the cluster that holds the datasets (datasets/ block below). */
    gradingAdminUrl: string
    /** The cluster's dedicated Unix-socket folder, for python ingestion tests (graders/python block below). */
    gradingSocketDir: string
    /** A copy of the public nyc_taxi dataset that nothing keeps open, cloned by ingestion runs. */
    gradingTemplate: string
  }
}

export default async function setup(project: TestProject) {
  keepExitCode()
  const dir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-test-'))
  // --- Socket folder for python ingestion tasks (owner: graders/python) ----------------------------
  // The cluster also listens on a Unix socket in a folder of its own, which python sandboxes mount
  // read-only (docs/sandbox-docker.md, "Ingestion tasks"). The cluster's URLs go through it too, as
  // `npm start`'s do (embedded-cluster.ts clusterUrl).
  const socketDir = socketDirectoryFor(path.join(dir, 'socket'))
  const socketSettings = await prepareSocketDirectory(socketDir)
  // --- end of socket block -------------------------------------------------------------------------
  const cluster = await startEmbeddedCluster({
    dataDir: path.join(dir, 'pg'),
    persistent: false,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300', ...socketSettings },
  })
  const admin = new pg.Client(cluster.url('postgres'))
  await admin.connect()
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`)
  await admin.end()
  await applyMigrations(cluster.url(TEMPLATE_DATABASE))
  project.provide('postgresAdminUrl', cluster.url('postgres'))

  // --- Datasets (owner: datasets/) -------------------------------------------------------------
  // The `small` nyc_taxi dataset, both variants, in syllabus_ds_nyc_taxi_public / _hidden of this
  // same cluster (never in a test file's app database). About a second each.
  for (const variant of ['public', 'hidden'] as const) {
    await ensureDatasetLoaded(cluster.url('postgres'), { dataset: 'nyc_taxi', variant, size: 'small' })
  }
  project.provide('gradingAdminUrl', cluster.url('postgres'))

  // --- end of datasets block ---------------------------------------------------------------------

  // --- Python ingestion tasks (owner: graders/python) ----------------------------------------------
  // Made here, before any test file opens a pool on the public dataset, so it is a quick file copy.
  const { database: template } = await ensureScratchTemplate(cluster.url('postgres'), 'nyc_taxi')
  project.provide('gradingSocketDir', socketDir)
  project.provide('gradingTemplate', template)
  // --- end of python ingestion block ---------------------------------------------------------------
  return async () => {
    await cluster.stop()
    await rm(socketDir, { recursive: true, force: true })
  }
}
