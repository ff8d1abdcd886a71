// The course format (docs/course-authoring.md) as zod schemas: the single source of every shape the
// authoring files may take. Objects are strict so that a misspelt key is an error, not a silent default.
import { z } from 'zod'

/** Lowercase letters, digits and single dashes: used in URLs and file names. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const slug = z.string().regex(slugPattern, 'must be lowercase letters, digits and dashes (e.g. "docker-basics")')

/** `NN-<slug>`: week folders and lesson files (without `.md`) are ordered by their number. */
export const numberedSlugPattern = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/
export const weekFolderName = z
  .string()
  .regex(numberedSlugPattern, 'must be a week folder name like "01-introduction" (NN-<slug>)')

const nonEmptyText = z.string().trim().min(1, 'must not be empty')

const dateOnlyPattern = /^(\d{4})-(\d{2})-(\d{2})$/
// An offset is optional: without one, the time is wall-clock time in the course timezone.
const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/

function isRealCalendarDate(year: number, month: number, day: number) {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** A calendar date `YYYY-MM-DD`. */
export const calendarDate = z.string().refine((value) => {
  const match = dateOnlyPattern.exec(value)
  return match !== null && isRealCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))
}, 'must be a date like 2027-01-13 (YYYY-MM-DD)')

/** `YYYY-MM-DDTHH:MM[:SS]` with an optional offset (`Z`, `+01:00`); see `parseCourseDateTime`. */
export const localDateTime = z.string().refine((value) => {
  const match = dateTimePattern.exec(value)
  if (!match) return false
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)]
  return (
    isRealCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) && hour < 24 && minute < 60 && second < 60
  )
}, 'must be a date and time like 2027-01-27T23:00:00 (course timezone) or 2027-01-27T22:00:00Z')

export function isValidTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export const ianaTimeZone = z
  .string()
  .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin or America/New_York')

// ---------------------------------------------------------------------------------------------
// course.yaml

/** One described level of a rubric criterion: what the reviewer sees and the points it gives. */
export const rubricLevelSchema = z.strictObject({
  points: z.number().int().min(0),
  description: nonEmptyText,
})

/**
 * A peer-review criterion. `radio`: the reviewer picks one level. `checkbox`: the reviewer ticks every
 * level that applies and the points add up (a level of 0 points reads as "none of these").
 */
export const rubricCriterionSchema = z
  .strictObject({
    id: slug,
    title: nonEmptyText,
    kind: z.enum(['radio', 'checkbox']).default('radio'),
    levels: z.array(rubricLevelSchema).min(2, 'needs at least two levels'),
  })
  .superRefine((criterion, context) => {
    if (criterion.levels.every((level) => level.points === 0)) {
      context.addIssue({ code: 'custom', path: ['levels'], message: 'at least one level must give points' })
    }
  })

/** One attempt's windows: submissions until `submission_deadline`, reviews until `review_deadline`. */
const attemptWindowFields = {
  submission_deadline: localDateTime,
  review_deadline: localDateTime,
}

export const projectConfigSchema = z
  .strictObject({
    title: nonEmptyText,
    /** When attempt 1 opens for submissions. */
    starts: calendarDate,
    ...attemptWindowFields,
    /** Attempt 2, for learners who missed or failed attempt 1: it opens when attempt 1's reviews close. */
    retake: z.strictObject(attemptWindowFields).optional(),
    /** N: reviewers per project, and so reviews per learner. */
    reviews_per_learner: z.number().int().min(1).max(10).default(3),
    /** Fewer counted reviews than this and the project goes to an instructor (default N − 1, at least 1). */
    min_reviews_for_score: z.number().int().min(1).optional(),
    /** Project points (the sum of the criteria medians) needed to pass. */
    pass_mark: z.number().int().min(0),
    /** Leaderboard points per completed assigned review. */
    points_per_review: z.number().int().min(0).default(3),
    learning_in_public_cap: z
      .strictObject({
        /** Links on the project submission, a point each. */
        project: z.number().int().min(0).default(14),
        /** Links on each review, a point each. */
        review: z.number().int().min(0).default(2),
      })
      .default({ project: 14, review: 2 }),
    /** A reviewer who has not opened the review this long after assignment may be replaced. */
    replace_unstarted_reviewer_after_hours: z.number().int().min(1).default(72),
    rubric: z.array(rubricCriterionSchema).min(1, 'needs at least one criterion'),
  })
  .superRefine((project, context) => {
    const seen = new Set<string>()
    project.rubric.forEach((criterion, index) => {
      if (seen.has(criterion.id)) context.addIssue({ code: 'custom', path: ['rubric', index, 'id'], message: `duplicate criterion id "${criterion.id}"` })
      seen.add(criterion.id)
    })
    if (project.min_reviews_for_score !== undefined && project.min_reviews_for_score > project.reviews_per_learner) {
      context.addIssue({ code: 'custom', path: ['min_reviews_for_score'], message: 'must be at most reviews_per_learner' })
    }
    const maximum = project.rubric.reduce((sum, criterion) => sum + criterionMaxPoints(criterion), 0)
    if (project.pass_mark > maximum) {
      context.addIssue({ code: 'custom', path: ['pass_mark'], message: `must be at most the rubric's maximum, ${maximum}` })
    }
  })

export function minReviewsForScore(project: Pick<ProjectConfig, 'min_reviews_for_score' | 'reviews_per_learner'>): number {
  return project.min_reviews_for_score ?? Math.max(1, project.reviews_per_learner - 1)
}

/** The most a criterion can give: the best level (radio) or every level ticked (checkbox). */
export function criterionMaxPoints(criterion: Pick<RubricCriterion, 'kind' | 'levels'>): number {
  const points = criterion.levels.map((level) => level.points)
  return criterion.kind === 'checkbox' ? points.reduce((sum, value) => sum + value, 0) : Math.max(...points)
}

export const certificateConfigSchema = z.strictObject({
  min_homework_score: z.number().min(0).max(1).default(0),
  project_required: z.boolean().default(true),
  reviews_required: z.number().int().min(0).default(3),
})

export const leaderboardConfigSchema = z.strictObject({
  learning_in_public_cap: z.number().int().min(0).default(7),
})

/**
 * How much a wrong SQL answer's feedback may say about the clause to fix (graders/sql/hints), from
 * least to most: `off`; `where` (which clause); `what` (also the columns and functions it misses or
 * does not need); `how` (also operators, sort directions and values). Each level reveals more of the reference.
 */
export const sqlHintLevels = ['off', 'where', 'what', 'how'] as const
export type SqlHintLevel = (typeof sqlHintLevels)[number]
/** What a course allows when course.yaml does not say. */
export const defaultSqlHintLevel: SqlHintLevel = 'where'

export const courseConfigSchema = z.strictObject({
  title: nonEmptyText,
  summary: nonEmptyText,
  starts: calendarDate,
  timezone: ianaTimeZone,
  weeks: z.array(weekFolderName).min(1, 'list at least one week folder'),
  project: projectConfigSchema.optional(),
  certificate: certificateConfigSchema.optional(),
  leaderboard: leaderboardConfigSchema.optional(),
  /** The most a wrong SQL answer's hint says in this course (default `where`); a homework may lower it. */
  sql_hints: z.enum(sqlHintLevels).optional(),
})

// ---------------------------------------------------------------------------------------------
// module.yaml and lesson front matter

export const moduleConfigSchema = z.strictObject({
  title: nonEmptyText,
  summary: nonEmptyText.optional(),
  starts: calendarDate.optional(),
})

export const lessonFrontMatterSchema = z.strictObject({
  title: nonEmptyText,
  duration: z.number().int().positive().describe('minutes'),
  video: z.url({ protocol: /^https?$/ }).optional(),
})

// ---------------------------------------------------------------------------------------------
// homework.yaml and its questions

const choiceOptionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+$/, 'must be a short id of lowercase letters or digits (a, b, c…)'),
  text: nonEmptyText,
})

/** A path under the week's `hidden/` folder; never absolute, never leaving it. */
const hiddenRelativePath = z
  .string()
  .min(1)
  .refine(
    (value) => !value.startsWith('/') && !value.split(/[\\/]/).includes('..') && !value.startsWith('hidden/'),
    'must be a path relative to the week\'s hidden/ folder (e.g. "solutions/q1.sql"), without ".."',
  )

const questionBase = {
  id: slug,
  points: z.number().positive(),
  prompt: nonEmptyText,
  explanation: nonEmptyText.optional(),
}

export const singleChoiceQuestionSchema = z.strictObject({
  ...questionBase,
  kind: z.literal('single_choice'),
  options: z.array(choiceOptionSchema).min(2, 'needs at least two options'),
  answer: z.string(),
})

export const multipleChoiceQuestionSchema = z.strictObject({
  ...questionBase,
  kind: z.literal('multiple_choice'),
  options: z.array(choiceOptionSchema).min(2, 'needs at least two options'),
  answer: z.array(z.string()).min(1, 'list at least one correct option'),
  partial_credit: z.boolean().default(false),
})

export const numericQuestionSchema = z
  .strictObject({
    ...questionBase,
    kind: z.literal('numeric'),
    answer: z.number(),
    tolerance: z.number().min(0).optional(),
    relative_tolerance: z.number().min(0).optional(),
  })
  .refine((question) => question.tolerance === undefined || question.relative_tolerance === undefined, {
    message: 'use either tolerance or relative_tolerance, not both',
    path: ['relative_tolerance'],
  })

export const textNormalizationSchema = z.strictObject({
  trim: z.boolean().default(true),
  case: z.enum(['insensitive', 'sensitive']).default('insensitive'),
  collapse_whitespace: z.boolean().default(true),
})

function isValidRegex(pattern: string) {
  try {
    new RegExp(pattern, 'i')
    return true
  } catch {
    return false
  }
}

export const textQuestionSchema = z
  .strictObject({
    ...questionBase,
    kind: z.literal('text'),
    // One accepted answer may be written without the list brackets.
    answer: z
      .union([nonEmptyText, z.array(nonEmptyText).min(1, 'list at least one accepted answer')], {
        error: 'must be an accepted answer (text) or a list of them; quote numbers: "42"',
      })
      .transform((answer) => (typeof answer === 'string' ? [answer] : answer))
      .optional(),
    pattern: z.string().refine(isValidRegex, 'must be a valid regular expression').optional(),
    normalize: textNormalizationSchema.prefault({}),
  })
  .refine((question) => (question.answer === undefined) !== (question.pattern === undefined), {
    message: 'give exactly one of answer or pattern',
    path: ['answer'],
  })

export const sqlStatementKinds = [
  'select',
  'create_table_as',
  'create_view',
  'create_index',
  'insert',
  'update',
  'delete',
  'create_external_table',
] as const
export const sqlEngines = ['postgres', 'bigquery'] as const
/** What the BigQuery engine runs (graders/bigquery): queries and BigQuery's table DDL. */
export const bigQueryStatementKinds = ['select', 'create_table_as', 'create_external_table'] as const

export const sqlCompareSchema = z.strictObject({
  ordered: z.union([z.literal('auto'), z.boolean()], { error: 'must be auto, true or false' }).default('auto'),
  float_tolerance: z.number().min(0).default(1e-6),
  column_names: z.boolean().default(false),
  /** BigQuery only: the dry-run byte estimate (of the query, or of check_query after DDL) must equal the reference's. */
  estimate: z.boolean().optional(),
  /** BigQuery CREATE TABLE only: the created table's columns, partitioning and clustering must be the reference's. */
  table_layout: z.boolean().optional(),
})

export const sqlQuestionSchema = z.strictObject({
  ...questionBase,
  kind: z.literal('sql'),
  engine: z.enum(sqlEngines),
  dataset: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a dataset name like nyc_taxi'),
  solution: hiddenRelativePath.refine((file) => file.endsWith('.sql'), 'must name a .sql file'),
  starter: z.string().optional(),
  statements: z.array(z.enum(sqlStatementKinds)).min(1).default(['select']),
  compare: sqlCompareSchema.prefault({}),
  /**
   * For questions whose answer changes the database (CREATE TABLE AS, views, indexes, DML): a SELECT
   * run after the learner's statement and after the reference's, each in a rolled-back transaction;
   * the two results are compared. Hidden: it may name what the answer should create.
   */
  check_query: z.string().min(1).optional(),
  /**
   * Mutants of the reference (`syllabus questions check`) that are the same query in disguise, by id,
   * each with the reason; they do not count against the mutation score.
   */
  equivalent_mutants: z
    .array(z.strictObject({ id: z.string().regex(/^m-[0-9a-f]{8}$/, 'must be a mutant id like m-1a2b3c4d'), reason: nonEmptyText }))
    // optional, not default([]): an absent list leaves the question's content hash as it was.
    .optional(),
  /**
   * BigQuery only: statements run before the answer (and before the reference) in the same per-run
   * scratch datasets, e.g. the external table the question is about.
   */
  setup: z.array(z.string().min(1)).optional(),
})
  .refine((question) => question.statements.every((kind) => kind === 'select') || question.check_query, {
    message: 'a question that allows statements other than select needs a check_query to compare what they did',
    path: ['check_query'],
  })
  .refine((question) => question.engine === 'bigquery' || question.statements.every((kind) => kind !== 'create_external_table'), {
    message: 'create_external_table is a BigQuery statement: use engine: bigquery',
    path: ['statements'],
  })
  .refine((question) => question.engine === 'postgres' || question.statements.every((kind) => (bigQueryStatementKinds as readonly string[]).includes(kind)), {
    message: `a bigquery question allows only ${bigQueryStatementKinds.join(', ')}`,
    path: ['statements'],
  })
  .refine((question) => question.engine === 'bigquery' || (!question.setup && !question.compare.estimate && !question.compare.table_layout), {
    message: 'setup, compare.estimate and compare.table_layout are for engine: bigquery questions',
    path: ['engine'],
  })

export const pythonLimitsSchema = z.strictObject({
  timeout_seconds: z.number().int().min(1).max(600).default(60),
  memory_mb: z.number().int().min(64).max(8192).default(512),
})

export const pythonQuestionSchema = z.strictObject({
  ...questionBase,
  kind: z.literal('python'),
  tests: hiddenRelativePath,
  image: z.string().regex(/^[a-z0-9][a-z0-9._/-]*(?::[A-Za-z0-9._-]+)?$/, 'must be an image name').default('python-data'),
  limits: pythonLimitsSchema.prefault({}),
  starter: z.string().optional(),
})

export const questionSchema = z.discriminatedUnion('kind', [
  singleChoiceQuestionSchema,
  multipleChoiceQuestionSchema,
  numericQuestionSchema,
  textQuestionSchema,
  sqlQuestionSchema,
  pythonQuestionSchema,
])

export const questionKinds = ['single_choice', 'multiple_choice', 'numeric', 'text', 'sql', 'python'] as const
export const quizKinds = ['single_choice', 'multiple_choice', 'numeric', 'text'] as const

export const latePolicySchema = z.strictObject({
  until: localDateTime,
  penalty: z.number().min(0).max(1),
})

export const homeworkConfigSchema = z.strictObject({
  id: slug,
  title: nonEmptyText,
  /** When answers are first accepted; unset: the week's start (its `starts`, or the course's start + 7 days a week). */
  opens: localDateTime.optional(),
  deadline: localDateTime,
  late_policy: latePolicySchema.optional(),
  scoring: z.enum(['best', 'last']).default('best'),
  show_answers_after_deadline: z.boolean().default(true),
  /**
   * Graded attempts per question. Unset: one for a choice question (so guessing gains nothing),
   * unlimited for the others (numeric, text, SQL, Python answers cannot be enumerated).
   */
  max_attempts: z.number().int().min(1).max(1000).optional(),
  /** When a learner learns whether an answer was right: at once, or once submissions close. */
  feedback: z.enum(['immediate', 'after_deadline']).default('immediate'),
  /** This homework's SQL hint level (see sqlHintLevels): at most the course's `sql_hints`, which it defaults to. */
  sql_hints: z.enum(sqlHintLevels).optional(),
  questions: z.array(questionSchema).min(1, 'needs at least one question'),
})

// ---------------------------------------------------------------------------------------------
// hidden/wrong/<question-id>--<label>.sql: answers that must fail on a named check.

export const sqlWrongAnswerChecks = ['parses', 'statement', 'runs', 'columns', 'rows', 'values', 'estimate', 'table', 'counterexample', 'hidden-data'] as const
export const wrongAnswerFileNamePattern = /^([a-z0-9]+(?:-[a-z0-9]+)*)--([a-z0-9]+(?:-[a-z0-9]+)*)\.(sql|py)$/

export type CourseConfig = z.infer<typeof courseConfigSchema>
export type ProjectConfig = z.infer<typeof projectConfigSchema>
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>
export type RubricLevel = z.infer<typeof rubricLevelSchema>
export type ModuleConfig = z.infer<typeof moduleConfigSchema>
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>
export type HomeworkConfig = z.infer<typeof homeworkConfigSchema>
export type QuestionSpec = z.infer<typeof questionSchema>
export type QuestionKind = QuestionSpec['kind']
export type QuizKind = (typeof quizKinds)[number]
export type SqlQuestionSpec = z.infer<typeof sqlQuestionSchema>
export type PythonQuestionSpec = z.infer<typeof pythonQuestionSchema>
export type SqlWrongAnswerCheck = (typeof sqlWrongAnswerChecks)[number]
/** What grades a question: the quiz engine, the SQL engine it names, or the Python sandbox. */
export type QuestionEngine = 'quiz' | SqlQuestionSpec['engine'] | 'python'

export function engineOf(question: QuestionSpec): QuestionEngine {
  if (question.kind === 'sql') return question.engine
  if (question.kind === 'python') return 'python'
  return 'quiz'
}
