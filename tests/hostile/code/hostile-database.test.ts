// The hostile corpus of database-backed python checks (issue 12): a run's scratch database is the
// learner's to shape, so what it holds may try to stall the check that reads it, fill the host's disk
// or keep its cores busy. Each case must end in a clean verdict, within bounds, leaving nothing behind.
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { gradePythonAnswer, type PythonQuestion } from '../../../graders/python/grade-python-answer.ts'
import type { GradingDatabase } from '../../../graders/python/scratch-database-queries.ts'
import { startIngestionCluster, type IngestionCluster } from '../../../graders/python/testing/ingestion-cluster.ts'
import { dockerForTests, NEEDS_DOCKER } from '../../../sandbox/docker/testing/docker-for-tests.ts'

const TIMEOUT_SECONDS = 20
const question: PythonQuestion = {
  kind: 'python',
  slug: 'ingest-zones',
  number: 1,
  engine: 'python',
  spec: { id: 'ingest-zones', kind: 'python', points: 2, prompt: 'Load zones.', tests: 'tests/ingest-zones', image: 'python-data', limits: { timeout_seconds: TIMEOUT_SECONDS, memory_mb: 256 } },
  hidden: { testsDir: path.join(import.meta.dirname, '..', '..', '..', 'graders', 'python', 'testing', 'ingest-zones', 'tests'), testFiles: [], wrongAnswers: [] },
  contentHash: 'hostile-database',
}

const docker = await dockerForTests()
let cluster: IngestionCluster | undefined
let database: GradingDatabase

beforeAll(async () => {
  if (docker.skipReason) return
  cluster = await startIngestionCluster()
  // Small bounds, so the cases cross them quickly.
  database = { ...cluster.database, limits: { maxGrowthBytes: 48 * 1024 * 1024, maxCpuMs: 4_000 } }
})

afterAll(async () => {
  await docker.sandbox?.close()
  await cluster?.stop()
})

async function leftovers() {
  const admin = new pg.Client(database.adminUrl)
  await admin.connect()
  try {
    const { rows } = await admin.query(
      `SELECT datname AS name FROM pg_database WHERE datname LIKE 'syllabus_scratch_%' UNION SELECT rolname FROM pg_roles WHERE rolname LIKE 'syllabus_scratch_%'`,
    )
    return rows.map((row: { name: string }) => row.name)
  } finally {
    await admin.end()
  }
}

async function grade(source: string) {
  const started = performance.now()
  const result = await gradePythonAnswer({ question, answerSource: source, sandbox: docker.sandbox, database })
  return { result, seconds: (performance.now() - started) / 1000, feedback: result.checks.map((check) => check.message).join(' ') }
}

describe.skipIf(docker.skipReason !== null)(`hostile database checks ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  // Once held a check 80 s past its 20 s cap: the function traps the cancel and goes on sleeping.
  test('a view over a function that traps query_canceled fails the check at once', { timeout: 90_000 }, async () => {
    const { result, seconds, feedback } = await grade(`
import sys, psycopg2
with psycopg2.connect(sys.argv[2]) as c, c.cursor() as cur:
    cur.execute("""
CREATE FUNCTION stall() RETURNS TABLE ("LocationID" int, "Borough" text, "Zone" text) LANGUAGE plpgsql AS $$
BEGIN
  LOOP
    BEGIN
      PERFORM pg_sleep(1000);
    EXCEPTION WHEN query_canceled THEN
      NULL;
    END;
  END LOOP;
END $$""")
    cur.execute('CREATE VIEW zones AS SELECT * FROM stall()')
`)
    expect(result.verdict).toBe('incorrect')
    expect(feedback).toMatch(/plain tables only/)
    expect(seconds).toBeLessThan(TIMEOUT_SECONDS + 15)
    expect(await leftovers()).toEqual([])
  })

  test('a table with a row-level policy that sleeps is not read either', { timeout: 90_000 }, async () => {
    const { result, feedback } = await grade(`
import sys, psycopg2
with psycopg2.connect(sys.argv[2]) as c, c.cursor() as cur:
    cur.execute('CREATE TABLE zones ("LocationID" int, "Borough" text, "Zone" text)')
    cur.execute("CREATE FUNCTION slow() RETURNS boolean LANGUAGE sql AS 'SELECT pg_sleep(1000) IS NOT NULL'")
    cur.execute('ALTER TABLE zones ENABLE ROW LEVEL SECURITY')
    cur.execute('ALTER TABLE zones FORCE ROW LEVEL SECURITY')
    cur.execute('CREATE POLICY stall ON zones USING (slow())')
`)
    expect(result.verdict).toBe('incorrect')
    expect(feedback).toMatch(/plain tables only/)
  })

  // Once wrote 3 GB to the host's disk in 39 s.
  test('filling the database is stopped by the size watchdog', { timeout: 90_000 }, async () => {
    const { result, seconds, feedback } = await grade(`
import sys, psycopg2
c = psycopg2.connect(sys.argv[2])
c.autocommit = True
cur = c.cursor()
cur.execute('CREATE TABLE fill (x text)')
while True:
    cur.execute("INSERT INTO fill SELECT repeat(md5(g::text), 60) FROM generate_series(1, 20000) AS g")
`)
    expect(result.verdict).toBe('incorrect')
    // The guard's own message: the run ended on the bound, not on its time limit.
    expect(feedback).toMatch(/wrote more into the database than this question allows/)
    expect(seconds).toBeLessThan(TIMEOUT_SECONDS + 15)
    expect(await leftovers()).toEqual([])
  })

  // Once kept both host cores at 100 % with five connections.
  test('burning the cluster’s CPU is stopped by the CPU-time bound, with two connections at most', { timeout: 90_000 }, async () => {
    const { result, seconds, feedback } = await grade(`
import sys, threading, psycopg2
opened = []
for _ in range(5):
    try:
        opened.append(psycopg2.connect(sys.argv[2]))
    except psycopg2.Error:
        pass
print('connections', len(opened), file=sys.stderr)
assert len(opened) <= 2, 'more than two connections'
def burn(connection):
    try:
        # A loop that spills nothing: pure CPU until statement_timeout (30 s) or the guard.
        connection.cursor().execute('DO $$ BEGIN LOOP END LOOP; END $$')
    except psycopg2.Error:
        pass
threads = [threading.Thread(target=burn, args=(connection,)) for connection in opened]
for thread in threads: thread.start()
for thread in threads: thread.join()
`)
    expect(result.verdict).toBe('incorrect')
    expect(feedback).toMatch(/database CPU time/)
    expect(seconds).toBeLessThan(TIMEOUT_SECONDS + 15)
    expect(await leftovers()).toEqual([])
  })
})
