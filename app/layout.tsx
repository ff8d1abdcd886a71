import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'
import { UserMenu } from '@/components/layout/user-menu'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Syllabus', template: '%s · Syllabus' },
  description: 'Data-engineering courses with a real autograder.',
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <Link href="/" className="flex items-center gap-2 text-lg font-semibold text-slate-900 no-underline hover:no-underline">
              <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-brand-700" />
              Syllabus
            </Link>
            <Link href="/" className="text-sm text-slate-700">
              Courses
            </Link>
            <div className="ml-auto flex items-center gap-3">
              <UserMenu />
            </div>
          </nav>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
          {children}
        </main>
        <footer className="border-t border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-4 text-sm text-slate-600">
            Syllabus — open-source, self-hostable courses with a real autograder.
          </div>
        </footer>
      </body>
    </html>
  )
}
