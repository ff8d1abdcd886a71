'use client'
import { useRef, useState, type ComponentProps } from 'react'

export function CodeBlock(props: ComponentProps<'pre'> & { node?: unknown }) {
  const { node: _node, ...rest } = props
  const ref = useRef<HTMLPreElement>(null)
  const [copied, setCopied] = useState(false)
  async function copy() {
    await navigator.clipboard.writeText(ref.current?.innerText ?? '')
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <div className="group relative">
      <pre ref={ref} {...rest} />
      <button
        type="button"
        onClick={copy}
        className="absolute right-2 top-2 rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs text-slate-100 opacity-80 hover:opacity-100 focus:opacity-100"
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}
