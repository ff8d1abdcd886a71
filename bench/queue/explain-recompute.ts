// `bench:queue --profile --explain`: the score recompute's plan on the app database as the drain left it
// (every dead row of the drain still there, unless autovacuum came), for a batch like the workers store.
// The statement is the one the workers ran (its text from pg_stat_statements, prepared again here),
// run with EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back.
import type pg from 'pg'

export async function explainRecompute(client: pg.Client, { pairs }: { pairs: number }): Promise<string> {
  const { rows: found } = await client.query<{ query: string; queryid: string; calls: string; mean: number; toplevel: boolean }>(
    `SELECT query, queryid::text, calls::text, mean_exec_time AS mean, toplevel FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE '%INSERT INTO "QuestionScore"%'
      ORDER BY calls DESC`,
  )
  const out: string[] = []
  for (const entry of found) {
    out.push(`recompute statement ${entry.queryid} (toplevel ${entry.toplevel}): ${entry.calls} calls, ${entry.mean.toFixed(2)} ms each`)
    if (entry !== found[0]) {
      const at = [...entry.query].findIndex((char, index) => char !== found[0]!.query[index])
      out.push(`  differs from the first at character ${at}: …${entry.query.slice(Math.max(0, at - 80), at + 80)}… against …${found[0]!.query.slice(Math.max(0, at - 80), at + 80)}…`)
    }
  }
  if (!found[0]) return 'no recompute statement ran'
  // The slowest per call first.
  for (const entry of [...found].sort((a, b) => b.mean - a.mean).slice(0, 1)) {
    out.push(await explainOne(client, entry.query, pairs).catch((error: unknown) => `EXPLAIN failed: ${String(error)}`))
  }
  return out.join('\n')
}

async function explainOne(client: pg.Client, query: string, pairs: number): Promise<string> {
  await client.query('DEALLOCATE ALL')
  await client.query(`PREPARE bench_recompute AS ${query}`)
  const { rows: prepared } = await client.query<{ types: string[] }>(
    `SELECT parameter_types::text[] AS types FROM pg_prepared_statements WHERE name = 'bench_recompute'`,
  )
  // A batch as a worker stores one: the latest submissions of distinct learners.
  const { rows: sample } = await client.query<{ userId: string; questionId: string }>(
    `SELECT "userId", "questionId" FROM (SELECT DISTINCT ON ("userId") "userId", "questionId", "submittedAt" FROM "Submission" ORDER BY "userId", "submittedAt" DESC) AS latest
      ORDER BY "submittedAt" DESC LIMIT $1`,
    [pairs],
  )
  const columns = [sample.map((row) => row.userId), sample.map((row) => row.questionId), sample.map(() => 'best')]
  let arrays = 0
  // EXPLAIN takes no bind parameters: the values are written into it as literals.
  const literal = (value: string) => client.escapeLiteral(value)
  const values = prepared[0]!.types.map((type) =>
    type === 'text[]' ? `ARRAY[${columns[arrays++]!.map(literal).join(', ')}]::text[]` : type.startsWith('timestamp') ? `${literal(new Date().toISOString())}::${type}` : `NULL::${type}`,
  )
  const note = `parameter types: ${prepared[0]!.types.join(', ')}`
  // The workers prepare it (named statements): PostgreSQL plans its first five runs with the values
  // (a custom plan), then may keep a generic plan. Both, each in a transaction rolled back.
  const plans: string[] = []
  try {
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      await client.query('BEGIN')
      try {
        await client.query(`SET LOCAL plan_cache_mode = ${mode}`)
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench_recompute(${values.join(', ')})`,
        )
        plans.push(`${mode}:\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`)
      } finally {
        await client.query('ROLLBACK')
      }
    }
  } finally {
    await client.query('DEALLOCATE bench_recompute')
  }
  return [note, ...plans].join('\n')
}
