// Sends a form to a useActionState action from onSubmit instead of <form action>. After a form action
// React resets the form, and that reset puts a <select> back on its first option even when it is
// controlled (react/react#30580): an author's "Unfair" flag showed as "No flag" right after it was saved,
// and an instructor's "Passed: No" showed — and was sent again — as "Yes". Without the reset, the
// fields keep what was chosen.
import { startTransition, type FormEvent } from 'react'

export function submitWithoutReset(action: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    startTransition(() => action(form))
  }
}
