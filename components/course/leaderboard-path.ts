/** A leaderboard page's address (page 1 is the leaderboard's own; next.config.ts rewrites both to the page's segment). */
export function leaderboardPagePath(slug: string, page: number): string {
  return page === 1 ? `/courses/${slug}/leaderboard` : `/courses/${slug}/leaderboard?page=${page}`
}
