import type { SubmissionView } from '@/server/submissions/read-submission'

type GradingProgress = NonNullable<NonNullable<SubmissionView['run']>['progress']>

/** What a running grade is doing, in the learner's words: "Running check 2 of 5…". */
export function gradingProgressText(progress: GradingProgress): string {
  switch (progress.stage) {
    case 'starting':
      return 'Grading: starting the sandbox…'
    case 'running':
      return progress.first === progress.last
        ? `Grading: running check ${progress.first} of ${progress.of}…`
        : `Grading: running checks ${progress.first}–${progress.last} of ${progress.of}…`
    case 'checking':
      return 'Grading: checking the results…'
  }
}
