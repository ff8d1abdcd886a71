import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { Breadcrumbs } from '@/components/course/breadcrumbs'
import { Markdown } from '@/components/course/markdown'
import { allLessonParams, findLesson, getCourse } from '@/server/courses/content'

type Params = Promise<{ slug: string; week: string; lesson: string }>

// Prerendered at build time: `npm start` rebuilds when course content changes (cli/lib/build-hash.ts).
export const generateStaticParams = allLessonParams

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, week, lesson } = await params
  const course = await getCourse(slug)
  return { title: (course && findLesson(course, week, lesson)?.lesson.frontMatter.title) ?? 'Lesson not found' }
}

export default async function LessonPage({ params }: { params: Params }) {
  const { slug, week: weekSlug, lesson: lessonSlug } = await params
  const course = await getCourse(slug)
  const found = course && findLesson(course, weekSlug, lessonSlug)
  if (!course || !found) notFound()
  const { week, lesson, previous, next } = found
  const href = (entry: NonNullable<typeof previous>) => `/courses/${slug}/weeks/${entry.week.slug}/${entry.lesson.slug}`
  return (
    <article className="mx-auto max-w-3xl">
      <Breadcrumbs
        items={[
          { href: `/courses/${slug}`, label: course.config.title },
          { href: `/courses/${slug}/weeks/${week.slug}`, label: `Week ${week.number}` },
          { label: lesson.frontMatter.title },
        ]}
      />
      <h1 className="page-title">{lesson.frontMatter.title}</h1>
      <p className="mt-2 text-sm text-slate-600">
        {lesson.frontMatter.duration} min
        {lesson.frontMatter.video && (
          <>
            {' · '}
            <a href={lesson.frontMatter.video} rel="noopener noreferrer" target="_blank">
              Watch the video
            </a>
          </>
        )}
      </p>
      <div className="mt-8">
        <Markdown>{lesson.body}</Markdown>
      </div>
      <nav aria-label="Lessons" className="mt-12 grid grid-cols-2 gap-4 border-t border-slate-200 pt-6 text-sm">
        <div>
          {previous && (
            <Link href={href(previous)} rel="prev">
              ← {previous.lesson.frontMatter.title}
            </Link>
          )}
        </div>
        <div className="text-right">
          {next ? (
            <Link href={href(next)} rel="next">
              {next.lesson.frontMatter.title} →
            </Link>
          ) : (
            week.homework && <Link href={`/courses/${slug}/homework/${week.homework.slug}`}>Homework →</Link>
          )}
        </div>
      </nav>
    </article>
  )
}
