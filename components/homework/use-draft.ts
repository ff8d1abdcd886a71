'use client'
// Answers in progress are kept in localStorage as the learner types, so a refresh loses nothing.
import { useCallback, useEffect, useRef, useState } from 'react'

export function useDraft<T>(key: string, initial: () => T): [T, (value: T) => void, () => void] {
  const [value, setValue] = useState<T>(initial)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // Read the draft after mounting (the server cannot see localStorage).
  useEffect(() => {
    const saved = window.localStorage.getItem(key)
    if (saved === null) return
    try {
      setValue(JSON.parse(saved) as T)
    } catch {
      window.localStorage.removeItem(key)
    }
  }, [key])

  const update = useCallback(
    (next: T) => {
      setValue(next)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        try {
          window.localStorage.setItem(key, JSON.stringify(next))
        } catch {
          // storage full or disabled: the draft lives in memory only
        }
      }, 300)
    },
    [key],
  )
  const clear = useCallback(() => window.localStorage.removeItem(key), [key])
  return [value, update, clear]
}
