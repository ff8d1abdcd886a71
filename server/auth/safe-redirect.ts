import 'server-only'
/** A same-site path to go to after signing in; anything else (other hosts, `//evil`) becomes `fallback`. */
export function safeRedirect(target: unknown, fallback = '/me'): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return fallback
  }
  return target
}
