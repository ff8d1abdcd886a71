// Every authoring mistake becomes one issue with a position, so an author sees all of them at once in the
// `file:line:column: field: message` form that editors and CI annotations understand.

export interface CourseIssue {
  /** Path relative to the course folder (or to the courses root for `loadCourses`), with `/` separators. */
  file: string
  /** 1-based. */
  line: number
  /** 1-based. */
  column: number
  /** Dotted path of the field, e.g. `questions[2].answer`; empty when the issue is about the whole file. */
  field: string
  message: string
}

export function formatCourseIssue(issue: CourseIssue) {
  const where = `${issue.file}:${issue.line}:${issue.column}`
  return issue.field ? `${where}: ${issue.field}: ${issue.message}` : `${where}: ${issue.message}`
}

export class CourseValidationError extends Error {
  override name = 'CourseValidationError'
  constructor(
    readonly issues: readonly CourseIssue[],
    readonly courseDir: string,
  ) {
    const count = issues.length === 1 ? '1 error' : `${issues.length} errors`
    super(`Course content in ${courseDir} has ${count}:\n${issues.map(formatCourseIssue).join('\n')}`)
  }
}

/** Collects issues in the order they are found; the loader throws them together at the end. */
export class IssueList {
  readonly issues: CourseIssue[] = []
  add(issue: CourseIssue) {
    this.issues.push(issue)
  }
  /** An issue about a whole file (or one that has no better position). */
  addForFile(file: string, message: string, field = '') {
    this.add({ file, line: 1, column: 1, field, message })
  }
  get isEmpty() {
    return this.issues.length === 0
  }
}
