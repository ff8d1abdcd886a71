// Launches the browser the e2e suite would use and loads a data: URL: the smallest proof that
// Playwright can drive it on this machine. Used by scripts/bare-machine-check.sh inside a minimal Debian.
import { chromium } from '@playwright/test'
import { resolveE2eBrowser } from '../tests/e2e/browser.ts'

const browser = await resolveE2eBrowser()
console.log(`e2e browser: ${browser.description}`)
const launched = await chromium.launch({
  executablePath: browser.executablePath,
  args: ['--no-sandbox', '--disable-gpu', ...browser.args],
  env: { ...process.env, ...browser.env },
})
try {
  const page = await launched.newPage()
  await page.goto('data:text/html,<title>bare machine</title><span id="sum"></span><script>document.getElementById("sum").textContent = 6 * 7</script>')
  const text = await page.locator('#sum').textContent()
  if (text !== '42') throw new Error(`the page computed ${text}, not 42`)
  // Text drawn without any font is zero pixels wide, and Playwright calls it hidden.
  const box = await page.locator('#sum').boundingBox()
  if (!box || box.width === 0) throw new Error('the text has no width: Chromium found no font')
  console.log(`launched ${launched.version()}: "${await page.title()}" computed ${text}, drawn ${box.width}px wide`)
} finally {
  await launched.close()
}
