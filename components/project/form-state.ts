// Reading a project action's result (a confirmation, or the server's error envelope) in a form.
type ActionState = { ok: true; message?: string } | { ok: false; error: { message: string; fieldErrors?: Record<string, string> } }

export function messageOf(state: ActionState | null): string | undefined {
  if (!state) return undefined
  return state.ok ? state.message : state.error.message
}

export function fieldErrorsOf(state: ActionState | null): Record<string, string> {
  return state && !state.ok ? (state.error.fieldErrors ?? {}) : {}
}
