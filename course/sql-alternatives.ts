// hidden/alternatives/<question-id>--<label>.sql (or .py): correct answers written another way, which
// must grade correct (`syllabus questions check`, the course tests). Read on demand by author tools, not by the loader:
// grading never needs them.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { wrongAnswerFileNamePattern } from './schema.ts'
import type { SqlHiddenParts } from './loaded-course.ts'

export interface SqlAlternative {
  /** Path relative to the week's hidden folder, e.g. alternatives/trips-on-day--date-cast.sql. */
  file: string
  text: string
}

/** The week's hidden folder, from the reference's absolute path and its path relative to that folder. */
export function hiddenDirOf(hidden: SqlHiddenParts, solution: string): string {
  return hidden.solutionPath.slice(0, hidden.solutionPath.length - path.normalize(solution).length)
}

export async function readSqlAlternatives(hiddenDir: string, questionId: string): Promise<SqlAlternative[]> {
  return readAlternatives(hiddenDir, questionId, 'sql')
}

/** hidden/alternatives/<question-id>--<label>.<extension>: a python question's (`py`) are read the same way. */
export async function readAlternatives(hiddenDir: string, questionId: string, extension: 'sql' | 'py'): Promise<SqlAlternative[]> {
  const dir = path.join(hiddenDir, 'alternatives')
  const names = (await readdir(dir).catch(() => [] as string[])).sort()
  const found: SqlAlternative[] = []
  for (const name of names) {
    const match = wrongAnswerFileNamePattern.exec(name)
    if (!match || match[1] !== questionId || match[3] !== extension) continue
    found.push({ file: `alternatives/${name}`, text: await readFile(path.join(dir, name), 'utf8') })
  }
  return found
}
