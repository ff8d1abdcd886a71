'use server'
import 'server-only'
// Server actions of the admin's account pages: the platform role and course staff.
import { revalidatePath } from 'next/cache'
import { requireUserWithPermission } from '../auth/session.ts'
import { actionFailure, type FormActionState } from '../http/error-envelope.ts'
import { logger } from '../logger.ts'
import { addCourseStaff, removeCourseStaff } from '../staff/course-staff.ts'
import { setPlatformRole } from './users.ts'

export type AdminFormState = FormActionState

const text = (form: FormData, name: string) => String(form.get(name) ?? '')

export async function setPlatformRoleAction(_previous: AdminFormState, form: FormData): Promise<AdminFormState> {
  const admin = await requireUserWithPermission('manage:users')
  try {
    const user = await setPlatformRole({ userId: text(form, 'userId'), role: text(form, 'role') })
    logger.info({ adminId: admin.id, userId: user.id, role: user.role }, 'platform role changed')
    revalidatePath(`/admin/users/${user.id}`)
    return { ok: true, message: `${user.email} is now ${user.role === 'admin' ? 'an' : 'a'} ${user.role}.` }
  } catch (error) {
    return actionFailure(error, 'changing a platform role')
  }
}

export async function addCourseStaffAction(_previous: AdminFormState, form: FormData): Promise<AdminFormState> {
  const admin = await requireUserWithPermission('manage:users')
  try {
    const input = { courseSlug: text(form, 'courseSlug'), email: text(form, 'email'), role: text(form, 'role') }
    const staff = await addCourseStaff(input, admin.id)
    logger.info({ adminId: admin.id, ...input }, 'course staff added')
    revalidatePath('/admin', 'layout')
    return { ok: true, message: `${input.email.trim()} is now ${staff.role === 'assistant' ? 'an assistant' : 'an instructor'} of ${input.courseSlug}.` }
  } catch (error) {
    return actionFailure(error, 'adding course staff')
  }
}

export async function removeCourseStaffAction(_previous: AdminFormState, form: FormData): Promise<AdminFormState> {
  const admin = await requireUserWithPermission('manage:users')
  try {
    const courseSlug = text(form, 'courseSlug')
    const email = text(form, 'email')
    const removed = await removeCourseStaff(courseSlug, email)
    logger.info({ adminId: admin.id, courseSlug, email, removed }, 'course staff removed')
    revalidatePath('/admin', 'layout')
    return { ok: true, message: removed ? `${email} no longer teaches ${courseSlug}.` : `${email} was not on the staff of ${courseSlug}.` }
  } catch (error) {
    return actionFailure(error, 'removing course staff')
  }
}
