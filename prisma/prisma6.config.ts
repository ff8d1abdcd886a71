// Config for Prisma 6's WebAssembly schema engine, used only to write migration SQL offline
// (prisma/new-migration.ts). See docs/decisions/002-prisma-offline.md.
import { defineConfig } from 'prisma6/config'
import { PrismaPg } from '@prisma/adapter-pg'

export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: process.env.SYLLABUS_DIFF_SCHEMA ?? 'prisma/schema.prisma',
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
} as Parameters<typeof defineConfig>[0])
