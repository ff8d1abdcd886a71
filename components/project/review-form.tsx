'use client'
// The rubric review: every criterion needs a level (radio) or the levels that apply (checkbox) and a
// comment; an overall comment; optional learning-in-public links. Drafts are saved on the server with a
// version, so two windows editing the same review merge instead of overwriting (server/projects/draft-merge.ts).
import { useState, useTransition } from 'react'
import type { RubricCriterion } from '@/course/schema'
import { saveReviewDraftAction, submitReviewAction, type DraftState } from '@/server/projects/actions'
import type { ReviewDraftValues } from '@/server/projects/draft-merge'
import { fieldErrorsOf, messageOf } from './form-state'

export function ReviewForm(props: {
  slug: string
  assignmentId: string
  rubric: RubricCriterion[]
  initial: ReviewDraftValues
  version: number
  submitted: boolean
  learningInPublicCap: number
}) {
  const { slug, assignmentId, rubric, learningInPublicCap } = props
  const [values, setValues] = useState(props.initial)
  const [base, setBase] = useState(props.initial)
  const [version, setVersion] = useState(props.version)
  const [submitted, setSubmitted] = useState(props.submitted)
  const [state, setState] = useState<DraftState | null>(null)
  const [pending, startTransition] = useTransition()
  const errors = fieldErrorsOf(state)

  const setAnswer = (id: string, change: Partial<{ levels: number[]; comment: string }>) =>
    setValues((current) => ({ ...current, answers: { ...current.answers, [id]: { ...current.answers[id]!, ...change } } }))

  const send = (action: typeof saveReviewDraftAction) =>
    startTransition(async () => {
      const result = await action(slug, assignmentId, { baseVersion: version, base, values })
      setState(result)
      if (result.ok) {
        setValues(result.values)
        setBase(result.values)
        setVersion(result.version)
        if (result.submitted) setSubmitted(true)
      }
    })

  return (
    <form
      className="space-y-6"
      aria-label="Review"
      onSubmit={(event) => {
        event.preventDefault()
        send(submitReviewAction)
      }}
    >
      {rubric.map((criterion) => {
        const answer = values.answers[criterion.id] ?? { levels: [], comment: '' }
        const levelsError = errors[`${criterion.id}.levels`]
        const commentError = errors[`${criterion.id}.comment`]
        return (
          <fieldset key={criterion.id} className="card space-y-3" data-testid={`criterion-${criterion.id}`} aria-describedby={levelsError ? `${criterion.id}-levels-error` : undefined}>
            <legend className="px-1 font-semibold">
              {criterion.title}
              <span className="ml-2 text-sm font-normal text-slate-600">{criterion.kind === 'radio' ? 'choose one' : 'tick every one that applies'}</span>
            </legend>
            <div className="space-y-1">
              {criterion.levels.map((level, index) => {
                const id = `${criterion.id}-level-${index}`
                const checked = answer.levels.includes(index)
                return (
                  <div key={index} className="flex items-start gap-2">
                    <input
                      id={id}
                      type={criterion.kind}
                      name={`${criterion.id}-levels`}
                      className="mt-1"
                      checked={checked}
                      onChange={(event) =>
                        setAnswer(criterion.id, {
                          levels:
                            criterion.kind === 'radio'
                              ? [index]
                              : event.target.checked
                                ? [...answer.levels, index].sort((a, b) => a - b)
                                : answer.levels.filter((value) => value !== index),
                        })
                      }
                    />
                    <label htmlFor={id} className="text-sm">
                      <span className="font-medium">{level.points} points</span> — {level.description}
                    </label>
                  </div>
                )
              })}
            </div>
            {levelsError && (
              <p id={`${criterion.id}-levels-error`} className="field-error">
                {levelsError}
              </p>
            )}
            <div>
              <label htmlFor={`${criterion.id}-comment`} className="field-label">
                Why? (comment on {criterion.title})
              </label>
              <textarea
                id={`${criterion.id}-comment`}
                rows={2}
                className="field-input"
                value={answer.comment}
                aria-invalid={commentError ? true : undefined}
                aria-describedby={commentError ? `${criterion.id}-comment-error` : undefined}
                onChange={(event) => setAnswer(criterion.id, { comment: event.target.value })}
              />
              {commentError && (
                <p id={`${criterion.id}-comment-error`} className="field-error">
                  {commentError}
                </p>
              )}
            </div>
          </fieldset>
        )
      })}
      <div className="card space-y-4">
        <div>
          <label htmlFor="overallComment" className="field-label">
            Overall comment for the author
          </label>
          <textarea
            id="overallComment"
            rows={4}
            className="field-input"
            value={values.overallComment}
            aria-invalid={errors.overallComment ? true : undefined}
            aria-describedby={errors.overallComment ? 'overallComment-error' : undefined}
            onChange={(event) => setValues((current) => ({ ...current, overallComment: event.target.value }))}
          />
          {errors.overallComment && (
            <p id="overallComment-error" className="field-error">
              {errors.overallComment}
            </p>
          )}
        </div>
        <div>
          <label htmlFor="reviewLearningInPublic" className="field-label">
            Learning in public about this review (optional, one link per line, a point each up to {learningInPublicCap})
          </label>
          <textarea
            id="reviewLearningInPublic"
            rows={2}
            className="field-input font-mono"
            value={values.learningInPublicUrls}
            aria-invalid={errors.learningInPublicUrls ? true : undefined}
            aria-describedby={errors.learningInPublicUrls ? 'reviewLearningInPublic-error' : undefined}
            onChange={(event) => setValues((current) => ({ ...current, learningInPublicUrls: event.target.value }))}
          />
          {errors.learningInPublicUrls && (
            <p id="reviewLearningInPublic-error" className="field-error">
              {errors.learningInPublicUrls}
            </p>
          )}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-secondary" disabled={pending} onClick={() => send(saveReviewDraftAction)}>
          Save draft
        </button>
        <button type="submit" className="btn-primary" disabled={pending}>
          {submitted ? 'Update review' : 'Submit review'}
        </button>
        {submitted && <span className="text-sm text-emerald-800">Submitted</span>}
      </div>
      {messageOf(state) && (
        <p role="status" className={state?.ok ? 'text-sm text-emerald-800' : 'field-error'}>
          {messageOf(state)}
        </p>
      )}
    </form>
  )
}
