import { describe, expect, test } from 'vitest'
import { checkSql, type StatementKind } from './check-sql.ts'
import { SqlRejectedError, type SqlRejectionReason } from './errors.ts'

async function rejection(sql: string, allowed?: StatementKind[]) {
  const error = await checkSql(sql, allowed ? { allowed } : {}).then(
    () => undefined,
    (caught: unknown) => caught,
  )
  if (!(error instanceof SqlRejectedError)) throw new Error(`expected a rejection for: ${sql}`)
  return error
}

describe('checkSql accepts one statement of an allowed kind', () => {
  test.each([
    ['SELECT 1', 'select'],
    ['select count(*) from yellow_tripdata;', 'select'],
    ['WITH t AS (SELECT 1 AS x) SELECT x FROM t', 'select'],
    ['VALUES (1), (2)', 'select'],
    ['TABLE taxi_zone_lookup', 'select'],
    ['SELECT 1 UNION ALL SELECT 2', 'select'],
    ['SELECT 1;;', 'select'],
    ['-- a comment\nSELECT /* inline */ 1 -- trailing', 'select'],
    ['WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r LIMIT 5', 'select'],
    ["SELECT txid_current(), current_setting('search_path')", 'select'],
  ] as const)('%s', async (sql, kind) => {
    await expect(checkSql(sql)).resolves.toMatchObject({ kind })
  })

  test.each([
    ['CREATE TABLE t (id int primary key)', 'create_table'],
    ['CREATE TABLE t AS SELECT 1 AS x', 'create_table_as'],
    ['CREATE VIEW v AS SELECT 1 AS x', 'create_view'],
    ['CREATE MATERIALIZED VIEW v AS SELECT 1 AS x', 'create_view'],
    ['CREATE INDEX ON yellow_tripdata (tpep_pickup_datetime)', 'create_index'],
    ['INSERT INTO t VALUES (1)', 'insert'],
    ['UPDATE t SET x = 1', 'update'],
    ['DELETE FROM t WHERE x = 1 RETURNING *', 'delete'],
  ] as const)('%s as %s when allowed', async (sql, kind) => {
    await expect(checkSql(sql, { allowed: [kind] })).resolves.toMatchObject({ kind })
  })

  test('returns the parse tree of the statement', async () => {
    const { statement } = await checkSql('SELECT 1')
    expect(Object.keys(statement)).toEqual(['SelectStmt'])
  })
})

describe('checkSql rejects with a reason and a learner-facing message', () => {
  test.each<[string, SqlRejectionReason, RegExp]>([
    ['', 'empty', /empty/],
    ['  -- only a comment\n ; ', 'empty', /no SQL statement/],
    ['SELECT 1; COMMIT', 'multiple_statements', /2 statements/],
    ['SELECT 1; SELECT 2; SELECT 3', 'multiple_statements', /3 statements/],
    ['BEGIN', 'forbidden_statement', /Transaction control/],
    ['COMMIT', 'forbidden_statement', /Transaction control/],
    ['SAVEPOINT s', 'forbidden_statement', /Transaction control/],
    ["PREPARE TRANSACTION 'x'", 'forbidden_statement', /Transaction control/],
    ["SET statement_timeout = '0'", 'forbidden_statement', /SET, RESET/],
    ['RESET ALL', 'forbidden_statement', /SET, RESET/],
    ['SET ROLE postgres', 'forbidden_statement', /Changing role/],
    ['SET SESSION AUTHORIZATION postgres', 'forbidden_statement', /Changing role/],
    ["ALTER SYSTEM SET work_mem = '1TB'", 'forbidden_statement', /server settings/],
    ['CREATE ROLE evil SUPERUSER', 'forbidden_statement', /Roles/],
    ['GRANT ALL ON ALL TABLES IN SCHEMA nyc_taxi TO PUBLIC', 'forbidden_statement', /privileges/],
    ['CREATE EXTENSION dblink', 'forbidden_statement', /Extensions/],
    ["COPY yellow_tripdata TO PROGRAM 'curl evil'", 'forbidden_statement', /COPY/],
    ["COPY yellow_tripdata FROM '/etc/passwd'", 'forbidden_statement', /COPY/],
    ["DO $$ BEGIN PERFORM 1; END $$", 'forbidden_statement', /DO blocks/],
    ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', 'forbidden_statement', /Functions/],
    ['CALL p()', 'forbidden_statement', /procedures/],
    ['LISTEN x', 'forbidden_statement', /LISTEN/],
    ["NOTIFY x, 'y'", 'forbidden_statement', /NOTIFY/],
    ['LOCK TABLE yellow_tripdata', 'forbidden_statement', /LOCK/],
    ['VACUUM yellow_tripdata', 'forbidden_statement', /VACUUM/],
    ['ANALYZE yellow_tripdata', 'forbidden_statement', /ANALYZE/],
    ['PREPARE q AS SELECT 1', 'forbidden_statement', /PREPARE/],
    ['EXECUTE q', 'forbidden_statement', /EXECUTE/],
    ['EXPLAIN ANALYZE SELECT 1', 'forbidden_statement', /EXPLAIN/],
    ['DROP TABLE yellow_tripdata', 'forbidden_statement', /DropStmt|Drop/],
    ["SELECT set_config('statement_timeout', '0', false)", 'forbidden_function', /set_config/],
    ["SELECT * FROM pg_catalog.SET_CONFIG('a.b', 'c', true)", 'forbidden_function', /set_config/],
    ["SELECT (SELECT set_config('a.b', 'c', true) WHERE true)", 'forbidden_function', /set_config/],
    ["SELECT pg_read_file('/etc/passwd')", 'forbidden_function', /server files/],
    ['SELECT pg_sleep(0.1)', 'forbidden_function', /Sleeping/],
    ["SELECT 1 FROM pg_catalog.pg_sleep_for('1 second')", 'forbidden_function', /Sleeping/],
    ["SELECT CASE WHEN true THEN (SELECT pg_sleep_until(now())) END", 'forbidden_function', /Sleeping/],
    ['SELECT "pg_catalog"."pg_sleep"(1)', 'forbidden_function', /Sleeping/],
    ['CREATE VIEW slow AS SELECT pg_sleep(1) AS x', 'forbidden_function', /Sleeping/],
    ["SELECT pg_ls_dir('.')", 'forbidden_function', /server files/],
    ["SELECT lo_import('/etc/passwd')", 'forbidden_function', /large objects/],
    ['SELECT loread(lo_open(1, 262144), 10)', 'forbidden_function', /large objects/],
    ['SELECT pg_advisory_lock(1)', 'forbidden_function', /Advisory/],
    ['SELECT pg_try_advisory_xact_lock(1)', 'forbidden_function', /Advisory/],
    ["SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(x int)", 'forbidden_function', /other databases/],
    ['SELECT pg_terminate_backend(pg_backend_pid())', 'forbidden_function', /Other sessions/],
    ['SELECT pg_cancel_backend(1)', 'forbidden_function', /Other sessions/],
    ['SELECT pg_reload_conf()', 'forbidden_function', /server/],
    ["SELECT query_to_xml('SELECT set_config(''a.b'',''c'',false)', true, true, '')", 'forbidden_function', /SQL given as text/],
    ["SELECT * FROM ts_stat('SELECT 1')", 'forbidden_function', /SQL given as text/],
    ['SELECT 1 INTO t', 'forbidden_clause', /INTO/],
    ['SELECT * FROM yellow_tripdata FOR UPDATE', 'forbidden_clause', /Row locks/],
    ['SELECT * FROM (SELECT * FROM yellow_tripdata FOR SHARE) s', 'forbidden_clause', /Row locks/],
    ['WITH d AS (DELETE FROM yellow_tripdata RETURNING *) SELECT count(*) FROM d', 'forbidden_clause', /Data-modifying/],
    ['CREATE TEMP TABLE t (x int)', 'forbidden_clause', /Temporary/],
    ['CREATE TEMP TABLE t AS SELECT 1', 'forbidden_clause', /Temporary/],
    ['CREATE INDEX CONCURRENTLY ON yellow_tripdata (fare_amount)', 'forbidden_clause', /CONCURRENTLY/],
  ])('%s', async (sql, reason, message) => {
    const allowed = statementKindsForRejection(sql)
    const error = await rejection(sql, allowed)
    expect(error.reason).toBe(reason)
    expect(error.message).toMatch(message)
  })

  test('a kind the question does not accept', async () => {
    const error = await rejection('DELETE FROM yellow_tripdata')
    expect(error.reason).toBe('kind_not_allowed')
    expect(error.message).toBe(
      'This question expects a query (SELECT, WITH … SELECT, VALUES or TABLE); DELETE is not accepted here.',
    )
  })

  test('UPDATE of pg_settings is refused even where UPDATE is allowed', async () => {
    const error = await rejection("UPDATE pg_settings SET setting = '0' WHERE name = 'statement_timeout'", ['update'])
    expect(error.reason).toBe('forbidden_statement')
  })

  test('syntax errors carry a 1-based character position', async () => {
    const error = await rejection("select 'é', 'ü' frm t")
    expect(error.reason).toBe('syntax')
    expect(error.message).toBe('Syntax error: syntax error at or near "t"')
    expect(error.position).toBe(21)
  })

  test('smuggled COMMIT inside a comment or dollar quote is just text', async () => {
    await expect(checkSql('SELECT 1 /* ; COMMIT; */')).resolves.toMatchObject({ kind: 'select' })
    await expect(checkSql('SELECT $x$; COMMIT; $x$')).resolves.toMatchObject({ kind: 'select' })
    await expect(checkSql('SELECT 1 /* /* nested */ ; DROP TABLE t; */')).resolves.toMatchObject({ kind: 'select' })
  })

  test('NUL bytes and oversized input are refused before parsing', async () => {
    expect((await rejection('SELECT 1\u0000; DROP TABLE t')).reason).toBe('nul_byte')
    const huge = `SELECT '${'x'.repeat(1024 * 1024)}'`
    const error = await rejection(huge)
    expect(error.reason).toBe('too_large')
    expect(error.message).toMatch(/1025 KiB; the limit is 64 KiB/)
  })

  test('deeply nested expressions do not overflow the walker', async () => {
    const sql = `SELECT ${'('.repeat(500)}1${')'.repeat(500)}`
    await expect(checkSql(sql)).resolves.toMatchObject({ kind: 'select' })
  })
})

/** Rejections that depend on the tree, not the kind, are tested with every kind allowed. */
function statementKindsForRejection(sql: string): StatementKind[] | undefined {
  return /^\s*(CREATE|INSERT|UPDATE|DELETE)/i.test(sql)
    ? ['select', 'create_table', 'create_table_as', 'create_view', 'create_index', 'insert', 'update', 'delete']
    : undefined
}
