// Structured logs (pino). Learners see sentences; the log keeps the details.
import pino from 'pino'
import { readEnv } from './env.ts'

const env = readEnv()

export const logger = pino({
  level: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: env.SYLLABUS_PROCESS },
})
