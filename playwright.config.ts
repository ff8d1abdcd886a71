import { defineConfig, devices } from '@playwright/test'
import { resolveE2eBrowser } from './tests/e2e/browser.ts'
import { E2E_CLOCK_FILE, E2E_DEFAULT_NOW } from './tests/e2e/support/server-clock.ts'

const PORT = Number(process.env.E2E_PORT ?? 3100)

// CHROMIUM_PATH, else the system's Chromium/Chrome, else the one inside @sparticuz/chromium (tests/e2e/browser.ts).
const browser = await resolveE2eBrowser()
// Playwright loads this file in the runner and again in each worker: say it once.
if (!process.env.TEST_WORKER_INDEX) console.log(`e2e browser: ${browser.description}`)

export default defineConfig({
  // End-to-end flows, and the browser cases of the hostile web corpus.
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'hostile/web/**/*.spec.ts'],
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  // A small or busy machine (2 cores under a test run) can take more than Playwright's default 5 s to
  // render a page after a navigation; the assertions stay the same, only the patience grows.
  expect: { timeout: 15_000 },
  // The run ends with one line naming the skipped tests and why (tests/e2e/skip-summary-reporter.ts).
  reporter: [['list'], ['./tests/e2e/skip-summary-reporter.ts']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...browser.args,
      ],
    },
  },
  // The real thing: `npm start`'s production build on a throwaway data directory.
  webServer: {
    // The course calendar runs at E2E_DEFAULT_NOW (tests/e2e/support/server-clock.ts), whatever today is.
    command: `rm -rf .data/e2e && mkdir -p .data && printf '%s' ${E2E_DEFAULT_NOW} > ${E2E_CLOCK_FILE} && node --import tsx cli/syllabus.ts start --port ${PORT} --data-dir .data/e2e`,
    // Stopped as a Ctrl-C stops it (SIGINT to the process group), so every run walks the platform's own stop.
    gracefulShutdown: { signal: 'SIGINT', timeout: 60_000 },
    url: `http://localhost:${PORT}/api/health`,
    // A fresh clone's first start loads the datasets and builds the site: minutes on a small machine.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    // Every e2e learner signs in from one address (loopback): a classroom's budget, not one person's.
    env: { NEXT_TELEMETRY_DISABLED: '1', SYLLABUS_AUTH_ADDRESS_BURST: '1000', SYLLABUS_ADMIN_PASSWORD: 'e2e admin password', SYLLABUS_TEST_CLOCK_FILE: E2E_CLOCK_FILE },
  },
})
