/** Vitest tag of the suites that need Docker; tests/setup/skip-summary-reporter.ts counts them when they skip. */
export const NEEDS_DOCKER = 'needs-docker'
