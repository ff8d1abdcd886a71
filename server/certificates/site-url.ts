// The site's public address: what certificates print and credentials name as their issuer.
import { getEnv } from '../env.ts'

export function siteUrl(): string {
  const env = getEnv()
  return (env.SYLLABUS_PUBLIC_URL ?? env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
}

export function verificationUrl(verificationCode: string, base = siteUrl()) {
  return `${base}/verify/${verificationCode}`
}
