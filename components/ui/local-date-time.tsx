'use client'
// Shows a moment in the reader's time zone. The server renders it in the course's zone; the browser
// then switches to its own, so a learner in Tokyo sees Tokyo time.
import { useEffect, useState } from 'react'
import { formatDateTime } from './format'

export function LocalDateTime({ iso, fallbackTimeZone }: { iso: string; fallbackTimeZone: string }) {
  const [text, setText] = useState(() => formatDateTime(new Date(iso), fallbackTimeZone))
  useEffect(() => {
    setText(formatDateTime(new Date(iso), Intl.DateTimeFormat().resolvedOptions().timeZone))
  }, [iso])
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  )
}
