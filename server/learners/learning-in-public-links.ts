// What counts as a learning-in-public post. Links earn a point each, so a made-up or recycled link
// must not: a site's front page or a profile is not a post, and one post earns one point in a course
// (not one per learner who pastes it, nor one per homework).
import { z } from 'zod'

/** One spelling per post: lower-case host without "www.", no fragment, no tracking parameters, no trailing slash. */
export function normalizePostUrl(value: string): string {
  const url = new URL(value)
  url.hash = ''
  url.hostname = url.hostname.toLowerCase().replace(/^www\./, '')
  for (const name of [...url.searchParams.keys()]) if (/^(utm_|fbclid$|gclid$|si$|s$|t$|trk$|ref$)/i.test(name)) url.searchParams.delete(name)
  url.pathname = url.pathname.replace(/\/+$/, '') || '/'
  return url.toString().replace(/\/$/, '')
}

/** Per well-known site, the paths that are posts; a link elsewhere on these sites is a profile or a page. */
const POST_PATHS: { hosts: RegExp; post: RegExp; example: string }[] = [
  { hosts: /(^|\.)linkedin\.com$/, post: /^\/(posts|pulse|feed\/update)\/./, example: 'linkedin.com/posts/…' },
  { hosts: /^(x|twitter|mobile\.twitter)\.com$/, post: /^\/[^/]+\/status\/\d+/, example: 'x.com/you/status/…' },
  { hosts: /^(bsky\.app)$/, post: /^\/profile\/[^/]+\/post\/./, example: 'bsky.app/profile/you/post/…' },
  { hosts: /(^|\.)youtube\.com$/, post: /^\/(watch|shorts\/.|live\/.)/, example: 'youtube.com/watch?v=…' },
  { hosts: /^medium\.com$/, post: /^\/[^/]+\/./, example: 'medium.com/@you/a-post' },
  { hosts: /^github\.com$/, post: /^\/[^/]+\/./, example: 'github.com/you/repository' },
  { hosts: /^(dev\.to|hashnode\.com|substack\.com)$/, post: /^\/[^/]+\/./, example: 'dev.to/you/a-post' },
]

/** Null when the link can be a post; otherwise why not, for the learner. */
export function whyNotAPost(value: string): string | null {
  const url = new URL(normalizePostUrl(value))
  if (url.pathname === '/' && url.search === '') return `${url.hostname} is a site's front page, not a post: link the post itself.`
  const site = POST_PATHS.find((entry) => entry.hosts.test(url.hostname))
  if (site && !site.post.test(url.pathname)) return `That ${url.hostname} link is not a post (a profile or a page?): link the post itself, like ${site.example}.`
  return null
}

/** A zod refinement for one learning-in-public link (after it parsed as a web address). */
export const postUrl = z.string().superRefine((value, context) => {
  const why = whyNotAPost(value)
  if (why) context.addIssue({ code: 'custom', message: why })
})
