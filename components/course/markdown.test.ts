import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './markdown.tsx'

const lesson = '## Load the data\n\nRun it:\n\n```sql\nSELECT count(*) FROM trips\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'

function html(text: string, compact = false) {
  return renderToStaticMarkup(createElement(Markdown, { compact, children: text }))
}

describe('Markdown', () => {
  it('renders anchored headings, highlighted code with a copy button, and tables', () => {
    const out = html(lesson)
    expect(out).toContain('<h2 id="load-the-data">')
    expect(out).toMatch(/<code class="hljs language-sql"><span class="hljs-keyword">SELECT<\/span>/)
    expect(out).toContain('>Copy</button>')
    expect(out).toContain('<table>')
    expect(out).toMatch(/^<div class="prose-lesson">/)
  })

  it('renders a text once and reuses its tree; an edited text gets its own', () => {
    const first = Markdown({ children: lesson })
    expect(Markdown({ children: lesson })).toBe(first)
    expect(Markdown({ children: lesson, compact: true })).not.toBe(first)
    expect(html(lesson, true)).toMatch(/^<div class="prose-compact">/)
    const edited = lesson.replace('Load the data', 'Load the trips')
    expect(html(edited)).toContain('<h2 id="load-the-trips">')
    expect(html(lesson)).toContain('<h2 id="load-the-data">')
  })

  it('renders no raw HTML from the text', () => {
    expect(html('<script>alert(1)</script>\n\nok')).not.toContain('<script>')
  })
})
