// Which Chromium the e2e suite drives. Playwright cannot download its own browser on our machines, so we
// look, in order, for: CHROMIUM_PATH; a system Chromium or Chrome; the Chromium shipped inside the
// @sparticuz/chromium npm package (a devDependency), so `npm install && npm test` works on a bare machine.
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export type E2eBrowser = {
  executablePath: string
  /** One line for the test log: which browser and why it was chosen. */
  description: string
  /** Extra environment for the browser process only (never set in ours). */
  env: Record<string, string>
  /** Extra command-line switches this browser needs. */
  args: string[]
}

const SYSTEM_BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

// Usual install locations that are often not on PATH (a browser in /usr/bin is found through PATH).
const SYSTEM_BROWSER_PATHS = [
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
]

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first system Chromium/Chrome on `searchPath`, else in a usual install location. */
export function findSystemBrowser(searchPath: string | undefined, usualPaths: readonly string[] = SYSTEM_BROWSER_PATHS): string | null {
  const dirs = (searchPath ?? '').split(path.delimiter).filter(Boolean)
  for (const command of SYSTEM_BROWSER_COMMANDS) {
    for (const dir of dirs) {
      const candidate = path.join(dir, command)
      if (isExecutable(candidate)) return candidate
    }
  }
  return usualPaths.find(isExecutable) ?? null
}

/**
 * Unpacks @sparticuz/chromium's browser into the temp directory and returns how to launch it.
 *
 * The package decides from the environment whether it is on Amazon Linux 2023 (AWS_LAMBDA_JS_RUNTIME and
 * friends, read in `isRunningInAmazonLinux2023`); only then does it unpack its bundled shared libraries
 * (libnspr4, libnss3, …) — without them Chromium fails to start on a machine with no browser libraries,
 * such as a minimal Debian. We want those libraries everywhere, so we set that variable around the one
 * call and restore it, and hand the library path to the browser process only. The module is imported
 * before the variable is set: at import time it would otherwise rewrite our own LD_LIBRARY_PATH and HOME.
 */
export async function unpackBundledBrowser(): Promise<E2eBrowser> {
  const { default: Chromium } = await import('@sparticuz/chromium')
  const libraryDir = path.join(os.tmpdir(), 'al2023', 'lib')
  const fontsDir = path.join(os.tmpdir(), 'fonts')
  const previous = process.env.AWS_LAMBDA_JS_RUNTIME
  process.env.AWS_LAMBDA_JS_RUNTIME = 'nodejs22.x'
  let executablePath: string
  try {
    executablePath = await Chromium.executablePath()
  } finally {
    if (previous === undefined) delete process.env.AWS_LAMBDA_JS_RUNTIME
    else process.env.AWS_LAMBDA_JS_RUNTIME = previous
  }
  // executablePath() returns early when the browser was unpacked before, even by a run that skipped the
  // libraries; say so rather than fail later with a missing libnspr4.so.
  if (!existsSync(libraryDir)) {
    throw new Error(`${executablePath} exists but its libraries are not in ${libraryDir}: delete ${executablePath} and run again.`)
  }
  // The package's fonts.conf names /tmp/fonts outright: with another temp folder (TMPDIR) Chromium
  // finds no font, draws text zero pixels wide, and Playwright sees every text as hidden.
  const fontsConfig = path.join(fontsDir, 'syllabus-fonts.conf')
  writeFileSync(
    fontsConfig,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${fontsDir}</dir>\n  <cachedir>${fontsDir}-cache</cachedir>\n</fontconfig>\n`,
  )
  const inherited = process.env.LD_LIBRARY_PATH
  return {
    executablePath,
    description: `the Chromium bundled in @sparticuz/chromium, unpacked at ${executablePath}`,
    env: {
      LD_LIBRARY_PATH: inherited ? `${libraryDir}${path.delimiter}${inherited}` : libraryDir,
      FONTCONFIG_FILE: fontsConfig,
    },
    // A headless-shell build: without a zygote it runs as root in a container without user namespaces.
    args: ['--no-zygote'],
  }
}

/** CHROMIUM_PATH, else a system browser, else the bundled one. */
export async function resolveE2eBrowser(environment: NodeJS.ProcessEnv = process.env): Promise<E2eBrowser> {
  const configured = environment.CHROMIUM_PATH
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which is not an executable file.`)
    return { executablePath: configured, description: `CHROMIUM_PATH=${configured}`, env: {}, args: [] }
  }
  const system = findSystemBrowser(environment.PATH)
  if (system) return { executablePath: system, description: `the system browser ${system}`, env: {}, args: [] }
  // The bundled build is Linux x64 only.
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('No Chromium or Chrome found on PATH: install one or set CHROMIUM_PATH to its executable.')
  }
  return unpackBundledBrowser()
}
