// Structured logs (pino). Learners see sentences; the log keeps the details.
import pino from 'pino'

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: process.env.SYLLABUS_PROCESS ?? 'web' },
})
