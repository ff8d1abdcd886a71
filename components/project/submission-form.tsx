'use client'
import { useActionState } from 'react'
import { saveProjectSubmissionAction, type FormState } from '@/server/projects/actions'
import { fieldErrorsOf, messageOf } from './form-state'
import { FieldError } from '@/components/ui/field-error'

export interface SubmissionValues {
  repoUrl: string
  commitSha: string
  description: string
  dashboardUrl: string
  learningInPublicUrls: string[]
  hoursSpent: number | null
  comments: string
}

/** The project submission: editable while the submission window is open. */
export function SubmissionForm({ slug, values, readOnly, learningInPublicCap }: { slug: string; values: SubmissionValues; readOnly: boolean; learningInPublicCap: number }) {
  const [state, action, pending] = useActionState<FormState, FormData>(saveProjectSubmissionAction.bind(null, slug), { ok: true })
  const errors = fieldErrorsOf(state)
  // After an action React resets the form to its default values: make those what was just sent.
  const sent = state.values
  const initial = {
    repoUrl: sent?.repoUrl ?? values.repoUrl,
    commitSha: sent?.commitSha ?? values.commitSha,
    description: sent?.description ?? values.description,
    dashboardUrl: sent?.dashboardUrl ?? values.dashboardUrl,
    learningInPublicUrls: sent?.learningInPublicUrls ?? values.learningInPublicUrls.join('\n'),
    hoursSpent: sent?.hoursSpent ?? (values.hoursSpent === null ? '' : String(values.hoursSpent)),
    comments: sent?.comments ?? values.comments,
  }
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `project-${name}-error` } : {})
  const field = (name: keyof SubmissionValues, label: string, input: React.ReactNode, hint?: string) => (
    <div>
      <label htmlFor={`project-${name}`} className="field-label">
        {label}
      </label>
      {hint && <p className="text-xs text-slate-600">{hint}</p>}
      {input}
      <FieldError id={`project-${name}-error`} message={errors[name]} />
    </div>
  )
  return (
    <form action={action} className="card space-y-4" aria-label="Project submission">
      <fieldset disabled={readOnly || pending} className="space-y-4">
        {field('repoUrl', 'Repository (https)', <input id="project-repoUrl" name="repoUrl" type="url" required defaultValue={initial.repoUrl} placeholder="https://github.com/you/pipeline" className="field-input" {...invalid('repoUrl')} />)}
        {field(
          'commitSha',
          'Commit to review (40-character hash)',
          <input id="project-commitSha" name="commitSha" required defaultValue={initial.commitSha} pattern="[0-9a-fA-F]{40}" spellCheck={false} className="field-input font-mono" {...invalid('commitSha')} />,
          'Reviewers look at this exact commit: `git rev-parse HEAD`.',
        )}
        {field('description', 'Short description', <textarea id="project-description" name="description" rows={4} required defaultValue={initial.description} className="field-input" {...invalid('description')} />, 'What the pipeline does and which data it uses.')}
        {field('dashboardUrl', 'Dashboard (optional, https)', <input id="project-dashboardUrl" name="dashboardUrl" type="url" defaultValue={initial.dashboardUrl} className="field-input" {...invalid('dashboardUrl')} />)}
        {field(
          'learningInPublicUrls',
          'Learning in public: links to your posts, one per line',
          <textarea id="project-learningInPublicUrls" name="learningInPublicUrls" rows={3} defaultValue={initial.learningInPublicUrls} className="field-input font-mono" {...invalid('learningInPublicUrls')} />,
          `A point each, up to ${learningInPublicCap}.`,
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          {field('hoursSpent', 'Hours spent (optional)', <input id="project-hoursSpent" name="hoursSpent" inputMode="decimal" defaultValue={initial.hoursSpent} className="field-input" {...invalid('hoursSpent')} />)}
        </div>
        {field('comments', 'Comments for the course team (optional, not shown to reviewers)', <textarea id="project-comments" name="comments" rows={2} defaultValue={initial.comments} className="field-input" {...invalid('comments')} />)}
      </fieldset>
      {!readOnly && (
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save submission'}
        </button>
      )}
      {messageOf(state) && (
        <p role="status" className={state.ok ? 'text-sm text-emerald-800' : 'field-error'}>
          {messageOf(state)}
        </p>
      )}
    </form>
  )
}
