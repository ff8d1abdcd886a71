'use client'
// Answers in progress are kept in localStorage as the learner types, so a refresh loses nothing.
// A draft's key names its learner (draftKey), so on a shared browser learner B never sees learner A's
// answers, and signing out removes every draft (clearAllDrafts).
import { useCallback, useEffect, useRef, useState } from 'react'

const DRAFT_PREFIX = 'syllabus:draft:'

/** The localStorage key of one learner's draft for one question. */
export function draftKey(learnerId: string, courseSlug: string, homeworkSlug: string, questionSlug: string): string {
  return `${DRAFT_PREFIX}${learnerId}:${courseSlug}:${homeworkSlug}:${questionSlug}`
}

/** Removes every draft kept in this browser (on sign-out). */
export function clearAllDrafts(): void {
  try {
    const keys = Array.from({ length: window.localStorage.length }, (_, index) => window.localStorage.key(index))
    for (const key of keys) if (key?.startsWith(DRAFT_PREFIX)) window.localStorage.removeItem(key)
  } catch {
    // storage disabled: nothing was kept
  }
}

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
