// The project's scheduled work, run by every grading worker once a minute: assign reviewers when a
// submission window has closed, replace reviewers who have not started in time, compute results when a
// review window has closed. Every step is idempotent and locked, so several workers may run it.
import { courseReader } from '../courses/configured-course-reader.ts'
import { logger } from '../logger.ts'
import { assignDueAttempts, replaceUnstartedReviewers } from './assign-reviewers.ts'
import { loadProjectContext } from './context.ts'
import { computeDueResults } from './results.ts'

export const PROJECT_CHECK_INTERVAL_MS = 60_000

export async function runProjectSchedule(now = new Date()) {
  const reader = courseReader()
  const summary = { assigned: 0, replaced: 0, scored: 0 }
  for (const slug of await reader.listSlugs()) {
    const course = await reader.read(slug)
    if (!course?.project) continue
    const context = await loadProjectContext(course).catch(() => null)
    if (!context) continue // not synced yet
    summary.assigned += (await assignDueAttempts([context], now)).length
    summary.replaced += await replaceUnstartedReviewers(context, now)
    summary.scored += await computeDueResults(context, now)
  }
  return summary
}

/** Starts the once-a-minute check; returns a function that stops it. */
export function startProjectScheduler(): () => void {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      const summary = await runProjectSchedule()
      if (summary.assigned + summary.replaced + summary.scored > 0) logger.info(summary, 'project schedule')
    } catch (error) {
      logger.error({ err: error }, 'the project schedule failed; it runs again in a minute')
    } finally {
      running = false
    }
  }
  void tick()
  const timer = setInterval(() => void tick(), PROJECT_CHECK_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
