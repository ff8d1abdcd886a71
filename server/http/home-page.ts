// The home page (`/`) is the catalog page at app/catalog/[snapshot]: next.config.ts rewrites `/` to
// this path so the page can be an ISR page rendered on first request (a build has no database to read
// the catalog from, and a top-level page would be rendered at build time).
export const HOME_SNAPSHOT = 'now'
export const HOME_PAGE_PATH = `/catalog/${HOME_SNAPSHOT}`
