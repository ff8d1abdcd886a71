'use client'
// CodeMirror 6 for answers: SQL (PostgreSQL dialect, completion of the dataset's tables and columns)
// or Python. A thin wrapper: the editor owns its state; React hears about changes.
// Keyboard: Tab moves focus out of the editor unless the learner turns indentation on (CodeMirror's
// accessibility guidance: never trap focus by default); Ctrl/⌘-Enter runs, taking precedence over
// basicSetup's "insert blank line".
import { indentWithTab } from '@codemirror/commands'
import { python } from '@codemirror/lang-python'
import { PostgreSQL, sql } from '@codemirror/lang-sql'
import { Compartment, EditorSelection, EditorState, Prec, StateEffect, StateField } from '@codemirror/state'
import { Decoration, EditorView, keymap, placeholder as placeholderExtension, type DecorationSet } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'
import type { DatasetSchema } from '@/server/datasets/schema-info'

const setErrorMark = StateEffect.define<number | null>()
const errorMark = Decoration.mark({ class: 'cm-sql-error' })

/** Underlines the character PostgreSQL blamed (1-based position), to the end of its word. */
const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    marks = marks.map(transaction.changes)
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorMark)) continue
      if (effect.value === null) return Decoration.none
      const doc = transaction.state.doc
      const from = Math.min(Math.max(0, effect.value - 1), doc.length)
      const word = /^[\w".]+/.exec(doc.sliceString(from, from + 64))
      const to = Math.min(doc.length, from + Math.max(1, word?.[0].length ?? 1))
      marks = from < to ? Decoration.set([errorMark.range(from, to)]) : Decoration.none
    }
    return marks
  },
  provide: (field) => EditorView.decorations.from(field),
})

function completionSchema(schema: DatasetSchema | undefined) {
  if (!schema) return undefined
  return Object.fromEntries(schema.tables.map((table) => [table.name, table.columns.map((column) => column.name)]))
}

export interface CodeEditorProps {
  id: string
  language: 'sql' | 'python'
  value: string
  onChange: (value: string) => void
  schema?: DatasetSchema
  /** 1-based character position of an error to mark, or null. */
  errorPosition?: number | null
  labelledBy?: string
  onRun?: () => void
  /** Tab indents (and Escape then Tab leaves) instead of moving focus. Off by default. */
  tabIndents?: boolean
  /** The answer can no longer be changed (no attempts left). */
  readOnly?: boolean
}

const tabBinding = new Compartment()
const tabKeymap = (tabIndents: boolean) => (tabIndents ? keymap.of([indentWithTab]) : [])
const readOnlyBinding = new Compartment()
const readOnlyExtension = (readOnly: boolean) => [EditorState.readOnly.of(readOnly), EditorView.contentAttributes.of({ 'aria-readonly': String(readOnly) })]

export function CodeEditor({ id, language, value, onChange, schema, errorPosition = null, labelledBy, onRun, tabIndents = false, readOnly = false }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const onChangeRef = useRef(onChange)
  const onRunRef = useRef(onRun)
  const schemaRef = useRef(schema)
  const tabIndentsRef = useRef(tabIndents)
  const readOnlyRef = useRef(readOnly)
  useEffect(() => {
    onChangeRef.current = onChange
    onRunRef.current = onRun
    schemaRef.current = schema
  })
  // A refreshed page brings an equal schema in a new object: only a different dataset rebuilds the editor.
  const schemaName = schema?.name ?? ''

  useEffect(() => {
    const languageSupport =
      language === 'sql'
        ? sql({ dialect: PostgreSQL, schema: completionSchema(schemaRef.current), upperCaseKeywords: true })
        : python()
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRunRef.current ? (onRunRef.current(), true) : false) }])),
          tabBinding.of(tabKeymap(tabIndentsRef.current)),
          readOnlyBinding.of(readOnlyExtension(readOnlyRef.current)),
          languageSupport,
          errorField,
          placeholderExtension(language === 'sql' ? 'SELECT …' : '# your Python here'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({
            'aria-label': language === 'sql' ? 'SQL answer' : 'Python answer',
            ...(labelledBy ? { 'aria-labelledby': labelledBy } : {}),
            'data-testid': `${id}-editor`,
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = editor
    return () => {
      editor.destroy()
      view.current = null
    }
    // The editor is created once per question; later `value` changes come from typing.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, schemaName])

  // Replace the text only when it changed from outside (e.g. "restore attempt").
  useEffect(() => {
    const editor = view.current
    if (!editor || editor.state.doc.toString() === value) return
    editor.dispatch({
      changes: { from: 0, to: editor.state.doc.length, insert: value },
      selection: EditorSelection.cursor(value.length),
    })
  }, [value])

  useEffect(() => {
    tabIndentsRef.current = tabIndents
    view.current?.dispatch({ effects: tabBinding.reconfigure(tabKeymap(tabIndents)) })
  }, [tabIndents])

  useEffect(() => {
    readOnlyRef.current = readOnly
    view.current?.dispatch({ effects: readOnlyBinding.reconfigure(readOnlyExtension(readOnly)) })
  }, [readOnly])

  useEffect(() => {
    view.current?.dispatch({ effects: setErrorMark.of(errorPosition) })
  }, [errorPosition])

  return <div ref={host} id={id} className="code-editor overflow-hidden rounded-md border border-slate-300 bg-white text-sm" />
}
