// `npm run syllabus -- regrade --course <slug> --homework <id> [--question <id>]`: re-queues the latest
// submission of every learner (new grading runs; earlier results are kept). A running worker grades
// them and recomputes the scores.
import { parseArgs } from 'node:util'
import { disconnectDb } from '../../server/db/client.ts'
import { stopGradingQueue } from '../../server/grading/job-sender.ts'
import { findRegradeTarget, regradeHomework, regradeQuestion } from '../../server/submissions/regrade.ts'
import { green } from '../lib/progress.ts'

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { course: { type: 'string' }, homework: { type: 'string' }, question: { type: 'string' } } })
  if (!values.course || !values.homework) {
    console.error('Usage: npm run syllabus -- regrade --course <slug> --homework <id> [--question <id>]')
    return 2
  }
  try {
    const target = await findRegradeTarget(values.course, values.homework, values.question)
    const summary = target.questionId ? await regradeQuestion(target.questionId) : await regradeHomework(target.homeworkId)
    const what = values.question ? `${values.homework}/${values.question}` : `${values.homework} (${summary.questions} questions)`
    console.log(green(`Queued ${summary.queued} regrade${summary.queued === 1 ? '' : 's'} of ${what}.`))
    console.log('A running worker grades them; scores update as each one finishes.')
    return 0
  } finally {
    await stopGradingQueue()
    await disconnectDb()
  }
}
