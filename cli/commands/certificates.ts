// `syllabus certificates issue|revoke|list`: certification from the command line (docs/certificates.md).
import { issueCertificates, listCertificates, revokeCertificate } from '../../server/certificates/certificates.ts'
import { db } from '../../server/db/client.ts'
import { courseReader } from '../../server/courses/configured-course-reader.ts'
import { AppError, NotFoundError } from '../../server/errors.ts'
import { parseCommandArgs, runDatabaseCommand } from '../lib/command-runner.ts'
import { dim, green } from '../lib/progress.ts'

const USAGE = [
  'Usage: npm run syllabus -- certificates issue --course <slug> [--dry-run]',
  '       npm run syllabus -- certificates revoke --id <verification id> --reason "<why>"',
  '       npm run syllabus -- certificates list --course <slug>',
].join('\n')

async function issue(courseSlug: string, dryRun: boolean) {
  const course = await courseReader().read(courseSlug)
  if (!course) throw new NotFoundError(`The course folder "${courseSlug}"`)
  const total = await db.enrollment.count({ where: { course: { slug: courseSlug } } })
  console.log(dim(`Checking ${total} enrolled learner${total === 1 ? '' : 's'} of ${courseSlug}…`))
  const summary = await issueCertificates(course, {
    dryRun,
    onBatch: (done) => process.stdout.isTTY && process.stdout.write(dim(`\r  ${done}/${total}`)),
  })
  if (process.stdout.isTTY) process.stdout.write('\r')
  const verb = dryRun ? 'Would issue' : 'Issued'
  console.log(green(`${verb} ${summary.issued} certificate${summary.issued === 1 ? '' : 's'}.`))
  console.log(
    `  already certified: ${summary.alreadyCertified} · not yet eligible: ${summary.notEligible} · not evaluable yet: ${summary.notEvaluable} · eligible but no name: ${summary.missingName}`,
  )
  if (summary.notEvaluable > 0) console.log(dim('  "Not evaluable": the course requires the final project, whose results this platform cannot read yet.'))
  if (summary.missingName > 0) console.log(dim('  Eligible learners with no certificate name, and no account name that passes as one, are asked on their dashboard to set it.'))
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { course: { type: 'string' }, id: { type: 'string' }, reason: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, USAGE)
  if (!parsed) return 2
  const { positionals, values } = parsed
  return runDatabaseCommand(async () => {
    if (positionals[0] === 'issue' && values.course) {
      await issue(values.course, values['dry-run'] ?? false)
      return 0
    }
    if (positionals[0] === 'revoke' && values.id && values.reason) {
      await revokeCertificate({ verificationCode: values.id, reason: values.reason }, null)
      console.log(green(`Revoked ${values.id}. Its verification page now says so.`))
      return 0
    }
    if (positionals[0] === 'list' && values.course) {
      const course = await db.course.findUnique({ where: { slug: values.course }, select: { id: true } })
      if (!course) throw new AppError('not_found', `The course "${values.course}" was not found.`)
      for (let page = 1; ; page++) {
        const { rows, pageCount } = await listCertificates(course.id, { page, pageSize: 500 })
        for (const row of rows) {
          console.log([row.verificationCode, row.issuedAt.toISOString(), row.revokedAt ? 'revoked' : 'valid', row.recipientName, row.user.email].join('\t'))
        }
        if (page >= pageCount) break
      }
      return 0
    }
    console.error(USAGE)
    return 2
  })
}
