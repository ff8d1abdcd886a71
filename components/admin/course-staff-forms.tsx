'use client'
import { useActionState } from 'react'
import { addCourseStaffAction, removeCourseStaffAction, type AdminFormState } from '@/server/admin/actions'
import { FormStatus } from './form-status'

export function AddCourseStaffForm({ email, courses }: { email: string; courses: { slug: string; title: string }[] }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(addCourseStaffAction, { ok: true })
  if (courses.length === 0) return <p className="text-sm text-slate-600">No courses yet: sync a course first.</p>
  return (
    <form action={action} className="card flex flex-wrap items-end gap-4">
      <input type="hidden" name="email" value={email} />
      <div>
        <label htmlFor="staff-course" className="field-label">Course</label>
        <select id="staff-course" name="courseSlug" className="field-input">
          {courses.map((course) => (
            <option key={course.slug} value={course.slug}>{course.title}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="staff-role" className="field-label">Role on the course</label>
        <select id="staff-role" name="role" defaultValue="instructor" className="field-input">
          <option value="instructor">instructor</option>
          <option value="assistant">assistant (sees the cohort, regrades; no exports or certificates)</option>
        </select>
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add to course staff'}
      </button>
      <FormStatus state={state} />
    </form>
  )
}

export function RemoveCourseStaffButton({ email, courseSlug, courseTitle }: { email: string; courseSlug: string; courseTitle: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(removeCourseStaffAction, { ok: true })
  return (
    <form action={action} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="courseSlug" value={courseSlug} />
      <button type="submit" className="btn-secondary" disabled={pending} aria-label={`Remove from the staff of ${courseTitle}`}>
        {pending ? 'Removing…' : 'Remove'}
      </button>
      {!state.ok && <FormStatus state={state} />}
    </form>
  )
}
