// Near-miss variants of a reference query, made on PostgreSQL's own parse tree: parse (libpg-query,
// PostgreSQL 18's grammar) → change one thing → deparse (pgsql-deparser; libpg-query 18 has no
// deparse). Each mutant is a wrong answer a learner could plausibly write; a grading dataset on
// which a mutant gives the reference's result lets that wrong answer pass.
import { createHash } from 'node:crypto'
import { deparseSync } from 'pgsql-deparser'
import { pgParser } from '../../../sandbox/postgres/pg-parser.ts'
import { mutationSites, type MutationSite } from './mutation-operators.ts'

/** libpg-query's `parse`, the parser loaded on first use (sandbox/postgres/pg-parser.ts). */
const parse = async (sql: string) => (await pgParser()).parse(sql)

export type MutantOperator = MutationSite['operator']

export interface Mutant {
  /** Stable id from the mutant's SQL: `m-` and 8 hex digits. Authors name equivalent mutants by it. */
  id: string
  operator: MutantOperator
  /** What changed, for the author: "`<` became `<=`". */
  description: string
  sql: string
}

export function mutantId(sql: string): string {
  return `m-${createHash('sha256').update(sql).digest('hex').slice(0, 8)}`
}

type ParseResult = Awaited<ReturnType<typeof parse>>

function deparseTree(tree: ParseResult): string | null {
  try {
    return deparseSync(tree as Parameters<typeof deparseSync>[0])
  } catch {
    // A change the deparser cannot print (rare) is a mutant we do not offer.
    return null
  }
}

/**
 * Every distinct mutant of `sql` (one statement). The same change reached two ways, or a change that
 * prints back to the reference itself, appears once or not at all. Throws if `sql` does not parse.
 */
export async function generateMutants(sql: string): Promise<Mutant[]> {
  const tree = await parse(sql)
  const original = deparseTree(tree)
  const seen = new Set<string>(original ? [original] : [])
  const mutants: Mutant[] = []
  for (const site of mutationSites(tree)) {
    const mutated = structuredClone(tree)
    site.apply(mutated)
    const text = deparseTree(mutated)
    if (!text || seen.has(text)) continue
    // A mutant must itself parse: the deparser is not the grammar.
    try {
      await parse(text)
    } catch {
      continue
    }
    seen.add(text)
    mutants.push({ id: mutantId(text), operator: site.operator, description: site.description, sql: text })
  }
  return mutants
}
