// Cache-Control of the JSON parts that cached pages fetch for the asker (a homework page's learner's
// part, the leaderboard's viewer part): a visitor's answer is the same for every visitor, so shared
// caches (the web process's page cache, decision 026) may keep it a second for requests without a
// cookie; a signed-in learner's answer is theirs alone and never stored.
export const VISITOR_PART_HEADERS = { 'Cache-Control': 'public, max-age=0, s-maxage=1', Vary: 'Cookie' }
export const LEARNER_PART_HEADERS = { 'Cache-Control': 'private, no-store' }
