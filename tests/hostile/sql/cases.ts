// The hostile SQL corpus: what a curious, clever or malicious learner might submit, as data. Each
// case names the statement kinds the question allows and the clean outcome the sandbox must reach.
// hostile-sql.test.ts runs them all and checks that nothing changed and nothing leaked.
import type { StatementKind } from '../../../sandbox/postgres/check-sql.ts'
import type { SqlRejectionReason } from '../../../sandbox/postgres/errors.ts'

export const hostileOutcomes = ['rejected', 'runtime-error', 'timeout', 'ok-truncated', 'ok'] as const
export type HostileOutcome = (typeof hostileOutcomes)[number]

export interface HostileSqlCase {
  name: string
  sql: string
  /** What the question accepts; ['select'] unless said. */
  allowed?: StatementKind[]
  expect: HostileOutcome
  /** For rejected: the reason. */
  reason?: SqlRejectionReason
  /** For runtime-error: the SQLSTATE. */
  code?: string
  /** For ok outcomes of DDL/DML: a query run in the same transaction, and its single expected value. */
  check?: { sql: string; value: string }
}

const writing: StatementKind[] = ['create_table', 'create_table_as', 'create_view', 'create_index', 'insert', 'update', 'delete']

export const hostileSqlCases: HostileSqlCase[] = [
  // The cluster's other databases: their names could tell a hidden variant from the public data.
  { name: 'list the databases of the cluster (pg_database)', sql: 'SELECT datname FROM pg_database', expect: 'runtime-error', code: '42501' },
  { name: 'database statistics name every database (pg_stat_database)', sql: 'SELECT datname FROM pg_stat_database', expect: 'runtime-error', code: '42501' },
  { name: 'comments on databases (pg_shdescription)', sql: 'SELECT description FROM pg_shdescription', expect: 'runtime-error', code: '42501' },
  // Time: everything ends.
  { name: 'pg_sleep (refused: a sleep on one branch of a CASE would time a hidden variant, decision 040)', sql: 'SELECT pg_sleep(10)', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'pg_sleep_for', sql: "SELECT pg_sleep_for('10 seconds')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'pg_sleep_until, schema-qualified', sql: "SELECT pg_catalog.pg_sleep_until(now() + interval '10 seconds')", expect: 'rejected', reason: 'forbidden_function' },
  {
    name: 'slow rows streamed through the cursor',
    // A correlated subquery: each row computes ~10 ms (run by row, not once).
    sql: 'SELECT i, (SELECT count(*) FROM generate_series(1, 100000 + i)) FROM generate_series(1, 1000) AS i',
    expect: 'timeout',
  },
  { name: 'an endless nested loop (timeout)', sql: 'SELECT count(*) FROM generate_series(1, 100000) AS a, generate_series(1, 100000) AS b', expect: 'timeout' },
  {
    name: 'top-N sort of a cross join (no spill, so the timeout)',
    sql: 'SELECT * FROM yellow_tripdata a, yellow_tripdata b ORDER BY random() LIMIT 1',
    expect: 'timeout',
  },
  {
    name: 'huge cross join, aggregated (timeout)',
    sql: 'SELECT count(*) FROM yellow_tripdata a, yellow_tripdata b, yellow_tripdata c',
    expect: 'timeout',
  },
  {
    name: 'endless recursive CTE, aggregated (temp_file_limit)',
    sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
    expect: 'runtime-error',
    code: '53400',
  },
  {
    // The CTE's rows are kept for its readers, so the spill limit ends it before the timeout.
    name: 'endless recursive CTE that returns nothing (temp_file_limit)',
    sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r WHERE n < 0',
    expect: 'runtime-error',
    code: '53400',
  },
  {
    name: 'endless recursive CTE streamed (row cap)',
    sql: 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r',
    expect: 'ok-truncated',
  },
  {
    name: 'CREATE TABLE AS that writes without end',
    sql: 'CREATE TABLE filler AS SELECT a.*, b."Zone" FROM yellow_tripdata a, taxi_zone_lookup b, taxi_zone_lookup c',
    allowed: writing,
    expect: 'timeout',
  },

  // Size: results are capped, spills are capped.
  { name: 'huge cross join, streamed (row cap)', sql: 'SELECT * FROM yellow_tripdata a CROSS JOIN yellow_tripdata b', expect: 'ok-truncated' },
  { name: 'generate_series(1, 1e9) in the select list (row cap)', sql: 'SELECT generate_series(1, 1e9)', expect: 'ok-truncated' },
  {
    name: 'generate_series(1, 1e9) in FROM, materialized (temp_file_limit)',
    sql: 'SELECT count(*) FROM generate_series(1, 1e9)',
    expect: 'runtime-error',
    code: '53400',
  },
  {
    name: 'sort of a cross join (temp_file_limit)',
    sql: 'SELECT * FROM yellow_tripdata a, yellow_tripdata b ORDER BY random()',
    expect: 'runtime-error',
    code: '53400',
  },
  { name: 'wide rows (byte cap)', sql: "SELECT repeat('x', 100000) FROM generate_series(1, 1000)", expect: 'ok-truncated' },
  { name: 'one 10 MB value (byte cap)', sql: "SELECT repeat('x', 10000000)", expect: 'ok-truncated' },
  { name: 'a string too long to build', sql: "SELECT repeat('xx', 1073741823)", expect: 'runtime-error', code: '54000' },

  // Settings and roles.
  { name: 'set_config to lift the timeout', sql: "SELECT set_config('statement_timeout', '0', false)", expect: 'rejected', reason: 'forbidden_function' },
  {
    name: 'set_config hidden in a lateral subquery',
    sql: "SELECT 1 FROM taxi_zone_lookup, LATERAL (SELECT set_config('work_mem', '1GB', true)) s LIMIT 1",
    expect: 'rejected',
    reason: 'forbidden_function',
  },
  { name: 'set_config schema-qualified and quoted', sql: `SELECT "pg_catalog"."set_config"('a.b', 'c', false)`, expect: 'rejected', reason: 'forbidden_function' },
  { name: 'SET statement_timeout', sql: 'SET statement_timeout = 0', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'RESET ALL', sql: 'RESET ALL', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'SET search_path to shadow builtins', sql: 'SET search_path = learner_scratch, pg_catalog', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'SET ROLE postgres', sql: 'SET ROLE postgres', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'SET SESSION AUTHORIZATION', sql: 'SET SESSION AUTHORIZATION postgres', expect: 'rejected', reason: 'forbidden_statement' },
  {
    name: 'UPDATE pg_settings (its rule calls set_config)',
    sql: "UPDATE pg_settings SET setting = '0' WHERE name = 'statement_timeout'",
    allowed: writing,
    expect: 'rejected',
    reason: 'forbidden_statement',
  },
  { name: 'ALTER SYSTEM', sql: "ALTER SYSTEM SET statement_timeout = '0'", expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'ALTER ROLE of oneself', sql: 'ALTER ROLE CURRENT_USER SET statement_timeout = 0', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'CREATE ROLE', sql: 'CREATE ROLE evil SUPERUSER LOGIN', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'GRANT', sql: 'GRANT ALL ON ALL TABLES IN SCHEMA nyc_taxi TO PUBLIC', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'read a superuser-only setting', sql: "SELECT current_setting('data_directory')", expect: 'runtime-error', code: '42501' },
  { name: 'read every visible setting (no secrets there)', sql: 'SELECT name, setting FROM pg_settings', expect: 'ok' },
  { name: 'read a custom setting that might hold a secret', sql: "SELECT current_setting('syllabus.admin_password', true)", expect: 'ok' },
  { name: 'read password hashes from pg_authid', sql: 'SELECT rolname, rolpassword FROM pg_authid', expect: 'runtime-error', code: '42501' },
  { name: 'read password hashes from pg_shadow', sql: 'SELECT usename, passwd FROM pg_shadow', expect: 'runtime-error', code: '42501' },
  { name: 'read pg_hba rules', sql: 'SELECT * FROM pg_hba_file_rules', expect: 'runtime-error', code: '42501' },

  // Transaction control, smuggled or not.
  { name: 'SELECT then COMMIT', sql: 'SELECT 1; COMMIT', expect: 'rejected', reason: 'multiple_statements' },
  { name: 'COMMIT alone', sql: 'COMMIT', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'ROLLBACK alone', sql: 'ROLLBACK', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'a whole transaction', sql: 'BEGIN; DELETE FROM yellow_tripdata; COMMIT;', expect: 'rejected', reason: 'multiple_statements' },
  { name: 'SAVEPOINT', sql: 'SAVEPOINT s', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'PREPARE TRANSACTION', sql: "PREPARE TRANSACTION 'keep'", expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'COMMIT inside a comment is text', sql: 'SELECT 1 /* ; COMMIT; */', expect: 'ok' },
  { name: 'COMMIT inside a dollar quote is text', sql: 'SELECT $q$; COMMIT; $q$', expect: 'ok' },
  { name: 'nested comments hiding a DROP', sql: 'SELECT 1 /* /* nested */ ; DROP TABLE yellow_tripdata; */', expect: 'ok' },
  { name: 'empty comment statement, then DROP', sql: '/* */ ; DROP TABLE yellow_tripdata', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'line comment hiding a DROP', sql: 'SELECT 1 -- ; DROP TABLE yellow_tripdata', expect: 'ok' },
  { name: 'two statements on two lines', sql: 'SELECT 1;\nDROP TABLE yellow_tripdata', expect: 'rejected', reason: 'multiple_statements' },
  { name: 'DO block that commits', sql: "DO $$ BEGIN EXECUTE 'COMMIT'; END $$", expect: 'rejected', reason: 'forbidden_statement' },

  // Writing to the dataset.
  { name: 'DELETE when only SELECT is allowed', sql: 'DELETE FROM yellow_tripdata', expect: 'rejected', reason: 'kind_not_allowed' },
  { name: 'DELETE on the dataset where DELETE is allowed', sql: 'DELETE FROM yellow_tripdata', allowed: writing, expect: 'runtime-error', code: '42501' },
  { name: 'UPDATE on the dataset where UPDATE is allowed', sql: 'UPDATE yellow_tripdata SET fare_amount = 0', allowed: writing, expect: 'runtime-error', code: '42501' },
  {
    name: 'INSERT into the dataset where INSERT is allowed',
    sql: "INSERT INTO taxi_zone_lookup VALUES (999, 'x', 'y', 'z')",
    allowed: writing,
    expect: 'runtime-error',
    code: '42501',
  },
  { name: 'TRUNCATE', sql: 'TRUNCATE yellow_tripdata', allowed: writing, expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'DROP TABLE', sql: 'DROP TABLE yellow_tripdata', allowed: writing, expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'ALTER TABLE', sql: 'ALTER TABLE yellow_tripdata ADD COLUMN pwned int', allowed: writing, expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'CREATE TABLE in the dataset schema', sql: 'CREATE TABLE nyc_taxi.pwned (x int)', allowed: writing, expect: 'runtime-error', code: '42501' },
  { name: 'CREATE INDEX on a dataset table', sql: 'CREATE INDEX ON yellow_tripdata (fare_amount)', allowed: writing, expect: 'runtime-error', code: '42501' },
  {
    name: 'data-modifying CTE inside a SELECT',
    sql: 'WITH d AS (DELETE FROM yellow_tripdata RETURNING *) SELECT count(*) FROM d',
    expect: 'rejected',
    reason: 'forbidden_clause',
  },
  { name: 'SELECT … INTO a new table', sql: 'SELECT * INTO TABLE stolen FROM taxi_zone_lookup', expect: 'rejected', reason: 'forbidden_clause' },
  {
    name: 'DDL where allowed: created, checked, rolled back',
    sql: 'CREATE TABLE zones_copy AS SELECT * FROM taxi_zone_lookup',
    allowed: writing,
    expect: 'ok',
    check: { sql: 'SELECT count(*) FROM learner_scratch.zones_copy', value: '265' },
  },
  {
    name: 'a view shadowing a dataset table, rolled back',
    sql: 'CREATE VIEW taxi_zone_lookup AS SELECT 1 AS "LocationID"',
    allowed: writing,
    expect: 'ok',
    check: { sql: 'SELECT count(*) FROM taxi_zone_lookup', value: '1' },
  },
  { name: 'temporary table', sql: 'CREATE TEMP TABLE t (x int)', allowed: writing, expect: 'rejected', reason: 'forbidden_clause' },
  { name: 'temporary table as select', sql: 'CREATE TEMPORARY TABLE t AS SELECT 1', allowed: writing, expect: 'rejected', reason: 'forbidden_clause' },
  { name: 'CREATE DATABASE', sql: 'CREATE DATABASE pwned', expect: 'rejected', reason: 'forbidden_statement' },

  // Extensions, files, programs, large objects.
  { name: 'CREATE EXTENSION', sql: 'CREATE EXTENSION IF NOT EXISTS dblink', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'COPY … TO PROGRAM', sql: "COPY (SELECT 1) TO PROGRAM 'touch /tmp/pwned'", expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'COPY FROM a server file', sql: "COPY taxi_zone_lookup FROM '/etc/passwd'", expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'COPY TO STDOUT', sql: 'COPY taxi_zone_lookup TO STDOUT', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'pg_read_file', sql: "SELECT pg_read_file('/etc/passwd')", expect: 'rejected', reason: 'forbidden_function' },
  {
    name: 'pg_read_file spelled with a unicode escape',
    sql: `SELECT U&"pg_read_fil\\0065"('/etc/passwd')`,
    expect: 'rejected',
    reason: 'forbidden_function',
  },
  { name: 'pg_read_binary_file', sql: "SELECT pg_read_binary_file('postgresql.conf')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'pg_ls_dir', sql: "SELECT * FROM pg_ls_dir('.')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'pg_stat_file', sql: "SELECT pg_stat_file('postgresql.conf')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'lo_import', sql: "SELECT lo_import('/etc/passwd')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'lo_export', sql: "SELECT lo_export(1, '/tmp/pwned')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'lo_from_bytea', sql: "SELECT lo_from_bytea(0, 'x')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'read pg_largeobject', sql: 'SELECT * FROM pg_largeobject', expect: 'runtime-error', code: '42501' },
  { name: 'pg_read_file hidden in a CTE', sql: "WITH x AS MATERIALIZED (SELECT pg_read_file('/etc/passwd')) SELECT * FROM x", expect: 'rejected', reason: 'forbidden_function' },

  // Locks and other sessions.
  { name: 'advisory lock', sql: 'SELECT pg_advisory_lock(42)', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'try advisory lock', sql: 'SELECT pg_try_advisory_lock(42)', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'advisory lock in VALUES', sql: 'SELECT * FROM (VALUES (pg_advisory_xact_lock(1))) v', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'SELECT … FOR UPDATE', sql: 'SELECT * FROM yellow_tripdata FOR UPDATE', expect: 'rejected', reason: 'forbidden_clause' },
  { name: 'FOR SHARE SKIP LOCKED in a subquery', sql: 'SELECT * FROM (SELECT * FROM taxi_zone_lookup FOR SHARE SKIP LOCKED) s', expect: 'rejected', reason: 'forbidden_clause' },
  { name: 'LOCK TABLE', sql: 'LOCK TABLE yellow_tripdata IN ACCESS EXCLUSIVE MODE', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'terminate own backend', sql: 'SELECT pg_terminate_backend(pg_backend_pid())', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'cancel every backend', sql: 'SELECT pg_cancel_backend(pid) FROM pg_stat_activity', expect: 'rejected', reason: 'forbidden_function' },
  { name: 'reload the server configuration', sql: 'SELECT pg_reload_conf()', expect: 'rejected', reason: 'forbidden_function' },
  { name: "read other sessions' queries", sql: 'SELECT pid, usename, query FROM pg_stat_activity', expect: 'runtime-error', code: '42501' },
  { name: "read other sessions' queries via the function", sql: 'SELECT * FROM pg_stat_get_activity(NULL)', expect: 'runtime-error', code: '42501' },
  { name: 'LISTEN', sql: 'LISTEN grades', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'NOTIFY', sql: "NOTIFY grades, 'all correct'", expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'pg_notify', sql: "SELECT pg_notify('grades', 'all correct')", expect: 'rejected', reason: 'forbidden_function' },
  { name: 'PREPARE', sql: 'PREPARE q AS SELECT 1', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'EXECUTE', sql: 'EXECUTE q', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'DECLARE CURSOR WITH HOLD', sql: 'DECLARE c CURSOR WITH HOLD FOR SELECT 1', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'VACUUM', sql: 'VACUUM FULL yellow_tripdata', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'ANALYZE', sql: 'ANALYZE yellow_tripdata', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'EXPLAIN ANALYZE runs the statement', sql: 'EXPLAIN ANALYZE DELETE FROM yellow_tripdata', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'CHECKPOINT', sql: 'CHECKPOINT', expect: 'rejected', reason: 'forbidden_statement' },
  { name: 'LOAD a shared library', sql: "LOAD '/tmp/evil.so'", expect: 'rejected', reason: 'forbidden_statement' },
  // Harmless: one transaction id per run, and the run is rolled back.
  { name: 'assign a transaction id in a read-only run', sql: 'SELECT txid_current()', expect: 'ok' },

  // Code: functions, procedures, other databases, SQL given as text.
  {
    name: 'a function named like a builtin',
    sql: 'CREATE FUNCTION learner_scratch.lower(text) RETURNS text LANGUAGE sql AS $$ SELECT pg_sleep(100)::text $$',
    allowed: writing,
    expect: 'rejected',
    reason: 'forbidden_statement',
  },
  { name: 'a builtin looked up in the dataset schema', sql: "SELECT nyc_taxi.lower('A')", expect: 'runtime-error', code: '42883' },
  { name: 'CALL a procedure', sql: 'CALL pwn()', expect: 'rejected', reason: 'forbidden_statement' },
  {
    name: 'dblink to another database',
    sql: "SELECT * FROM dblink('dbname=postgres user=postgres', 'SELECT 1') AS t(x int)",
    expect: 'rejected',
    reason: 'forbidden_function',
  },
  { name: 'dblink_connect', sql: "SELECT dblink_connect('host=127.0.0.1 dbname=postgres')", expect: 'rejected', reason: 'forbidden_function' },
  {
    name: 'query_to_xml runs SQL given as text',
    sql: "SELECT query_to_xml('SELECT set_config(''statement_timeout'', ''0'', false)', true, true, '')",
    expect: 'rejected',
    reason: 'forbidden_function',
  },
  { name: 'ts_stat runs SQL given as text', sql: "SELECT * FROM ts_stat('SELECT to_tsvector(''a'')')", expect: 'rejected', reason: 'forbidden_function' },

  // Input itself.
  { name: 'giant input (1 MB)', sql: `SELECT '${'x'.repeat(1024 * 1024)}'`, expect: 'rejected', reason: 'too_large' },
  { name: 'NUL byte hiding a second statement', sql: 'SELECT 1\u0000; DROP TABLE yellow_tripdata', expect: 'rejected', reason: 'nul_byte' },
  { name: 'binary junk', sql: '\u0001\u0002\u00ff\ufffd\u001b[31m', expect: 'rejected', reason: 'syntax' },
  { name: 'unicode escapes in a string', sql: "SELECT U&'\\0041\\+01F600'", expect: 'ok' },
  { name: 'unicode escape of NUL', sql: "SELECT U&'\\0000'", expect: 'rejected', reason: 'syntax' },
  { name: 'deep nesting exhausts the parser', sql: `SELECT ${'('.repeat(10000)}1${')'.repeat(10000)}`, expect: 'rejected', reason: 'syntax' },
  { name: 'only a comment', sql: '-- SELECT 1', expect: 'rejected', reason: 'empty' },

  // Harmless curiosity still works.
  { name: 'server version and identity', sql: 'SELECT version(), current_database(), current_user, session_user', expect: 'ok' },
  { name: 'superuser check', sql: "SELECT current_setting('is_superuser')", expect: 'ok', check: { sql: "SELECT current_setting('is_superuser')", value: 'off' } },
  { name: 'a short computation is fine', sql: 'SELECT count(*) FROM generate_series(1, 10000)', expect: 'ok' },
]
