'use client'
import { useState, useTransition } from 'react'
import { regradeAction } from '@/server/submissions/actions'

export function RegradeForm({ courses }: { courses: { slug: string; title: string; homeworks: string[] }[] }) {
  const [courseSlug, setCourseSlug] = useState(courses[0]?.slug ?? '')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, startTransition] = useTransition()
  const homeworks = courses.find((course) => course.slug === courseSlug)?.homeworks ?? []

  function submit(form: FormData) {
    const questionSlug = String(form.get('questionSlug') ?? '').trim()
    startTransition(async () => {
      const result = await regradeAction({
        courseSlug,
        homeworkSlug: String(form.get('homeworkSlug') ?? ''),
        ...(questionSlug ? { questionSlug } : {}),
      })
      setMessage(
        result.ok
          ? { ok: true, text: `Queued ${result.data.queued} regrade${result.data.queued === 1 ? '' : 's'}. Scores update as they finish; earlier results are kept.` }
          : { ok: false, text: result.error.message },
      )
    })
  }

  if (courses.length === 0) return <p className="text-sm text-slate-600">No courses yet.</p>
  return (
    <form action={submit} className="card flex flex-wrap items-end gap-4">
      <div>
        <label htmlFor="regrade-course" className="field-label">Course</label>
        <select id="regrade-course" className="field-input" value={courseSlug} onChange={(event) => setCourseSlug(event.target.value)}>
          {courses.map((course) => (
            <option key={course.slug} value={course.slug}>{course.title}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="regrade-homework" className="field-label">Homework</label>
        <select id="regrade-homework" name="homeworkSlug" className="field-input">
          {homeworks.map((id) => (
            <option key={id} value={id}>{id}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="regrade-question" className="field-label">Question id (empty: all)</label>
        <input id="regrade-question" name="questionSlug" className="field-input" placeholder="e.g. trips-on-day" />
      </div>
      <button type="submit" className="btn-primary" disabled={pending}>
        {pending ? 'Queueing…' : 'Regrade latest attempts'}
      </button>
      {message && (
        <p role="status" className={message.ok ? 'w-full text-sm text-emerald-800' : 'w-full text-sm text-red-700'}>
          {message.text}
        </p>
      )}
    </form>
  )
}
