// Counts the hostile corpora by category, for docs/security.md (issue 12's "Show"):
//   npx tsx scripts/hostile-corpus-counts.ts          prints the tables
//   npx tsx scripts/hostile-corpus-counts.ts --write  puts them between the markers in docs/security.md
// The SQL and Python corpora are data: their cases are counted by the section comment above them (the
// files' own grouping). The attack tests are counted per file and describe block; a table-driven
// test (`it.each([...])`) counts its rows. scripts/hostile-corpus-counts.test.ts keeps the doc current.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { hostileCases } from '../tests/hostile/code/hostile-cases.ts'
import { hostileSqlCases } from '../tests/hostile/sql/cases.ts'

const root = path.resolve(import.meta.dirname, '..')
export const SECURITY_DOC = path.join(root, 'docs/security.md')
const START = '<!-- hostile-counts:start (scripts/hostile-corpus-counts.ts --write) -->'
const END = '<!-- hostile-counts:end -->'

const ATTACK_TEST_FILES = [
  'tests/hostile/sql/grading-attacks.test.ts',
  'tests/hostile/code/hostile-database.test.ts',
  'tests/hostile/web/hostile-web.test.ts',
  'tests/hostile/web/session-revocation.test.ts',
  'tests/hostile/web/sql-run-limits.test.ts',
  'tests/hostile/web/browser.spec.ts',
]

type Count = { category: string; cases: number }

/** Cases of a corpus file, grouped by the comment line that opens each section of its case array. */
function casesBySection(source: string, arrayName: string, section: RegExp, sectionTitle: (comment: string) => string): Count[] {
  const body = source.slice(source.indexOf(`export const ${arrayName}`))
  const counts: Count[] = []
  for (const line of body.split('\n')) {
    const comment = section.exec(line)
    const spread = /^\s*\.\.\.\(\[(.*)\] as const\)\.map\(/.exec(line) // cases made from a list of variants
    if (comment) counts.push({ category: sectionTitle(comment[1]!), cases: 0 })
    else if (spread) counts.at(-1)!.cases += literals(spread[1]!)
    else if (/^\s*(\{ )?name: /.test(line)) counts.at(-1)!.cases += 1
  }
  return counts.filter((count) => count.cases > 0)
}

/** Elements of an array literal's text: commas outside strings and brackets, plus one. */
function literals(text: string): number {
  let depth = 0
  let quote: string | null = null
  let elements = text.trim() === '' ? 0 : 1
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!
    if (quote) {
      if (char === '\\') index += 1
      else if (char === quote) quote = null
    } else if (`'"\``.includes(char)) quote = char
    else if ('([{'.includes(char)) depth += 1
    else if (')]}'.includes(char)) depth -= 1
    else if (char === ',' && depth === 0 && text.slice(index + 1).trim() !== '') elements += 1
  }
  return elements
}

/** Rows of a table-driven test: `it.each([` … `])`, one row per line (or per literal on one line). */
function eachRows(lines: string[], index: number): number {
  const first = lines[index]!
  const inline = /\.each\(\[(.*)\]\)/.exec(first)
  if (inline) return literals(inline[1]!)
  let rows = 0
  for (const line of lines.slice(index + 1)) {
    if (/^\s*\]\)/.test(line)) break
    if (/^\s*[[{'"`]/.test(line)) rows += 1
  }
  return rows
}

/** Tests of an attack file, per describe block (or the file, for tests outside one). */
function testsByDescribe(source: string, file: string): Count[] {
  const lines = source.split('\n')
  const counts = new Map<string, number>()
  let current = path.basename(file)
  lines.forEach((line, index) => {
    const block = /^describe(?:\.\w+\(.*?\))?\((['"`])(.*?)\1/.exec(line)
    if (block) current = block[2]!.replace(/\$\{.*?\}/g, '').trim() // a title's run-time part (a skip reason) is not its name
    if (/^\s*(it|test)(\.skip|\.fixme)?\(/.test(line)) counts.set(current, (counts.get(current) ?? 0) + 1)
    else if (/^\s*(it|test)\.each\(\[/.test(line)) counts.set(current, (counts.get(current) ?? 0) + eachRows(lines, index))
  })
  return [...counts].map(([category, cases]) => ({ category, cases }))
}

function table(title: string, counts: Count[]): string {
  const total = counts.reduce((sum, count) => sum + count.cases, 0)
  return [`| ${title} | cases |`, '|---|---:|', ...counts.map((count) => `| ${count.category} | ${count.cases} |`), `| **total** | **${total}** |`].join('\n')
}

export async function hostileCorpusCounts(): Promise<string> {
  const sqlSource = await readFile(path.join(root, 'tests/hostile/sql/cases.ts'), 'utf8')
  const sql = casesBySection(sqlSource, 'hostileSqlCases', /^ {2}\/\/ (.*)$/, (comment) => comment.replace(/[.:].*$/, ''))
  const codeSource = await readFile(path.join(root, 'tests/hostile/code/hostile-cases.ts'), 'utf8')
  const code = casesBySection(codeSource, 'hostileCases', /^ {2}\/\/ -+ (.*?) -+$/, (comment) => comment)
  // The parse must find every case the test files run, or the tables would be wrong.
  const sum = (counts: Count[]) => counts.reduce((total, count) => total + count.cases, 0)
  if (sum(sql) !== hostileSqlCases.length) throw new Error(`counted ${sum(sql)} SQL cases, the corpus has ${hostileSqlCases.length}`)
  if (sum(code) !== hostileCases.length) throw new Error(`counted ${sum(code)} Python cases, the corpus has ${hostileCases.length}`)

  const outcomes = new Map<string, number>()
  for (const entry of hostileSqlCases) outcomes.set(entry.expect, (outcomes.get(entry.expect) ?? 0) + 1)
  const sqlOutcomes = [...outcomes].map(([category, cases]) => ({ category, cases }))
  const attacks: Count[] = []
  for (const file of ATTACK_TEST_FILES) {
    for (const count of testsByDescribe(await readFile(path.join(root, file), 'utf8'), file)) {
      attacks.push({ category: `\`${path.basename(file)}\` › ${count.category}`, cases: count.cases })
    }
  }
  return [
    table('SQL corpus (`tests/hostile/sql/cases.ts`), by section', sql),
    table('SQL corpus, by the outcome the sandbox must reach', sqlOutcomes),
    table('Python corpus (`tests/hostile/code/hostile-cases.ts`), by section', code),
    table('Attack tests (issue 12 findings), by file and block', attacks),
  ].join('\n\n')
}

/** docs/security.md with the tables between the markers replaced by `counts`. */
export function withCounts(doc: string, counts: string): string {
  const start = doc.indexOf(START)
  const end = doc.indexOf(END)
  if (start < 0 || end < start) throw new Error(`docs/security.md has no ${START} … ${END} markers`)
  return `${doc.slice(0, start + START.length)}\n${counts}\n${doc.slice(end)}`
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = await hostileCorpusCounts()
  if (process.argv.includes('--write')) {
    await writeFile(SECURITY_DOC, withCounts(await readFile(SECURITY_DOC, 'utf8'), counts))
    console.log('docs/security.md: hostile corpus counts updated.')
  } else {
    console.log(counts)
  }
}
