// Two tabs (or two devices) editing one review draft: a save names the version it started from and the
// values it started from (`base`). If someone saved in between, the save is merged field by field instead
// of overwriting: a field only one side changed takes that side; a text both changed keeps both texts, so
// no typing is ever lost; a level choice both changed takes the newer save (it is one click to redo).
export interface ReviewDraftValues {
  overallComment: string
  learningInPublicUrls: string
  /** Per criterion id. */
  answers: Record<string, { levels: number[]; comment: string }>
}

export const CONCURRENT_EDIT_SEPARATOR = '\n\n— edited in another window at the same time —\n\n'

function mergeText(base: string, stored: string, incoming: string): string {
  if (incoming === base || incoming === stored) return stored
  if (stored === base) return incoming
  return `${stored}${CONCURRENT_EDIT_SEPARATOR}${incoming}`
}

/** Links, one per line: when both sides changed, every link from either side. */
function mergeLinks(base: string, stored: string, incoming: string): string {
  if (incoming === base || incoming === stored) return stored
  if (stored === base) return incoming
  const lines = (text: string) => text.split(/\s+/).filter(Boolean)
  return [...new Set([...lines(stored), ...lines(incoming)])].join('\n')
}

function sameLevels(a: readonly number[], b: readonly number[]) {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

export function mergeReviewDraft(base: ReviewDraftValues, stored: ReviewDraftValues, incoming: ReviewDraftValues): ReviewDraftValues {
  const ids = new Set([...Object.keys(stored.answers), ...Object.keys(incoming.answers)])
  const empty = { levels: [], comment: '' }
  const answers: ReviewDraftValues['answers'] = {}
  for (const id of ids) {
    const b = base.answers[id] ?? empty
    const s = stored.answers[id] ?? empty
    const i = incoming.answers[id] ?? empty
    answers[id] = {
      levels: sameLevels(i.levels, b.levels) ? [...s.levels] : [...i.levels],
      comment: mergeText(b.comment, s.comment, i.comment),
    }
  }
  return {
    overallComment: mergeText(base.overallComment, stored.overallComment, incoming.overallComment),
    learningInPublicUrls: mergeLinks(base.learningInPublicUrls, stored.learningInPublicUrls, incoming.learningInPublicUrls),
    answers,
  }
}
