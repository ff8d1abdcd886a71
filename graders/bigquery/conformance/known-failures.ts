// Conformance cases the local engine does not pass, and why (mirrored in docs/bigquery.md).
// kind: refused = "not supported locally" (never a wrong answer); error = fails where BigQuery
// answers (the learner sees an error, never a wrong result); wrong = a different answer (each is a
// bug to fix or to turn into a refusal).

export interface KnownFailure {
  kind: 'refused' | 'error' | 'wrong'
  reason: string
}

export const KNOWN_FAILURES: Record<string, KnownFailure> = {
  'format-refused': { kind: 'refused', reason: "FORMAT's printf-style specifiers differ from DuckDB's format(); refused." },
  'date-diff-week': { kind: 'refused', reason: "BigQuery's WEEK starts on Sunday, DuckDB's week on Monday; refused (ISOWEEK works)." },
  'extract-week': { kind: 'refused', reason: 'EXTRACT(WEEK) counts Sunday-based weeks in BigQuery, ISO weeks in DuckDB; refused (ISOWEEK works).' },
  'array-agg-limit': { kind: 'refused', reason: 'The transpiler fails on ARRAY_AGG(… LIMIT n); refused.' },
  initcap: { kind: 'error', reason: 'DuckDB has no INITCAP; "Function not found".' },
  soundex: { kind: 'error', reason: 'DuckDB has no SOUNDEX; "Function not found".' },
  'unnest-with-offset': { kind: 'error', reason: 'UNNEST … WITH OFFSET is translated with a duplicate alias; DuckDB rejects it.' },
  'array-subquery': { kind: 'error', reason: 'ARRAY(SELECT …) is translated to a struct-valued list; DuckDB rejects the comparison.' },
}
