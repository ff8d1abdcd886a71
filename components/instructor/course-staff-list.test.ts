import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { CourseStaffList } from './course-staff-list.tsx'

const html = (staff: Parameters<typeof CourseStaffList>[0]['staff']) => renderToStaticMarkup(createElement(CourseStaffList, { slug: 'mini', staff }))

describe('CourseStaffList', () => {
  it('without staff, says so and how to add someone (the CLI command the staff command accepts)', () => {
    const out = html([])
    expect(out).toContain('No course staff yet')
    expect(out).toContain('npm run syllabus -- staff add --course mini --email &lt;email&gt; [--role assistant]')
    expect(out).toContain('href="/admin"')
    expect(out).not.toContain('<ul')
  })

  it('lists the staff by name, else email, with their role', () => {
    const out = html([
      { role: 'instructor', user: { id: 'a', email: 'grace@example.com', name: 'Grace Hopper' } },
      { role: 'assistant', user: { id: 'b', email: 'ta@example.com', name: null } },
    ])
    expect(out).toContain('<li>Grace Hopper (instructor)</li>')
    expect(out).toContain('<li>ta@example.com (assistant)</li>')
    expect(out).not.toContain('No course staff yet')
  })
})
