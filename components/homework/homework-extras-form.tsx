'use client'
import { useActionState } from 'react'
import { saveHomeworkExtrasAction, type ExtrasState } from '@/server/learners/actions'
import { FieldError } from '@/components/ui/field-error'
import type { HomeworkExtrasView } from '@/server/learners/homework-learner'

/** What the form opens with: the learner's saved extras, as their part of the homework page brings them. */
export type HomeworkExtrasValues = HomeworkExtrasView

/** Solution link, learning-in-public links (a point each, up to `cap`), hours spent, FAQ entry. */
export function HomeworkExtrasForm(props: { courseSlug: string; homeworkSlug: string; cap: number; values: HomeworkExtrasValues; readOnly: boolean }) {
  const { courseSlug, homeworkSlug, cap, values, readOnly } = props
  const [state, action, pending] = useActionState<ExtrasState, FormData>(
    saveHomeworkExtrasAction.bind(null, courseSlug, homeworkSlug),
    { ok: true },
  )
  const errors: Record<string, string> = state.ok ? {} : (state.error.fieldErrors ?? {})
  // After a save (refused or not) the form shows what was sent, never the values it was opened with.
  const shown = state.values ?? {
    solutionUrl: values.solutionUrl,
    learningInPublicUrls: values.learningInPublicUrls.join('\n'),
    lecturesHours: values.lecturesHours === null ? '' : String(values.lecturesHours),
    homeworkHours: values.homeworkHours === null ? '' : String(values.homeworkHours),
    faqUrl: values.faqUrl,
  }
  const id = (name: string) => `${homeworkSlug}-extras-${name}`
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id(name)}-error` } : {})
  return (
    <form action={action} className="card space-y-4" aria-labelledby={id('title')}>
      <div>
        <h2 id={id('title')} className="font-semibold">
          Beyond the answers
        </h2>
        <p className="text-sm text-slate-600">
          Share your solution and what you learned. Each post about this week earns a point, up to {cap}.
        </p>
      </div>
      <fieldset disabled={readOnly || pending} className="space-y-4">
        <div>
          <label htmlFor={id('solutionUrl')} className="field-label">
            Link to your solution (repository)
          </label>
          <input id={id('solutionUrl')} name="solutionUrl" type="url" defaultValue={shown.solutionUrl} placeholder="https://github.com/you/zoomcamp" className="field-input" {...invalid('solutionUrl')} />
          <FieldError id={`${id('solutionUrl')}-error`} message={errors.solutionUrl} />
        </div>
        <div>
          <label htmlFor={id('learningInPublicUrls')} className="field-label">
            Learning in public: links to your posts, one per line
          </label>
          <textarea
            id={id('learningInPublicUrls')}
            name="learningInPublicUrls"
            rows={3}
            defaultValue={shown.learningInPublicUrls}
            className="field-input font-mono"
            {...invalid('learningInPublicUrls')}
          />
          <FieldError id={`${id('learningInPublicUrls')}-error`} message={errors.learningInPublicUrls} />
          {values.struck.length > 0 && (
            <div className="mt-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="struck-links">
              <p className="font-medium">Struck by course staff (no point):</p>
              <ul className="mt-1 space-y-1">
                {values.struck.map((strike) => (
                  <li key={strike.url}>
                    <del className="break-all">{strike.url}</del> — {strike.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor={id('lecturesHours')} className="field-label">
              Hours on lectures
            </label>
            <input id={id('lecturesHours')} name="lecturesHours" inputMode="decimal" defaultValue={shown.lecturesHours} className="field-input" {...invalid('lecturesHours')} />
            <FieldError id={`${id('lecturesHours')}-error`} message={errors.lecturesHours} />
          </div>
          <div>
            <label htmlFor={id('homeworkHours')} className="field-label">
              Hours on homework
            </label>
            <input id={id('homeworkHours')} name="homeworkHours" inputMode="decimal" defaultValue={shown.homeworkHours} className="field-input" {...invalid('homeworkHours')} />
            <FieldError id={`${id('homeworkHours')}-error`} message={errors.homeworkHours} />
          </div>
        </div>
        <div>
          <label htmlFor={id('faqUrl')} className="field-label">
            Your FAQ contribution (link)
          </label>
          <input id={id('faqUrl')} name="faqUrl" type="url" defaultValue={shown.faqUrl} className="field-input" {...invalid('faqUrl')} />
          <FieldError id={`${id('faqUrl')}-error`} message={errors.faqUrl} />
        </div>
      </fieldset>
      {!readOnly && (
        <button type="submit" className="btn-secondary" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
      )}
      {(state.ok ? state.message : state.error.message) && (
        <p role="status" className={state.ok ? 'text-sm text-emerald-800' : 'text-sm text-red-700'}>
          {state.ok ? state.message : state.error.message}
        </p>
      )}
    </form>
  )
}
