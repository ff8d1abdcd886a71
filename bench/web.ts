// `npm run bench:web`: the site's pages against a plain Next.js 16 page, measured side by side in one run.
//   1. the yardstick: a tiny Next.js app (one heading) in a temp folder, built with this repo's `next`
//      and served by `next start`;
//   2. the site: `syllabus start` (production build, web + worker, embedded databases) on a throwaway
//      data directory, as `npm start` and the e2e suite run it, with the course calendar on a day when
//      hw1 is open (SYLLABUS_TEST_CLOCK_FILE);
//   3. a learner made through the real paths: the sign-up form in Chromium ("Sign up to enrol"), then one
//      answer to every hw1 question through POST /api/submissions, graded by the worker;
//   4. autocannon (`-c 50 -d 10` by default) on each page, anonymous, and the homework page also with the
//      learner's session cookie. A view of the homework page is the page (cached, the same for everyone)
//      and the learner's part the browser then asks for (its JSON): each connection requests both in
//      turn and views/s counts pairs (p50/p99 are over both requests). Prints req/s (views/s), p50, p99
//      and the ratio to the yardstick, with the targets.
// Options: --connections, --duration (s), --pages (comma list of names), --data-dir (keep and reuse the
// site's databases), --port (first of two ports; the yardstick uses the next one), --cpu-prof DIR (profiles of
// the site's processes; start once without it so the build is not profiled too).
import { type ChildProcess, spawn } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import autocannon from 'autocannon'
import { loadCourse } from '../course/load.ts'
import type { LoadedQuestion } from '../course/loaded-course.ts'
import { resolveE2eBrowser } from '../tests/e2e/browser.ts'

const root = path.resolve(import.meta.dirname, '..')
const COURSE = 'data-engineering-zoomcamp'
const HOMEWORK = 'hw1'
/** Tuesday of week 1 (as in the e2e suite): hw1 is open, so the learner can answer every question. */
const CLOCK = '2027-01-12T10:00:00Z'

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    pages: { type: 'string' },
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '3211' },
    /** Write V8 CPU profiles of the site's processes here (NODE_OPTIONS=--cpu-prof); read them with bench/cpu-profile-summary.ts. */
    'cpu-prof': { type: 'string' },
  },
})
const connections = Number(values.connections)
const duration = Number(values.duration)
const sitePort = Number(values.port)
const yardstickPort = sitePort + 1

interface Target {
  name: string
  path: string
  signedIn: boolean
  /**
   * Requests the browser makes for one view of the page besides the page itself (the learner's part of the
   * homework page): each connection requests the page and these in turn, and a view counts once all are answered.
   */
  alsoFetches?: string[]
  /** Minimum ratio of views/s (req/s for a page alone) to the yardstick's req/s. */
  minRatio: number
}

const P99_TARGET_MS = 250
/** Text in the sized yardstick: its page (HTML + the RSC payload, which repeats it) is then about the homework page's 75 KB. */
const SIZED_YARDSTICK_BYTES = 36_000

function loadAverage() {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')
}

const children: ChildProcess[] = []
function startProcess(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  // Own process group, so one signal reaches the whole tree; `syllabus start` turns it into an ordered stop of
  // the platform (which runs in a group of its own and stops itself if start is SIGKILLed: its stdin closes).
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  children.push(child)
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('exit', (code) => {
    if (!stopping) console.error(`\n✖ ${name} exited (${code}) early; its last output:\n${output}`)
  })
  return { child, output: () => output }
}

let stopping = false
async function stopAll() {
  stopping = true
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const timer = setTimeout(() => {
            try {
              process.kill(-child.pid!, 'SIGKILL')
            } catch {
              // already gone
            }
          }, 30_000)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
          try {
            process.kill(-child.pid!, 'SIGTERM')
          } catch {
            resolve()
          }
        }),
    ),
  )
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-5000)}`))))
  })
}

async function waitForOk(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server of ${url} exited`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`)
}

/** A plain Next.js 16 app with one heading, built and served with this repo's `next`. */
async function startYardstick(tempDir: string) {
  const appDir = path.join(tempDir, 'yardstick')
  await mkdir(path.join(appDir, 'app'), { recursive: true })
  await symlink(path.join(root, 'node_modules'), path.join(appDir, 'node_modules'), 'dir')
  await writeFile(path.join(appDir, 'package.json'), JSON.stringify({ name: 'yardstick', private: true, type: 'module' }))
  // Turbopack resolves node_modules through the symlink only inside its root: the common ancestor.
  await writeFile(path.join(appDir, 'next.config.mjs'), `export default { poweredByHeader: false, turbopack: { root: '/' } }\n`)
  await writeFile(
    path.join(appDir, 'app/layout.jsx'),
    `export default function RootLayout({ children }) {\n  return (<html lang="en"><body>{children}</body></html>)\n}\n`,
  )
  await writeFile(path.join(appDir, 'app/page.jsx'), `export default function Page() {\n  return <h1>Hello</h1>\n}\n`)
  // A second plain page as large as the homework page (~75 KB of HTML): what Next.js alone needs to serve
  // that many bytes, so a page's ratio can be read apart from its size.
  await mkdir(path.join(appDir, 'app/sized'))
  await writeFile(
    path.join(appDir, 'app/sized/page.jsx'),
    `const text = ${JSON.stringify('Lorem ipsum dolor sit amet. '.repeat(SIZED_YARDSTICK_BYTES / 28))}\nexport default function Page() {\n  return <main><h1>Hello</h1><p>{text}</p></main>\n}\n`,
  )
  const next = path.join(root, 'node_modules/.bin/next')
  const env = { ...process.env, NODE_ENV: 'production' as const, NEXT_TELEMETRY_DISABLED: '1' }
  await run(next, ['build'], { cwd: appDir, env })
  const server = startProcess('the yardstick', next, ['start', '-p', String(yardstickPort)], { cwd: appDir, env })
  await waitForOk(`http://127.0.0.1:${yardstickPort}/`, server.child, 60_000)
}

/** The site as `npm start` runs it, with hw1 open. */
async function startSite(dataDir: string, clockFile: string) {
  await writeFile(clockFile, CLOCK)
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    SYLLABUS_TEST_CLOCK_FILE: clockFile,
    DATABASE_URL: '',
    GRADING_DATABASE_URL: '',
    // The web process writes its own profile when it is asked to stop, before it drains (web-<pid>.cpuprofile,
    // cli/commands/web.ts: the one written at exit was cut short by the launchers' signals); every other
    // Node process of the site writes one when it exits (NODE_OPTIONS=--cpu-prof).
    ...(values['cpu-prof']
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(values['cpu-prof'])}`, SYLLABUS_WEB_CPU_PROFILE_DIR: path.resolve(values['cpu-prof']) }
      : {}),
  }
  // As `npm start` runs it (node --import tsx, no tsx launcher relaying signals).
  const site = startProcess('the site (syllabus start)', process.execPath, ['--import', 'tsx', 'cli/syllabus.ts', 'start', '--port', String(sitePort), '--data-dir', dataDir], {
    cwd: root,
    env,
  })
  // A throwaway data directory loads the datasets, and a changed source tree is built first: minutes.
  await waitForOk(`http://127.0.0.1:${sitePort}/api/health`, site.child, 900_000)
}

/** A right answer to each question (the reference for code; the bench may read the hidden files). */
async function answerFor(question: LoadedQuestion, homeworkDir: string): Promise<unknown> {
  switch (question.kind) {
    case 'single_choice':
    case 'multiple_choice':
    case 'numeric':
      return question.spec.answer
    case 'text':
      return Array.isArray(question.spec.answer) ? question.spec.answer[0] : question.spec.answer
    case 'sql':
      return question.hidden.solutionSql
    case 'python':
      return readFile(path.join(homeworkDir, 'hidden/solutions', `${question.slug}.py`), 'utf8')
  }
}

/** A learner signed up and enrolled through the form, with an attempt on every hw1 question; returns the Cookie header. */
async function makeLearnerWithAttempts(baseUrl: string): Promise<{ cookie: string; submissionIds: string[]; graded: number }> {
  const course = await loadCourse(path.join(root, 'courses', COURSE))
  const week = course.weeks.find((entry) => entry.homework?.slug === HOMEWORK)!
  const homework = week.homework!
  const homeworkDir = path.join(course.dir, path.dirname(homework.file))
  const browserInfo = await resolveE2eBrowser()
  const browser = await chromium.launch({ executablePath: browserInfo.executablePath, env: { ...process.env, ...browserInfo.env }, args: ['--no-sandbox', '--disable-gpu', ...browserInfo.args] })
  try {
    const context = await browser.newContext({ baseURL: baseUrl })
    const page = await context.newPage()
    await page.goto(`/sign-up?enrol=${COURSE}&redirectTo=${encodeURIComponent(`/courses/${COURSE}/dashboard`)}`, { waitUntil: 'networkidle' })
    await page.getByLabel('Name').fill('Bench Learner')
    await page.getByLabel('Email').fill(`bench-${Date.now()}@example.com`)
    await page.getByLabel('Password').fill('a long bench password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(new RegExp(`/courses/${COURSE}/dashboard$`), { timeout: 60_000 })
    const ids: string[] = []
    for (const question of homework.questions) {
      const answer = await answerFor(question, homeworkDir)
      const submit = () => page.evaluate(
        async (body) => {
          const result = await fetch('/api/submissions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
          return { status: result.status, body: (await result.json()) as { submissionId?: string; error?: { message?: string } } }
        },
        { courseSlug: COURSE, homeworkSlug: HOMEWORK, questionSlug: question.slug, answer },
      )
      let response = await submit()
      // The submit rate limit answers 429 with the wait: a learner would wait too.
      while (response.status === 429) {
        const retryAfterSeconds = (response.body.error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 5
        await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1_000))
        response = await submit()
      }
      if (response.status !== 202 || !response.body.submissionId) throw new Error(`submitting ${question.slug}: ${response.status} ${JSON.stringify(response.body)}`)
      ids.push(response.body.submissionId)
    }
    // Wait (up to 3 minutes) for the worker: the page shows graded attempts with their feedback.
    const deadline = Date.now() + 180_000
    let graded = 0
    while (Date.now() < deadline) {
      const statuses = await page.evaluate(
        async (list) => Promise.all(list.map(async (id) => ((await (await fetch(`/api/submissions/${id}`)).json()) as { status: string }).status)),
        ids,
      )
      graded = statuses.filter((status) => status === 'graded' || status === 'failed').length
      if (graded === ids.length) break
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
    const cookies = await context.cookies()
    return { cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; '), submissionIds: ids, graded }
  } finally {
    await browser.close()
  }
}

interface Measure {
  /** Mean response size, headers included (for a page with its learner's part: both). */
  kilobytes: number
  requestsPerSecond: number
  p50: number
  p99: number
  non2xx: number
  errors: number
}

/**
 * Requests autocannon gave up on are still rendered by the server: wait until it answers a cheap
 * request quickly again, so one page's backlog is not measured as the next page's slowness.
 */
async function settle(url: string) {
  const origin = new URL(url).origin
  const probe = origin.endsWith(`:${sitePort}`) ? `${origin}/api/health` : `${origin}/`
  const deadline = Date.now() + 180_000
  while (Date.now() < deadline) {
    const started = performance.now()
    const ok = await fetch(probe).then(
      (response) => response.ok,
      () => false,
    )
    if (ok && performance.now() - started < 200) return
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
  console.warn(`(${origin} was still busy after 180 s)`)
}

async function measure(url: string, headers: Record<string, string> = {}, seconds = duration, alsoFetches: string[] = []): Promise<Measure> {
  await settle(url)
  // With alsoFetches, each connection requests the page, then each of them, and again: a view is one of each.
  const requests = alsoFetches.length > 0 ? [new URL(url).pathname, ...alsoFetches].map((requestPath) => ({ method: 'GET' as const, path: requestPath })) : undefined
  const result = await autocannon({ url, connections, duration: seconds, headers, ...(requests ? { requests } : {}) })
  return {
    kilobytes: (result.throughput.total / Math.max(1, result.requests.total) / 1000) * (1 + alsoFetches.length),
    requestsPerSecond: result.requests.average / (1 + alsoFetches.length),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}

/** The page answers 200 and shows what it should to this visitor (so the figures measure the real page). */
async function checkPage(url: string, headers: Record<string, string>, mustContain: string[], mustNotContain: string[]) {
  const response = await fetch(url, { headers })
  const html = await response.text()
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
  for (const text of mustContain) if (!html.includes(text)) throw new Error(`${url} does not show "${text}"`)
  for (const text of mustNotContain) if (html.includes(text)) throw new Error(`${url} shows "${text}"`)
}

async function main() {
  console.log(`load average (1, 5, 15 min) at start: ${loadAverage()}`)
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-bench-web-'))
  // As root the embedded clusters run as the postgres user, who must reach the data folder inside (mkdtemp makes it 0700).
  await chmod(tempDir, 0o755)
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : path.join(tempDir, 'data')
  const siteUrl = `http://127.0.0.1:${sitePort}`
  const yardstickUrl = `http://127.0.0.1:${yardstickPort}/`
  try {
    process.stdout.write('• building and starting the yardstick (plain Next.js page)… ')
    await startYardstick(tempDir)
    console.log('ok')
    process.stdout.write('• starting the site (syllabus start; first start loads datasets and may build)… ')
    await startSite(dataDir, path.join(tempDir, 'clock'))
    console.log('ok')
    process.stdout.write('• signing up a learner and answering every hw1 question… ')
    const learner = await makeLearnerWithAttempts(siteUrl)
    console.log(`ok (${learner.graded} of ${learner.submissionIds.length} attempts graded or failed)`)

    const course = await loadCourse(path.join(root, 'courses', COURSE))
    const firstWeek = course.weeks[0]!
    const lessonPath = `/courses/${COURSE}/weeks/${firstWeek.slug}/${firstWeek.lessons[0]!.slug}`
    const homeworkPath = `/courses/${COURSE}/homework/${HOMEWORK}`
    // The homework page is the same for everyone; the browser then asks for the visitor's own part.
    const learnerPartPath = `/api/courses/${COURSE}/homework/${HOMEWORK}/learner`
    const targets: Target[] = [
      { name: 'homework (anonymous)', path: homeworkPath, signedIn: false, alsoFetches: [learnerPartPath], minRatio: 0.5 },
      { name: 'homework (signed in)', path: homeworkPath, signedIn: true, alsoFetches: [learnerPartPath], minRatio: 0.25 },
      { name: 'lesson', path: lessonPath, signedIn: false, minRatio: 0.8 },
      { name: 'course', path: `/courses/${COURSE}`, signedIn: false, minRatio: 0.8 },
      { name: 'leaderboard', path: `/courses/${COURSE}/leaderboard`, signedIn: false, minRatio: 0.5 },
      { name: 'home', path: '/', signedIn: false, minRatio: 0.5 },
    ]
    const chosen = values.pages ? values.pages.split(',').map((name) => name.trim()) : null
    const selected = chosen ? targets.filter((target) => chosen.some((name) => target.name.startsWith(name))) : targets
    const learnerHeaders = { cookie: learner.cookie }

    // What each visitor must see: the measured responses are the real pages, not errors or sign-in redirects.
    // The page is the same for both (the questions, none of the learner's attempts); the learner's part
    // has their attempts, with their ids, and the visitor's says only that they are not signed in.
    await checkPage(`${siteUrl}${homeworkPath}`, {}, ['data-testid="attempt-policy"', '(your time)'], learner.submissionIds)
    await checkPage(`${siteUrl}${homeworkPath}`, learnerHeaders, ['data-testid="attempt-policy"', '(your time)'], learner.submissionIds)
    await checkPage(`${siteUrl}${learnerPartPath}`, {}, ['"signedIn":false'], learner.submissionIds)
    await checkPage(`${siteUrl}${learnerPartPath}`, learnerHeaders, ['"canAnswer":true', ...learner.submissionIds], [])

    // Warm-up: the first requests of a page compile and cache what later ones reuse.
    await measure(yardstickUrl, {}, 2)
    for (const target of selected) await measure(`${siteUrl}${target.path}`, target.signedIn ? learnerHeaders : {}, 2, target.alsoFetches)

    console.log(`\nautocannon -c ${connections} -d ${duration}; load average before measuring: ${loadAverage()}`)
    const yardstickBefore = await measure(yardstickUrl)
    const rows: { target: Target; result: Measure }[] = []
    for (const target of selected) rows.push({ target, result: await measure(`${siteUrl}${target.path}`, target.signedIn ? learnerHeaders : {}, duration, target.alsoFetches) })
    const yardstickAfter = await measure(yardstickUrl)
    const yardstick = (yardstickBefore.requestsPerSecond + yardstickAfter.requestsPerSecond) / 2
    const sizedUrl = `${yardstickUrl}sized`
    const sizedBytes = (await (await fetch(sizedUrl)).text()).length
    const sized = await measure(sizedUrl)

    const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1))
    console.log(`\n| page | KB | req/s (views/s: the page + its learner's part) | p50 (ms) | p99 (ms) | ratio to the plain page | target | non-2xx / errors |`)
    console.log(`|---|---|---|---|---|---|---|---|`)
    console.log(`| plain Next.js page (before / after) | ${yardstickBefore.kilobytes.toFixed(1)} | ${format(yardstickBefore.requestsPerSecond)} / ${format(yardstickAfter.requestsPerSecond)} | ${yardstickBefore.p50} / ${yardstickAfter.p50} | ${yardstickBefore.p99} / ${yardstickAfter.p99} | 1.00× | | ${yardstickBefore.non2xx + yardstickAfter.non2xx} / ${yardstickBefore.errors + yardstickAfter.errors} |`)
    console.log(`| plain Next.js page of ${Math.round(sizedBytes / 1000)} KB (for reading the ratios apart from size) | ${sized.kilobytes.toFixed(1)} | ${format(sized.requestsPerSecond)} | ${sized.p50} | ${sized.p99} | ${(sized.requestsPerSecond / yardstick).toFixed(2)}× | | ${sized.non2xx} / ${sized.errors} |`)
    let failures = 0
    for (const { target, result } of rows) {
      const ratio = result.requestsPerSecond / yardstick
      const met = ratio >= target.minRatio && result.p99 < P99_TARGET_MS && result.non2xx === 0 && result.errors === 0
      if (!met) failures++
      console.log(
        `| ${target.name} | ${result.kilobytes.toFixed(1)} | ${format(result.requestsPerSecond)} | ${result.p50} | ${result.p99} | ${ratio.toFixed(2)}× | ≥ ${target.minRatio}×, p99 < ${P99_TARGET_MS} ms ${met ? '✓' : '✗'} | ${result.non2xx} / ${result.errors} |`,
      )
    }
    console.log(`\nload average at end: ${loadAverage()}`)
    console.log(failures === 0 ? 'every target met' : `${failures} of ${rows.length} pages miss their target`)
  } finally {
    await stopAll()
    if (!values['data-dir']) await rm(tempDir, { recursive: true, force: true }).catch(() => {})
    else await rm(path.join(tempDir, 'yardstick'), { recursive: true, force: true }).catch(() => {})
  }
}

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)))
await main()
