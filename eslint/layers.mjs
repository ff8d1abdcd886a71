// The layers of the code base and who may import whom, for eslint-plugin-boundaries
// (tested by eslint/layers.test.ts).
//
//   app → server → (graders, course) → (sandbox, datasets)
//
// An arrow means "may import". A layer may import any layer below it, never one above it:
// - app        routes and pages: server, components, and course's client-safe views/types.
// - components UI: other components, course's views/types, and from server only what a browser
//              bundle may hold: types (`import type`), server actions ('use server' modules,
//              the `server-action` files below) and the few `client-safe` modules.
// - server     domain logic: graders, course, sandbox, datasets.
// - graders    engines and the GradeResult contract: course, sandbox, datasets; never server.
// - course     the course format: sandbox, datasets; never server or graders.
// - sandbox, datasets: only themselves.
// - tools (cli/, bench/, scripts/, tests/, prisma/) and test files anywhere (*.test.ts, testing/
//   helpers) may import anything; production code never imports a test file.
// Files outside these folders (config files at the root) are not checked.

/** Each top-level folder is one element. */
export const layerElements = [
  ...['cli', 'bench', 'scripts', 'tests', 'prisma'].map((folder) => ({ type: 'tools', partialMatch: false, pattern: folder })),
  ...['app', 'components', 'server', 'graders', 'course', 'sandbox', 'datasets'].map((folder) => ({ type: folder, partialMatch: false, pattern: folder })),
]

/** Files with a role of their own inside a layer. */
export const layerFiles = [
  { category: 'test', pattern: ['**/*.test.ts', '**/testing/**'] },
  { category: 'server-action', pattern: ['server/**/actions.ts', 'server/auth/sign-up.ts'] },
  // Modules of server/ written for the browser too: they import nothing server-side.
  { category: 'client-safe', pattern: ['server/grading/status.ts'] },
]

const may = (from, to) => ({ from: { element: { type: from } }, allow: { to: { element: { type: to } } } })

export const layerPolicies = [
  may('app', ['app', 'server', 'components', 'course']),
  may('components', ['components', 'course']),
  { from: { element: { type: 'components' } }, allow: { to: { element: { type: 'server' } }, dependency: { kind: 'type' } } },
  { from: { element: { type: 'components' } }, allow: { to: { element: { type: 'server' }, file: { categories: ['server-action', 'client-safe'] } } } },
  may('server', ['server', 'graders', 'course', 'sandbox', 'datasets']),
  may('graders', ['graders', 'course', 'sandbox', 'datasets']),
  may('course', ['course', 'sandbox', 'datasets']),
  may('sandbox', 'sandbox'),
  may('datasets', 'datasets'),
  // Nothing imports a test or a test helper, except tools and tests, which may import anything
  // (the last matching policy wins).
  { disallow: { to: { file: { categories: 'test' } } } },
  may('tools', '*'),
  { from: { file: { categories: 'test' } }, allow: { to: { element: { type: '*' } } } },
]
