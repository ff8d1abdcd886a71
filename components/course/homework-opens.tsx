'use client'
// "Opens 11 Jan" on the course calendar until a homework opens. The course page is prerendered, so,
// like the countdown, the clock is read in the browser after hydration; the server-rendered pages
// (homework, dashboard) and the submit check read the server's clock (server/clock.ts).
import { useEffect, useState } from 'react'
import { formatDayMonth } from '@/components/ui/format'

export function HomeworkOpens({ opensIso, timeZone }: { opensIso: string; timeZone: string }) {
  const [upcoming, setUpcoming] = useState(false)
  useEffect(() => {
    const update = () => setUpcoming(Date.now() < Date.parse(opensIso))
    update()
    const timer = setInterval(update, 60_000)
    return () => clearInterval(timer)
  }, [opensIso])
  return upcoming ? (
    <span className="font-medium text-brand-700" data-testid="homework-opens">
      Opens {formatDayMonth(new Date(opensIso), timeZone)}
      {' · '}
    </span>
  ) : null
}
