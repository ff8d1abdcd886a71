import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'tests/setup/server-only.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'tests/e2e/**', '.next/**', '.data/**', 'tmp/**'],
    globalSetup: ['tests/setup/global-postgres.ts'],
    // The summary ends with one line saying how many tests were skipped and why (a bare machine has no Docker).
    reporters: ['default', './tests/setup/skip-summary-reporter.ts'],
    tags: [
      { name: 'needs-docker', description: 'needs a reachable Docker engine; skipped without one' },
      { name: 'needs-poppler', description: 'needs poppler-utils (pdftoppm, pdftotext); skipped without it' },
    ],
    setupFiles: ['tests/setup/setup-test-env.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
