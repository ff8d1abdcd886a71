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
  await page.goto('data:text/html,<title>bare machine</title><p id="sum"></p><script>document.getElementById("sum").textContent = 6 * 7</script>')
  const text = await page.locator('#sum').textContent()
  if (text !== '42') throw new Error(`the page computed ${text}, not 42`)
  console.log(`launched ${launched.version()}: "${await page.title()}" computed ${text}`)
} finally {
  await launched.close()
}
