// Lesson and prompt Markdown: GitHub-flavoured (tables, task lists), highlighted code with a copy
// button, and anchored headings. Rendered on the server; raw HTML in Markdown is not rendered.
//
// Parsing and highlighting cost milliseconds per prompt, and the homework page is rendered per request
// (bench:web's profile, docs/benchmarks.md): so each text is turned into its React tree once per
// process and the tree is reused. The cache is keyed by the text itself, so an edited course never gets
// a stale render; it holds at most MAX_CACHED_TEXTS trees (the oldest go first).
import 'highlight.js/styles/github-dark.css'
import type { ComponentProps, ReactElement } from 'react'
import renderMarkdownTree from 'react-markdown'
import rehypeAutolinkHeadings from 'rehype-autolink-headings'
import rehypeHighlight from 'rehype-highlight'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { CodeBlock } from './code-block'

const MAX_CACHED_TEXTS = 2_000
const rendered = new Map<string, ReactElement>()

/** react-markdown hands every component its syntax-tree node; the client component must not get it (it would travel in the page's payload). */
function Pre({ node: _node, ...props }: ComponentProps<'pre'> & { node?: unknown }) {
  return <CodeBlock {...props} />
}

function renderTree(text: string) {
  // react-markdown's `Markdown` is a plain synchronous function of its props (no hooks): calling it
  // gives the element tree that <ReactMarkdown> would render, which can be kept and rendered again.
  return renderMarkdownTree({
    children: text,
    remarkPlugins: [remarkGfm],
    rehypePlugins: [
      rehypeSlug,
      [rehypeAutolinkHeadings, { behavior: 'append', properties: { className: ['heading-anchor'], ariaHidden: true, tabIndex: -1 }, content: { type: 'text', value: '#' } }],
      [rehypeHighlight, { detect: false, ignoreMissing: true }],
    ],
    components: { pre: Pre },
  })
}

export function Markdown({ children, compact = false }: { children: string; compact?: boolean }) {
  const key = `${compact ? 'compact' : 'lesson'}\0${children}`
  let element = rendered.get(key)
  if (!element) {
    element = <div className={compact ? 'prose-compact' : 'prose-lesson'}>{renderTree(children)}</div>
    if (rendered.size >= MAX_CACHED_TEXTS) rendered.delete(rendered.keys().next().value!)
    rendered.set(key, element)
  }
  return element
}
