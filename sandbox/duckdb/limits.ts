// The limits a DuckDB sandbox runs under: data, validated once, with defaults sized for a shared
// 2-core worker (the PrairieLearn habit: limits are configuration, not constants in code).
import { z } from 'zod'

export const duckDbLimitsSchema = z.object({
  /** DuckDB's memory_limit: the buffer manager refuses to grow past it (the query fails, the process lives). */
  memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i).default('256MB'),
  threads: z.number().int().min(1).max(64).default(1),
  /** Wall-clock time per statement; the connection is interrupted when it passes. */
  timeoutMs: z.number().int().min(10).default(10_000),
  /** Rows returned at most; the result says it was truncated. */
  maxRows: z.number().int().min(1).default(10_000),
})

export type DuckDbLimits = z.output<typeof duckDbLimitsSchema>
export type DuckDbLimitsInput = z.input<typeof duckDbLimitsSchema>
