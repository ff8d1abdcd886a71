// Answers, Runs and extras are accepted once a homework opens (its `opens`, or its week's start).
import { NotOpenYetError } from '../errors.ts'

/** Throws NotOpenYetError (403, naming the opening date in the course's time zone) before `opensAt`. */
export function refuseBeforeOpening(homework: { opensAt: Date }, timeZone: string, now: Date): void {
  if (now < homework.opensAt) throw new NotOpenYetError(homework.opensAt, timeZone)
}
