import type { ReactNode } from 'react'
import type { PublicQuestion } from '@/course/public-view'
import { Markdown } from './markdown'

const KIND_LABELS: Record<PublicQuestion['kind'], string> = {
  single_choice: 'Choose one',
  multiple_choice: 'Choose all that apply',
  numeric: 'Number',
  text: 'Short answer',
  sql: 'SQL query',
  python: 'Python',
}

/** A question as learners see it before answering (read-only). Takes only the public view. */
export function QuestionView({ question, children }: { question: PublicQuestion; children?: ReactNode }) {
  return (
    <section aria-labelledby={`q-${question.id}`} className="card">
      <header className="flex items-baseline justify-between gap-4">
        <h2 id={`q-${question.id}`} className="font-semibold">
          Question {question.number}
        </h2>
        <span className="text-xs text-slate-600">
          {KIND_LABELS[question.kind]} · {question.points} {question.points === 1 ? 'point' : 'points'}
        </span>
      </header>
      <div className="mt-3">
        <Markdown compact>{question.prompt}</Markdown>
      </div>
      {question.options && (
        <ul className="mt-4 space-y-2">
          {question.options.map((option) => (
            <li key={option.id} className="flex items-baseline gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
              <span className="font-mono text-slate-500">{option.id}.</span>
              <Markdown compact>{option.text}</Markdown>
            </li>
          ))}
        </ul>
      )}
      {question.sql && (
        <p className="mt-4 text-xs text-slate-600">
          Runs on PostgreSQL against the <code>{question.sql.dataset}</code> dataset.
        </p>
      )}
      {question.starter && (
        <div className="mt-3">
          <Markdown compact>{'```sql\n' + question.starter + '\n```'}</Markdown>
        </div>
      )}
      {/* A client slot (the learner's latest attempt) decides for itself whether it shows anything. */}
      {children}
      {question.revealed && (
        <div className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm">
          <p className="font-medium text-emerald-900">Answer</p>
          {question.revealed.answer !== null && <p>{String(question.revealed.answer)}</p>}
          {question.revealed.explanation && <Markdown compact>{question.revealed.explanation}</Markdown>}
        </div>
      )}
    </section>
  )
}
