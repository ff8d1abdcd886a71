import { describe, expect, it } from 'vitest'
import { CONCURRENT_EDIT_SEPARATOR, mergeReviewDraft, type ReviewDraftValues } from './draft-merge.ts'

const draft = (overall: string, comment: string, levels: number[], links = ''): ReviewDraftValues => ({
  overallComment: overall,
  learningInPublicUrls: links,
  answers: { problem: { levels, comment } },
})

describe('mergeReviewDraft', () => {
  it('takes the side that changed a field', () => {
    const base = draft('', '', [])
    const stored = draft('from tab A', '', [])
    const incoming = draft('', 'from tab B', [2])
    expect(mergeReviewDraft(base, stored, incoming)).toEqual(draft('from tab A', 'from tab B', [2]))
  })

  it('keeps both texts when both sides changed one, so no typing is lost', () => {
    const merged = mergeReviewDraft(draft('start', '', [1]), draft('start and A', '', [1]), draft('start and B', '', [2]))
    expect(merged.overallComment).toBe(`start and A${CONCURRENT_EDIT_SEPARATOR}start and B`)
    expect(merged.answers.problem!.levels).toEqual([2])
  })

  it('unions link lists changed on both sides', () => {
    const merged = mergeReviewDraft(draft('', '', [], ''), draft('', '', [], 'https://a.example/1'), draft('', '', [], 'https://b.example/2'))
    expect(merged.learningInPublicUrls.split('\n')).toEqual(['https://a.example/1', 'https://b.example/2'])
  })
})
