// `tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top N]`: where a V8 CPU profile (node --cpu-prof,
// e.g. of the web server during `bench:web --cpu-prof DIR`) spends its time: self time by package or
// source folder, and by function, as shares of the samples. `--window S`: only the S seconds in which the
// process was busiest (a benchmark's load, without the start-up and idle time around it); with `--of TEXT`,
// busiest in frames whose script's URL contains TEXT (e.g. direct-learner-part: the signed-in load, not start-up).
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const { positionals, values } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, window: { type: 'string' }, of: { type: 'string' } } })
const file = positionals[0]
if (!file) {
  console.error('usage: tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top N]')
  process.exit(2)
}
const top = Number(values.top)
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile

/** A node_modules package, a source folder of ours, or what V8 calls the frame ((garbage collector), (program), …). */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (packageMatch) {
    const inner = /next\/dist\/(compiled\/[^/]+|server\/[^/]+|[^/]+)/.exec(url)
    return packageMatch[1] === 'next' && inner ? `next/${inner[1]}` : packageMatch[1]!
  }
  if (url.startsWith('node:')) return 'node internals'
  const chunk = /\.next\/server\/(chunks\/(ssr\/)?)?/.exec(url)
  if (chunk) return 'the app (.next/server chunks)'
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')
}

const selfByPlace = new Map<string, number>()
const selfByFunction = new Map<string, number>()
let total = 0
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const idleId = profile.nodes.find((node) => node.callFrame.functionName === '(idle)')?.id
/** The samples [first, last) of the busiest `seconds`-long window (two pointers over the sample times). */
function busiestWindow(seconds: number): [number, number] {
  const counted = new Map<number, boolean>()
  const counts = (id: number) => {
    let yes = counted.get(id)
    if (yes === undefined) counted.set(id, (yes = id !== idleId && (!values.of || (byId.get(id)?.callFrame.url.includes(values.of) ?? false))))
    return yes
  }
  const at: number[] = []
  let time = 0
  for (const delta of profile.timeDeltas) at.push((time += delta))
  let best: [number, number] = [0, profile.samples.length]
  let bestBusy = -1
  let busy = 0
  let first = 0
  for (let last = 0; last < profile.samples.length; last++) {
    if (counts(profile.samples[last]!)) busy += profile.timeDeltas[last] ?? 0
    while (at[last]! - at[first]! > seconds * 1e6) {
      if (counts(profile.samples[first]!)) busy -= profile.timeDeltas[first] ?? 0
      first++
    }
    if (busy > bestBusy) [bestBusy, best] = [busy, [first, last + 1]]
  }
  return best
}
const [from, to] = values.window ? busiestWindow(Number(values.window)) : [0, profile.samples.length]
profile.samples.forEach((id, index) => {
  if (index < from || index >= to) return
  const delta = profile.timeDeltas[index] ?? 0
  const node = byId.get(id)
  if (!node) return
  total += delta
  const { functionName, url, lineNumber } = node.callFrame
  const place = placeOf(url, functionName)
  selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + delta)
  const name = `${functionName || '(anonymous)'}  ${place}${url ? `:${lineNumber + 1}` : ''}`
  selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + delta)
})

function print(title: string, entries: Map<string, number>) {
  console.log(`\n${title}`)
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`)
  }
}

console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled${values.window ? ` (the busiest ${values.window} s)` : ''}`)
print('Self time by package or folder', selfByPlace)
print('Self time by function', selfByFunction)
