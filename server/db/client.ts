// The one Prisma client of a process. Secret columns are omitted unless a query asks for them.
import { PrismaPg } from '@prisma/adapter-pg'
import { readEnv } from '../env.ts'
import { PrismaClient } from './generated/client.ts'

function createClient(connectionString: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString }),
    omit: { user: { passwordHash: true } },
  })
}

export type Db = ReturnType<typeof createClient>

const globalForDb = globalThis as unknown as { syllabusDb?: Db }

/** Created on first use so that importing this module never needs a database. */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    if (!globalForDb.syllabusDb) {
      const url = readEnv().DATABASE_URL
      if (!url) throw new Error('DATABASE_URL is not set; start the platform with `npm start`.')
      globalForDb.syllabusDb = createClient(url)
    }
    const value = Reflect.get(globalForDb.syllabusDb, property)
    return typeof value === 'function' ? value.bind(globalForDb.syllabusDb) : value
  },
})

export async function disconnectDb() {
  await globalForDb.syllabusDb?.$disconnect()
  globalForDb.syllabusDb = undefined
}

export * from './generated/client.ts'
