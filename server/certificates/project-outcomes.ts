// Where certification reads a learner's final-project results. The final project and its peer review live
// in server/projects/ (another module); until it provides this source, `projectOutcomeSource` is null and
// the project requirements are "not evaluable yet": nobody is certified on a made-up project result.
export interface ProjectOutcome {
  submitted: boolean
  /** null while the project is not scored yet (reviews still open, or waiting for an instructor). */
  passed: boolean | null
  /** Peer reviews this learner completed (volunteer reviews do not count). */
  reviewsDone: number
}

export interface ProjectOutcomeSource {
  /** Outcomes by user id for the given learners of one course (a learner without a project: submitted false). */
  outcomes(courseId: string, userIds: string[]): Promise<Map<string, ProjectOutcome>>
}

export const projectOutcomeSource: ProjectOutcomeSource | null = null
