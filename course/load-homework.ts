// Reads a week's homework.yaml and the hidden parts its questions refer to, checking what a schema cannot
// see alone: answers among the options, unique ids, referenced hidden files that exist.
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { killingDataPath, readKillingData } from './killing-data.ts'
import { contentHash, sha256 } from './content-hash.ts'
import type { LoadedHomework, LoadedQuestion, WrongAnswer } from './loaded-course.ts'
import {
  engineOf,
  homeworkConfigSchema,
  questionSchema,
  sqlHintLevels,
  sqlWrongAnswerChecks,
  wrongAnswerFileNamePattern,
  type QuestionSpec,
  type SqlHintLevel,
} from './schema.ts'
import type { IssueList } from './validation-error.ts'
import { validateYaml, type YamlSource } from './yaml-source.ts'
import { parseCourseDateTime } from './zoned-time.ts'

// Questions are validated one by one so that one broken question does not hide the others' errors.
const homeworkWithoutQuestionsSchema = homeworkConfigSchema
  .omit({ questions: true })
  .extend({ questions: z.array(z.unknown()).min(1, 'needs at least one question') })

export const minimumWrongAnswersPerSqlQuestion = 2

export interface HomeworkContext {
  courseDir: string
  /** e.g. `weeks/01-introduction` */
  weekPath: string
  timeZone: string
  /** The week's start: the homework opens then unless it says `opens`. */
  weekStartsAt: Date
  issues: IssueList
  homeworkFileById: Map<string, string>
  /** The course's `sql_hints`: the most this homework's SQL hints may say. */
  sqlHintCap: SqlHintLevel
}

export async function loadHomework(source: YamlSource, context: HomeworkContext) {
  const { issues } = context
  const config = validateYaml(source, homeworkWithoutQuestionsSchema, issues)
  if (config) {
    const otherFile = context.homeworkFileById.get(config.id)
    if (otherFile) issues.add(source.issueAt(['id'], `duplicate homework id "${config.id}" (also in ${otherFile})`))
    else context.homeworkFileById.set(config.id, source.file)
  }
  const rawQuestions = Array.isArray((source.value as { questions?: unknown })?.questions)
    ? ((source.value as { questions: unknown[] }).questions)
    : []
  const specs = rawQuestions.map((_, index) => validateYaml(source, questionSchema, issues, ['questions', index]))
  checkQuestionIds(source, rawQuestions, issues)
  specs.forEach((spec, index) => spec && checkAnswersAmongOptions(source, spec, index, issues))

  const hiddenDir = path.join(context.courseDir, context.weekPath, 'hidden')
  const wrongAnswers = await readWrongAnswers(hiddenDir, specs, context)
  const questions: LoadedQuestion[] = []
  for (const [index, spec] of specs.entries()) {
    if (!spec) continue
    const question = await loadQuestion(source, spec, index, hiddenDir, wrongAnswers.get(spec.id) ?? [], context)
    if (question) questions.push(question)
  }

  if (!config || questions.length !== rawQuestions.length) return null
  const deadline = parseCourseDateTime(config.deadline, context.timeZone)
  const opensAt = config.opens ? parseCourseDateTime(config.opens, context.timeZone) : context.weekStartsAt
  if (opensAt >= deadline) {
    issues.add(config.opens ? source.issueAt(['opens'], 'must be before the deadline') : source.issueAt(['deadline'], "must be after the week's start (when the homework opens)"))
  }
  const latePolicy = config.late_policy
    ? { until: parseCourseDateTime(config.late_policy.until, context.timeZone), penalty: config.late_policy.penalty }
    : null
  if (latePolicy && latePolicy.until <= deadline) {
    issues.add(source.issueAt(['late_policy', 'until'], 'must be after the deadline'))
  }
  const sqlHints = config.sql_hints ?? context.sqlHintCap
  if (sqlHintLevels.indexOf(sqlHints) > sqlHintLevels.indexOf(context.sqlHintCap)) {
    issues.add(
      source.issueAt(
        ['sql_hints'],
        `the course caps SQL hints at "${context.sqlHintCap}" (sql_hints in course.yaml): a homework may lower it, not raise it`,
      ),
    )
  }
  const { questions: _questions, ...homeworkConfig } = config
  const homework: LoadedHomework = {
    file: source.file,
    slug: config.id,
    config: homeworkConfig,
    sqlHints,
    opensAt,
    deadline,
    latePolicy,
    questions,
    totalPoints: questions.reduce((sum, question) => sum + question.spec.points, 0),
    contentHash: contentHash({ config: homeworkConfig, questions: questions.map((question) => question.contentHash) }),
  }
  return homework
}

function checkQuestionIds(source: YamlSource, rawQuestions: unknown[], issues: IssueList) {
  const firstIndexById = new Map<unknown, number>()
  rawQuestions.forEach((raw, index) => {
    const id = (raw as { id?: unknown } | null)?.id
    if (typeof id !== 'string') return
    const first = firstIndexById.get(id)
    if (first === undefined) firstIndexById.set(id, index)
    else issues.add(source.issueAt(['questions', index, 'id'], `duplicate question id "${id}" (also questions[${first}])`))
  })
}

function checkAnswersAmongOptions(source: YamlSource, spec: QuestionSpec, index: number, issues: IssueList) {
  if (spec.kind !== 'single_choice' && spec.kind !== 'multiple_choice') return
  const optionIds = new Set<string>()
  spec.options.forEach((option, optionIndex) => {
    if (optionIds.has(option.id)) {
      issues.add(source.issueAt(['questions', index, 'options', optionIndex, 'id'], `duplicate option id "${option.id}"`))
    }
    optionIds.add(option.id)
  })
  const known = [...optionIds].join(', ')
  if (spec.kind === 'single_choice') {
    if (!optionIds.has(spec.answer)) {
      issues.add(source.issueAt(['questions', index, 'answer'], `"${spec.answer}" is not an option id (${known})`))
    }
    return
  }
  const seen = new Set<string>()
  spec.answer.forEach((answer, answerIndex) => {
    const at = ['questions', index, 'answer', answerIndex]
    if (!optionIds.has(answer)) issues.add(source.issueAt(at, `"${answer}" is not an option id (${known})`))
    else if (seen.has(answer)) issues.add(source.issueAt(at, `"${answer}" is listed twice`))
    seen.add(answer)
  })
}

async function loadQuestion(
  source: YamlSource,
  spec: QuestionSpec,
  index: number,
  hiddenDir: string,
  wrongAnswers: WrongAnswer[],
  context: HomeworkContext,
): Promise<LoadedQuestion | null> {
  const base = { slug: spec.id, number: index + 1, engine: engineOf(spec) }
  const hiddenLabel = `${context.weekPath}/hidden`
  switch (spec.kind) {
    case 'sql': {
      if (wrongAnswers.length < minimumWrongAnswersPerSqlQuestion) {
        context.issues.add(
          source.issueAt(
            ['questions', index, 'id'],
            `needs at least ${minimumWrongAnswersPerSqlQuestion} wrong answers in ${hiddenLabel}/wrong/${spec.id}--<label>.sql (found ${wrongAnswers.length})`,
          ),
        )
      }
      const solutionPath = path.join(hiddenDir, spec.solution)
      const solutionSql = await readTextIfFile(solutionPath)
      if (solutionSql === null) {
        context.issues.add(
          source.issueAt(['questions', index, 'solution'], `file ${hiddenLabel}/${spec.solution} does not exist`),
        )
        return null
      }
      if (solutionSql.trim() === '') {
        context.issues.add(source.issueAt(['questions', index, 'solution'], `${hiddenLabel}/${spec.solution} is empty`))
        return null
      }
      const killing = await readKillingData(killingDataPath(hiddenDir, spec.id))
      if (killing.kind === 'invalid') {
        context.issues.add(source.issueAt(['questions', index, 'id'], `${hiddenLabel}/killing/${spec.id}.json ${killing.problem}`))
      }
      const killingData = killing.kind === 'present' ? killing.data : undefined
      const hidden = { solutionPath, solutionSql, wrongAnswers, ...(killingData ? { killingData } : {}) }
      // The killing data decides grades too; absent, the hash is what it was before killing data existed.
      const hashed = killingData ? { solutionSql, wrongAnswers, killingData } : { solutionSql, wrongAnswers }
      return { ...base, kind: spec.kind, spec, hidden, contentHash: hashQuestion(spec, hashed) }
    }
    case 'python': {
      const testsDir = path.join(hiddenDir, spec.tests)
      const testFiles = await listFilesRecursively(testsDir)
      if (testFiles === null || testFiles.length === 0) {
        const problem = testFiles === null ? 'is not a folder' : 'is empty'
        context.issues.add(source.issueAt(['questions', index, 'tests'], `${hiddenLabel}/${spec.tests} ${problem}`))
        return null
      }
      const testFileHashes = await Promise.all(
        testFiles.map(async (file) => ({ file, sha256: sha256(await readFile(path.join(testsDir, file))) })),
      )
      const hidden = { testsDir, testFiles, wrongAnswers }
      return { ...base, kind: spec.kind, spec, hidden, contentHash: hashQuestion(spec, { testFileHashes, wrongAnswers }) }
    }
    default: {
      if (wrongAnswers.length > 0) {
        context.issues.add(
          source.issueAt(['questions', index, 'kind'], `wrong answers are only for sql and python questions`),
        )
      }
      // The union of the four quiz kinds does not distribute over LoadedQuestion by itself.
      return { ...base, kind: spec.kind, spec, hidden: {}, contentHash: hashQuestion(spec, {}) } as LoadedQuestion
    }
  }
}

function hashQuestion(spec: QuestionSpec, hidden: { wrongAnswers?: WrongAnswer[]; [part: string]: unknown }) {
  const wrongAnswers = hidden.wrongAnswers?.map(({ label, expect, text }) => ({ label, expect, text }))
  return contentHash({ spec, hidden: { ...hidden, wrongAnswers } })
}

/** hidden/wrong/<question-id>--<label>.sql (or .py): the first line names the check that must fail. */
async function readWrongAnswers(
  hiddenDir: string,
  specs: (QuestionSpec | undefined)[],
  context: HomeworkContext,
): Promise<Map<string, WrongAnswer[]>> {
  const byQuestion = new Map<string, WrongAnswer[]>()
  const wrongDir = path.join(hiddenDir, 'wrong')
  const names = (await readdir(wrongDir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).sort()
  const specById = new Map(specs.filter((spec) => spec !== undefined).map((spec) => [spec.id, spec]))
  for (const name of names) {
    const file = `${context.weekPath}/hidden/wrong/${name}`
    const match = wrongAnswerFileNamePattern.exec(name)
    if (!match) {
      context.issues.addForFile(file, 'wrong-answer files are named <question-id>--<label>.sql (or .py)')
      continue
    }
    const [, questionId, label, extension] = match as unknown as [string, string, string, 'sql' | 'py']
    const spec = specById.get(questionId)
    if (!spec) {
      // A question that failed validation has no spec; its own errors are reported already.
      if (!rawIdExists(specs, questionId)) {
        context.issues.addForFile(file, `no question "${questionId}" in this week's homework`)
      }
      continue
    }
    const expectedExtension = spec.kind === 'python' ? 'py' : 'sql'
    if (spec.kind === 'sql' || spec.kind === 'python') {
      if (extension !== expectedExtension) {
        context.issues.addForFile(file, `a wrong answer to a ${spec.kind} question must be a .${expectedExtension} file`)
        continue
      }
    }
    const filePath = path.join(wrongDir, name)
    const text = (await readTextIfFile(filePath)) ?? ''
    const expect = readExpectLine(text, extension)
    if (expect === null) {
      const comment = extension === 'sql' ? '--' : '#'
      context.issues.addForFile(file, `first line must be "${comment} expect: <check>"`)
      continue
    }
    if (extension === 'sql' && !(sqlWrongAnswerChecks as readonly string[]).includes(expect)) {
      context.issues.add({
        file,
        line: 1,
        column: text.indexOf(expect) + 1,
        field: '',
        message: `unknown check "${expect}"; one of ${sqlWrongAnswerChecks.join(', ')}`,
      })
      continue
    }
    const list = byQuestion.get(questionId) ?? []
    list.push({ label, file, path: filePath, expect, text })
    byQuestion.set(questionId, list)
  }
  return byQuestion
}

function rawIdExists(specs: (QuestionSpec | undefined)[], id: string) {
  return specs.some((spec) => spec?.id === id) || specs.some((spec) => spec === undefined)
}

function readExpectLine(text: string, extension: 'sql' | 'py') {
  const firstLine = text.split('\n', 1)[0] ?? ''
  const pattern = extension === 'sql' ? /^--\s*expect:\s*([a-z-]+)\s*$/ : /^#\s*expect:\s*([a-z0-9_-]+)\s*$/
  return pattern.exec(firstLine)?.[1] ?? null
}

export async function readTextIfFile(filePath: string): Promise<string | null> {
  const info = await stat(filePath).catch(() => null)
  if (!info?.isFile()) return null
  // Editors on Windows may add a byte-order mark and CRLF line ends; neither should change a position or a hash.
  return (await readFile(filePath, 'utf8')).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n')
}

/** Relative paths of all files below `dir` (dotfiles skipped), sorted; null when `dir` is not a folder. */
async function listFilesRecursively(dir: string): Promise<string[] | null> {
  const info = await stat(dir).catch(() => null)
  if (!info?.isDirectory()) return null
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .filter((file) => !file.split('/').some((part) => part.startsWith('.') || part === '__pycache__'))
    .sort()
}
