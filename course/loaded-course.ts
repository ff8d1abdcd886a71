// The shape `loadCourse` returns: a course folder read into one typed object, hidden parts included.
// Only the server holds it; a browser gets the allow-listed views in public-view.ts.
import type { KillingData } from './killing-data.ts'
import type {
  CourseConfig,
  HomeworkConfig,
  LessonFrontMatter,
  ModuleConfig,
  ProjectConfig,
  QuestionEngine,
  QuestionKind,
  QuestionSpec,
  SqlHintLevel,
} from './schema.ts'

export interface LoadedCourse {
  /** The folder name. */
  slug: string
  /** Absolute path of the course folder. */
  dir: string
  config: CourseConfig
  startsAt: Date
  weeks: LoadedWeek[]
  project: LoadedProject | null
  contentHash: string
}

export interface LoadedProject {
  config: ProjectConfig
  startsAt: Date
  /** Attempt 1, then the retake if the course has one. */
  attempts: LoadedProjectAttempt[]
  /** Markdown of project/project.md. */
  markdown: string
}

/** One attempt's windows as the course files declare them (instructors may move them; see server/projects/). */
export interface LoadedProjectAttempt {
  /** 1 or 2. */
  number: number
  opensAt: Date
  submissionDeadline: Date
  reviewDeadline: Date
}

export interface LoadedWeek {
  /** Folder name under weeks/, e.g. `01-introduction`. */
  folder: string
  /** The folder name without its number, e.g. `introduction`: stable when weeks are renumbered. */
  slug: string
  /** 1-based position in course.yaml `weeks`. */
  number: number
  config: ModuleConfig
  startsAt: Date
  lessons: LoadedLesson[]
  homework: LoadedHomework | null
  contentHash: string
}

export interface LoadedLesson {
  /** Relative to the course folder, e.g. `weeks/01-introduction/lessons/01-docker-basics.md`. */
  file: string
  /** The file name without number and extension, e.g. `docker-basics`. */
  slug: string
  /** 1-based position in the week. */
  number: number
  frontMatter: LessonFrontMatter
  /** Markdown after the front matter. */
  body: string
  contentHash: string
}

export interface LoadedHomework {
  /** Relative to the course folder. */
  file: string
  /** The `id:` key of homework.yaml: a slug, never a database row id. */
  slug: string
  config: Omit<HomeworkConfig, 'questions'>
  /** How much a wrong SQL answer's hint says: the homework's `sql_hints`, else the course's (never above the course's). */
  sqlHints: SqlHintLevel
  /** Answers are accepted from here on: `opens`, or the week's start. */
  opensAt: Date
  deadline: Date
  latePolicy: { until: Date; penalty: number } | null
  questions: LoadedQuestion[]
  totalPoints: number
  contentHash: string
}

export interface WrongAnswer {
  /** From `<question-id>--<label>.sql`. */
  label: string
  /** Relative to the course folder. */
  file: string
  /** Absolute path. */
  path: string
  /** The check that must fail first (the `-- expect:` line). */
  expect: string
  text: string
}

export interface SqlHiddenParts {
  /** Absolute path of the reference solution. */
  solutionPath: string
  solutionSql: string
  wrongAnswers: WrongAnswer[]
  /** hidden/killing/<question-id>.json (graders/sql/killing), when the author has generated it. */
  killingData?: KillingData
}

export interface PythonHiddenParts {
  /** Absolute path of the hidden tests folder. */
  testsDir: string
  /** Files in it, relative to it, sorted. */
  testFiles: string[]
  wrongAnswers: WrongAnswer[]
}

type QuizHiddenParts = Record<string, never>

export interface HiddenPartsByKind {
  single_choice: QuizHiddenParts
  multiple_choice: QuizHiddenParts
  numeric: QuizHiddenParts
  text: QuizHiddenParts
  sql: SqlHiddenParts
  python: PythonHiddenParts
}

/** Narrow with `question.kind`: `spec` and `hidden` follow. */
export type LoadedQuestion = {
  [Kind in QuestionKind]: {
    kind: Kind
    /** The question's `id:` key in homework.yaml: a slug, never a database row id. */
    slug: string
    /** 1-based position in the homework. */
    number: number
    engine: QuestionEngine
    spec: Extract<QuestionSpec, { kind: Kind }>
    hidden: HiddenPartsByKind[Kind]
    contentHash: string
  }
}[QuestionKind]
