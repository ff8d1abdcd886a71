// Cache-Control of the JSON parts that cached pages fetch for the asker (a homework page's learner's
// part, the leaderboard's viewer part): a visitor's answer is the same for every visitor, so shared
// caches (the web process's page cache, decision 026) may keep it a second for requests without a
// cookie, then 10 s more while it fetches it again; a signed-in learner's answer is theirs alone and
// never stored.
export const VISITOR_PART_HEADERS = { 'Cache-Control': 'public, max-age=0, s-maxage=1, stale-while-revalidate=10', Vary: 'Cookie' }
export const LEARNER_PART_HEADERS = { 'Cache-Control': 'private, no-store' }

/**
 * The oldest an ISR page (home, homework, leaderboard: `revalidate = 5`) may be when it is served, in
 * seconds: next.config.ts's `expireTime`. Until then Next.js answers a stale render at once and renders
 * again in the background; past it (nobody asked for that long) it renders before it answers. Its
 * Cache-Control says so to shared caches (`s-maxage=5, stale-while-revalidate=25`), and the web
 * process's page cache keeps a response no longer than that allows. Next.js's default is a year.
 */
export const ISR_PAGE_EXPIRE_SECONDS = 30
