// Lesson and prompt Markdown: GitHub-flavoured (tables, task lists), highlighted code with a copy
// button, and anchored headings. Rendered on the server; raw HTML in Markdown is not rendered.
import 'highlight.js/styles/github-dark.css'
import ReactMarkdown from 'react-markdown'
import rehypeAutolinkHeadings from 'rehype-autolink-headings'
import rehypeHighlight from 'rehype-highlight'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import { CodeBlock } from './code-block'

export function Markdown({ children, compact = false }: { children: string; compact?: boolean }) {
  return (
    <div className={compact ? 'prose-compact' : 'prose-lesson'}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[
          rehypeSlug,
          [rehypeAutolinkHeadings, { behavior: 'append', properties: { className: ['heading-anchor'], ariaHidden: true, tabIndex: -1 }, content: { type: 'text', value: '#' } }],
          [rehypeHighlight, { detect: false, ignoreMissing: true }],
        ]}
        components={{ pre: CodeBlock }}
      >
        {children}
      </ReactMarkdown>
    </div>
  )
}
