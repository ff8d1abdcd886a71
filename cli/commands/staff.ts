// `syllabus staff add|remove|list`: who teaches which course (docs/instructors.md).
import { addCourseStaff, listCourseStaff, removeCourseStaff } from '../../server/staff/course-staff.ts'
import { parseCommandArgs, runDatabaseCommand } from '../lib/command-runner.ts'
import { dim, green } from '../lib/progress.ts'

const USAGE = [
  'Usage: npm run syllabus -- staff add --course <slug> --email <email> [--role instructor|assistant]',
  '       npm run syllabus -- staff remove --course <slug> --email <email>',
  '       npm run syllabus -- staff list [--course <slug>]',
].join('\n')

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { course: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } }, USAGE)
  if (!parsed) return 2
  const { positionals, values } = parsed
  const action = positionals[0]
  return runDatabaseCommand(async () => {
    if (action === 'add' && values.course && values.email) {
      const staff = await addCourseStaff({ courseSlug: values.course, email: values.email, role: values.role ?? 'instructor' })
      console.log(green(`${values.email} is ${staff.role === 'assistant' ? 'an assistant' : 'an instructor'} of ${values.course}.`))
      return 0
    }
    if (action === 'remove' && values.course && values.email) {
      const removed = await removeCourseStaff(values.course, values.email)
      console.log(removed ? green(`${values.email} no longer teaches ${values.course}.`) : `${values.email} was not on the staff of ${values.course}.`)
      return 0
    }
    if (action === 'list') {
      const staff = await listCourseStaff(values.course)
      if (staff.length === 0) console.log(dim(values.course ? `No staff on ${values.course} yet.` : 'No course staff yet.'))
      for (const member of staff) console.log(`${member.course.slug}\t${member.role}\t${member.user.email}${member.user.name ? `\t${member.user.name}` : ''}`)
      return 0
    }
    console.error(USAGE)
    return 2
  })
}
