// Lesson files are Markdown with YAML front matter between `---` lines at the very top.

export interface FrontMatterSplit {
  yaml: string
  /** Lines before the YAML text in the file (the opening `---`), to report YAML positions correctly. */
  yamlLineOffset: number
  body: string
  /** 1-based line of the body's first line. */
  bodyStartLine: number
}

/** Null when the file does not start with a front matter block closed by a `---` line. */
export function splitFrontMatter(text: string): FrontMatterSplit | null {
  const opening = /^---[ \t]*\n/.exec(text)
  if (!opening) return null
  const closing = /^---[ \t]*$/m.exec(text.slice(opening[0].length))
  if (!closing) return null
  const yaml = text.slice(opening[0].length, opening[0].length + closing.index)
  const afterClosing = opening[0].length + closing.index + closing[0].length
  const body = text.slice(afterClosing).replace(/^\n/, '')
  return {
    yaml,
    yamlLineOffset: 1,
    body,
    bodyStartLine: 1 + yaml.split('\n').length + 1,
  }
}
