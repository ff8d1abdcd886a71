'use client'
import { useActionState } from 'react'
import { setPlatformRoleAction, type AdminFormState } from '@/server/admin/actions'
import { FormStatus } from './form-status'

export function PlatformRoleForm({ userId, role }: { userId: string; role: string }) {
  const [state, action, pending] = useActionState<AdminFormState, FormData>(setPlatformRoleAction, { ok: true })
  return (
    <form action={action} className="card flex flex-wrap items-end gap-4">
      <input type="hidden" name="userId" value={userId} />
      <div>
        <label htmlFor="platform-role" className="field-label">Platform role</label>
        <select id="platform-role" name="role" defaultValue={role} className="field-input">
          <option value="learner">learner</option>
          <option value="instructor">instructor (a label; course access comes from course staff)</option>
          <option value="admin">admin (everything, on every course)</option>
        </select>
      </div>
      <button type="submit" className="btn-secondary" disabled={pending}>
        {pending ? 'Saving…' : 'Change role'}
      </button>
      <FormStatus state={state} />
    </form>
  )
}
