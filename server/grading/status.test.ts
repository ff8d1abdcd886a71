// The status vocabulary (status.ts) is the database's: the Prisma enums hold exactly these values.
import { describe, expect, it } from 'vitest'
import { GradingRunStatus, SubmissionStatus } from '../db/generated/enums.ts'
import { gradingRunStatuses, isFinalSubmissionStatus, liveEvents, submissionStatuses, submissionStatusOfRun } from './status.ts'

describe('grading status vocabulary', () => {
  it('matches the GradingRunStatus and SubmissionStatus enums of the schema', () => {
    expect([...gradingRunStatuses].sort()).toEqual(Object.values(GradingRunStatus).sort())
    expect([...submissionStatuses].sort()).toEqual(Object.values(SubmissionStatus).sort())
  })

  it('maps every run status to a submission status, and names the live events after them', () => {
    expect(Object.keys(submissionStatusOfRun).sort()).toEqual([...gradingRunStatuses].sort())
    expect(new Set(Object.values(submissionStatusOfRun))).toEqual(new Set(submissionStatuses))
    expect(liveEvents).toEqual(submissionStatuses)
    expect(submissionStatuses.filter(isFinalSubmissionStatus)).toEqual(['graded', 'failed'])
  })
})
