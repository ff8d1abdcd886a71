'use client'
// The header's account area, rendered in the browser so that content pages stay static.
import Link from 'next/link'
import { SessionProvider, signOut, useSession } from 'next-auth/react'
import { clearAllDrafts } from '../homework/use-draft'

function Menu() {
  const { data, status } = useSession()
  if (status === 'loading') return <span aria-hidden className="h-8 w-32 animate-pulse rounded-md bg-slate-100" />
  const user = data?.user as { name?: string | null; email?: string | null; role?: string } | undefined
  if (!user) {
    return (
      <>
        <Link href="/sign-in" className="text-sm font-medium">
          Sign in
        </Link>
        <Link href="/sign-up" className="btn-primary">
          Sign up
        </Link>
      </>
    )
  }
  return (
    <>
      {user.role === 'admin' && (
        <Link href="/admin" className="text-sm text-slate-700">
          Admin
        </Link>
      )}
      {user.role === 'instructor' && (
        <Link href="/admin/grading" className="text-sm text-slate-700">
          Grading
        </Link>
      )}
      <Link href="/me" className="text-sm font-medium text-slate-800">
        {user.name || user.email}
      </Link>
      <button type="button" className="btn-secondary py-1.5" onClick={() => {
          clearAllDrafts()
          void signOut({ callbackUrl: '/' })
        }}>
        Sign out
      </button>
    </>
  )
}

export function UserMenu() {
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <Menu />
    </SessionProvider>
  )
}
