// Test helper: polls until `check` returns a value that is not null/undefined/false, or fails.
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, { timeoutMs = 15_000, intervalMs = 50, what = 'the condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== null && value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
