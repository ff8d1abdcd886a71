// "unknown key "pints" (did you mean "points"?)": finds the keys a strict object schema allows at a path
// of the data, and the one closest to a misspelt key.
import type { z } from 'zod'
import type { FieldPath } from './yaml-source.ts'

interface SchemaDef {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  in?: z.ZodType
  options?: z.ZodType[]
  discriminator?: string
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def

/** The keys of the object schema that `path` leads to in `value`, or [] when it cannot tell. */
export function allowedKeysAt(schema: z.ZodType, value: unknown, path: FieldPath): string[] {
  let current: z.ZodType | undefined = schema
  let data = value
  for (let depth = 0; current && depth <= path.length; ) {
    const def = defOf(current)
    if (def.innerType) current = def.innerType
    else if (def.type === 'pipe') current = def.in
    else if (def.type === 'union') current = pickUnionOption(def, data)
    else if (depth === path.length) return def.type === 'object' ? Object.keys(def.shape ?? {}) : []
    else {
      const key = path[depth++]!
      data = (data as Record<PropertyKey, unknown> | undefined)?.[key]
      current = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'array' ? def.element : undefined
    }
  }
  return []
}

function pickUnionOption(def: SchemaDef, data: unknown): z.ZodType | undefined {
  const objects = (def.options ?? []).filter((option) => defOf(option).type === 'object')
  if (def.discriminator) {
    const kind = (data as Record<string, unknown> | undefined)?.[def.discriminator]
    return objects.find((option) => {
      const literal = defOf(option).shape?.[def.discriminator!]
      return (literal as unknown as { _zod: { def: { values?: unknown[] } } } | undefined)?._zod.def.values?.includes(kind)
    })
  }
  return objects[0]
}

/** The allowed key closest to `key` (at most two edits away, or sharing a long prefix), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase())
    if (!best || distance < best.distance) best = { key: candidate, distance }
  }
  if (!best) return undefined
  const sharesPrefix = key.length >= 4 && best.key.startsWith(key.slice(0, 4))
  return best.distance <= 2 || (sharesPrefix && best.distance <= Math.ceil(key.length / 3)) ? best.key : undefined
}

function editDistance(a: string, b: string) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
