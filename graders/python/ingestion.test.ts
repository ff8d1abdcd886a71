// The database path of the python engine: a scratch database per run, reachable inside the sandbox
// only through a read-only bind of a folder that holds nothing but the cluster's Unix socket.
// Uses its own embedded cluster, because the socket folder is a setting of the cluster.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sweepScratchDatabases, withScratchDatabase } from '../../sandbox/postgres/index.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../sandbox/docker/testing/docker-for-tests.ts'
import { gradePythonAnswer, type PythonQuestion } from './grade-python-answer.ts'
import { socketConnectionString, type GradingDatabase } from './scratch-database-queries.ts'
import { startIngestionCluster, type IngestionCluster } from './testing/ingestion-cluster.ts'

const question: PythonQuestion = {
  kind: 'python',
  slug: 'ingest-zones',
  number: 1,
  engine: 'python',
  spec: { id: 'ingest-zones', kind: 'python', points: 2, prompt: 'Load zones.', tests: 'tests/ingest-zones', image: 'python-data', limits: { timeout_seconds: 8, memory_mb: 256 } },
  hidden: { testsDir: path.join(import.meta.dirname, 'testing', 'ingest-zones', 'tests'), testFiles: [], wrongAnswers: [] },
  contentHash: 'ingest',
}

const LOADER = `
import csv, sys
import psycopg2
source, dsn = sys.argv[1], sys.argv[2]
with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
    cursor.execute('CREATE TABLE zones ("LocationID" int PRIMARY KEY, "Borough" text, "Zone" text, service_zone text)')
    with open(source) as file:
        cursor.copy_expert('COPY zones FROM STDIN WITH (FORMAT csv, HEADER true)', file)
`

const docker = await dockerForTests()
let cluster: IngestionCluster | undefined
let database: GradingDatabase

beforeAll(async () => {
  if (docker.skipReason) return
  // A cluster of its own, closed as the grading cluster must be (docs/sandbox-docker.md).
  cluster = await startIngestionCluster()
  database = cluster.database
})

afterAll(async () => {
  await docker.sandbox?.close()
  await cluster?.stop()
})

function grade(source: string) {
  return gradePythonAnswer({ question, answerSource: source, sandbox: docker.sandbox, database })
}

describe.skipIf(docker.skipReason !== null)(`ingestion through the socket ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('a loader that copies the CSV into the table is correct', { timeout: 60_000 }, async () => {
    const result = await grade(LOADER)
    expect(result.checks).toEqual([expect.objectContaining({ name: 'loads-zones', passed: true })])
    expect(result.verdict).toBe('correct')
  })

  test.each([
    ['skips the first data row', LOADER.replace("cursor.copy_expert('COPY zones FROM STDIN WITH (FORMAT csv, HEADER true)', file)", "next(file)\n        cursor.copy_expert('COPY zones FROM STDIN WITH (FORMAT csv, HEADER true)', file)")],
    ['never commits', LOADER.replace('with psycopg2.connect(dsn) as connection,', 'connection = psycopg2.connect(dsn)\nwith').replace('connection.cursor() as cursor:', 'connection.cursor() as cursor:').concat('\nimport os\nos._exit(0)\n')],
    ['wrong table name', LOADER.replaceAll('zones', 'zone_lookup')],
    [
      'a view that lies through a search_path function',
      `
import sys, psycopg2
with psycopg2.connect(sys.argv[2]) as c, c.cursor() as cur:
    cur.execute("CREATE FUNCTION nyc_taxi.int4(anyelement) RETURNS int LANGUAGE sql AS 'SELECT 1'")
    cur.execute("ALTER ROLE CURRENT_USER SET search_path = nyc_taxi, pg_catalog")
    cur.execute('CREATE TABLE zones ("LocationID" int, "Borough" text, "Zone" text)')
`,
    ],
    [
      'holds a lock and freezes',
      `
import sys, time, psycopg2
c = psycopg2.connect(sys.argv[2])
cur = c.cursor()
cur.execute('CREATE TABLE zones ("LocationID" int, "Borough" text, "Zone" text)')
c.commit()
cur.execute('LOCK TABLE zones IN ACCESS EXCLUSIVE MODE')
time.sleep(3600)
`,
    ],
  ])('%s is not correct', { timeout: 90_000 }, async (_name, source) => {
    const result = await grade(source)
    expect(['incorrect', 'invalid']).toContain(result.verdict)
    expect(result.checks.map((check) => check.message).join(' ')).not.toMatch(/Newark|LocationID|SELECT/)
  })

  test('inside, the socket folder is read-only, and the socket gives nothing without the run’s password', { timeout: 60_000 }, async () => {
    const probe = `
import json, os, re, sys, psycopg2
dsn = sys.argv[1]
report = {'listing': sorted(os.listdir('/sandbox/pg'))}
try:
    open('/sandbox/pg/x', 'w')
    report['write'] = 'allowed'
except OSError as error:
    report['write'] = type(error).__name__
port = dsn.split('port=')[1].split()[0]
attempts = {
    'own': dsn,
    'wrong-password': dsn.replace("password='", "password='x"),
    'superuser-no-password': 'host=/sandbox/pg port=%s dbname=postgres user=postgres' % port,
    'own-role-template-database': re.sub(r"dbname='[^']*'", "dbname='ingest_template'", dsn),
    'own-role-postgres-database': re.sub(r"dbname='[^']*'", "dbname='postgres'", dsn),
}
for name, attempt in attempts.items():
    try:
        psycopg2.connect(attempt).close()
        report[name] = 'connected'
    except psycopg2.Error:
        report[name] = 'refused'
open('/sandbox/out/probe.json', 'w').write(json.dumps(report))
print('PROBE-DONE', flush=True)
import time; time.sleep(60)
`
    const report = await withScratchDatabase(database.adminUrl, { template: database.template }, async (scratch) => {
      const run = await docker.sandbox!.run({
        image: docker.image!,
        argv: ['/usr/bin/python3', '-I', '-c', probe, socketConnectionString(scratch.url)],
        inputFiles: {},
        socketDir: database.socketDir,
        completionMarker: 'PROBE-DONE',
        limits: { timeoutMs: 20_000 },
      })
      return JSON.parse(run.outputFiles.get('probe.json')?.toString() ?? '{}')
    })
    expect(report).toEqual({
      listing: [expect.stringMatching(/^\.s\.PGSQL\.\d+$/), expect.stringMatching(/^\.s\.PGSQL\.\d+\.lock$/)],
      write: 'OSError',
      own: 'connected',
      'wrong-password': 'refused',
      'superuser-no-password': 'refused',
      'own-role-template-database': 'refused',
      'own-role-postgres-database': 'refused',
    })
  })

  test('scratch databases are dropped after every run', async () => {
    expect(await sweepScratchDatabases(database.adminUrl, { olderThanMs: 0 })).toEqual([])
  })
})

test('a database question without a database is an error that costs no attempt', async () => {
  const result = await gradePythonAnswer({ question, answerSource: 'x = 1', sandbox: docker.sandbox ?? ({} as never), database: null })
  expect(result.verdict).toBe('error')
  expect(result.checks[0]?.message).toMatch(/database for this question is unavailable/)
})
