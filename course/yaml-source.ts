// A YAML file (or a Markdown file's front matter) parsed with positions, so that a zod issue's path can be
// reported at the line and column of the node it is about.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml'
import type { z } from 'zod'
import { allowedKeysAt, closestKey } from './key-suggestion.ts'
import type { CourseIssue, IssueList } from './validation-error.ts'

export type FieldPath = readonly PropertyKey[]

export interface YamlSource {
  file: string
  /** The parsed value, or undefined when the YAML itself is malformed (its errors are already reported). */
  value: unknown
  /** `at: 'key'` points at the key of the last path element rather than its value. */
  positionOf(path: FieldPath, options?: PositionOptions): { line: number; column: number }
  issueAt(path: FieldPath, message: string, options?: PositionOptions): CourseIssue
}

export interface PositionOptions {
  at?: 'value' | 'key'
}

/** `questions[2].answer` */
export function formatFieldPath(path: FieldPath) {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else text += text ? `.${String(key)}` : String(key)
  }
  return text
}

/**
 * Parses `text` as YAML and reports malformed YAML to `issues`. `lineOffset` is the number of lines that
 * precede `text` in `file` (front matter starts after its `---` line).
 */
export function parseYamlSource(file: string, text: string, issues: IssueList, lineOffset = 0): YamlSource {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const positionAtOffset = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset)
    return { line: line + lineOffset, column: col }
  }
  for (const error of document.errors) {
    issues.add({ file, ...positionAtOffset(error.pos[0]), field: '', message: `invalid YAML: ${error.message}` })
  }
  const positionOf = (path: FieldPath, options: PositionOptions = {}) =>
    positionAtOffset(nodeOffsetFor(document, path, options.at ?? 'value'))
  return {
    file,
    value: document.errors.length > 0 ? undefined : document.toJS(),
    positionOf,
    issueAt: (path, message, options) => ({ file, ...positionOf(path, options), field: formatFieldPath(path), message }),
  }
}

/**
 * The offset of the deepest node along `path`: the value when it exists (its key when the value is empty),
 * otherwise the closest existing parent — where a missing field would have to be added.
 */
function nodeOffsetFor(document: Document, path: FieldPath, at: 'value' | 'key'): number {
  let node: unknown = document.contents
  let offset = rangeStart(node) ?? 0
  for (const [index, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key)
      if (!pair) return offset
      const wantsKey = at === 'key' && index === path.length - 1
      offset = (wantsKey ? undefined : rangeStart(pair.value)) ?? rangeStart(pair.key) ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key]
      const itemStart = rangeStart(item)
      if (itemStart === undefined) return offset
      offset = itemStart
      node = item
    } else {
      return offset
    }
  }
  return offset
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  // An empty value (`answer:`) gets a zero-width range at the end of the line: the key is the better place.
  if (!range || (isScalar(node) && node.value === null && range[0] === range[1])) return undefined
  return range[0]
}

/** Validates `source.value` with `schema`; reports every issue at its node and returns the data if valid. */
export function validateYaml<Schema extends z.ZodType>(
  source: YamlSource,
  schema: Schema,
  issues: IssueList,
  basePath: FieldPath = [],
): z.infer<Schema> | undefined {
  if (source.value === undefined) return undefined
  const value = basePath.reduce<unknown>((parent, key) => (parent as Record<PropertyKey, unknown>)?.[key], source.value)
  const result = schema.safeParse(value)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    const path = [...basePath, ...issue.path]
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, value, issue.path)
      for (const key of issue.keys) {
        const suggestion = closestKey(key, allowed)
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''
        issues.add(source.issueAt([...path, key], `unknown key "${key}"${hint}`, { at: 'key' }))
      }
    } else if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
      const options = (issue as { options?: unknown[] }).options ?? []
      issues.add(source.issueAt(path, `must be one of ${options.map((option) => String(option)).join(', ')}`))
    } else if (issue.code === 'invalid_type' && !pathExists(source.value, path)) {
      issues.add(
        source.issueAt(path, path.length === 0 ? 'file is empty' : `required field is missing (${issue.expected})`),
      )
    } else {
      issues.add(source.issueAt(path, issue.message.replace(/^Invalid (input|option): /, '')))
    }
  }
  return undefined
}

function pathExists(root: unknown, path: FieldPath) {
  let node = root
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node !== undefined && node !== null
}
