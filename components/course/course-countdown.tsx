'use client'
// "in 41 days" beside the course's start date. The course page is prerendered, so the clock is read
// in the browser, after hydration; until then (and once the course has begun) nothing is added.
import { useEffect, useState } from 'react'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export function timeUntil(startsAt: Date, now: Date): string | null {
  const left = startsAt.getTime() - now.getTime()
  if (left <= 0) return null
  if (left >= 2 * DAY) return `in ${Math.floor(left / DAY)} days`
  if (left >= 2 * HOUR) return `in ${Math.floor(left / HOUR)} hours`
  const minutes = Math.max(1, Math.ceil(left / MINUTE))
  return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
}

export function CourseCountdown({ startsIso }: { startsIso: string }) {
  const [text, setText] = useState<string | null>(null)
  useEffect(() => {
    const update = () => setText(timeUntil(new Date(startsIso), new Date()))
    update()
    const timer = setInterval(update, MINUTE)
    return () => clearInterval(timer)
  }, [startsIso])
  return text ? <span data-testid="course-countdown"> · {text}</span> : null
}
