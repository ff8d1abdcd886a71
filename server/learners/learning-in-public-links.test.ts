import { describe, expect, it } from 'vitest'
import { normalizePostUrl, whyNotAPost } from './learning-in-public-links.ts'

describe('learning-in-public links', () => {
  it.each([
    'https://www.linkedin.com/posts/ada_dezoomcamp-activity-1',
    'https://x.com/ada/status/1880000000000000000',
    'https://medium.com/@ada/my-week-1-notes-123',
    'https://ada.hashnode.dev/week-1',
    'https://github.com/ada/zoomcamp-notes',
    'https://www.youtube.com/watch?v=abc',
  ])('accepts a post: %s', (url) => {
    expect(whyNotAPost(url)).toBeNull()
  })

  it.each([
    ['https://www.linkedin.com/', /front page/],
    ['https://example.com', /front page/],
    ['https://www.linkedin.com/in/ada-lovelace', /not a post/],
    ['https://twitter.com/ada', /not a post/],
    ['https://x.com/home', /not a post/],
    ['https://github.com/ada', /not a post/],
    ['https://medium.com/@ada', /not a post/],
  ])('refuses %s', (url, message) => {
    expect(whyNotAPost(url)).toMatch(message)
  })

  it('spells one post one way, so a copy with tracking or a trailing slash is the same link', () => {
    const plain = normalizePostUrl('https://www.linkedin.com/posts/ada-1')
    expect(normalizePostUrl('https://LinkedIn.com/posts/ada-1/?utm_source=share&trk=x#comments')).toBe(plain)
    expect(normalizePostUrl('https://example.com/post?id=7')).toBe('https://example.com/post?id=7')
  })
})
