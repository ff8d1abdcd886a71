/** The moment unit tests run at unless they say otherwise (setup-test-env.ts, server/clock.ts). */
export const DEFAULT_TEST_NOW = '2027-01-14T12:00:00Z'
