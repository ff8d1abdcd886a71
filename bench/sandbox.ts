// `npm run bench:sandbox [-- --samples N]`
// Submit→verdict latency of a trivial python answer through the Docker code sandbox:
//   1. baseline: a cold `docker run --rm` of the same image running a trivial python job;
//   2. our cold path: gradePythonAnswer with the warm pool off (create, start, run, collect);
//   3. the warm pool: the same with pre-created containers (the pool refills between samples);
//   4. the warm pool with warmPoolStart: containers started ahead, waiting for their job.
// The graded paths do more than the baseline (inputs, the call list, the runner's tar of the outputs
// on its stdout, the comparison); the removal of a used container happens after the verdict.
// Prints a table; copy it into docs/benchmarks.md.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { promisify } from 'node:util'
import { gradePythonAnswer, type PythonQuestion } from '../graders/python/grade-python-answer.ts'
import { DockerSandbox, imageTags } from '../sandbox/docker/index.ts'

const { values: flags } = parseArgs({ args: process.argv.slice(2), options: { samples: { type: 'string', default: '20' } } })
const samples = Number(flags.samples)
const run = promisify(execFile)
const log = (message: string) => process.stderr.write(`${message}\n`)

const question: PythonQuestion = {
  kind: 'python',
  slug: 'bench',
  number: 1,
  engine: 'python',
  spec: { id: 'bench', kind: 'python', points: 1, prompt: 'bench', tests: 'tests/bench', image: 'python-data', limits: { timeout_seconds: 30, memory_mb: 256 } },
  hidden: { testsDir: path.resolve(import.meta.dirname, '../tests/hostile/code/fixture/tests'), testFiles: [], wrongAnswers: [] },
  contentHash: 'bench',
}
const answer = 'import shutil, sys\ndef answer(values):\n    return sum(values)\ndef echo(text):\n    return text\nif __name__ == "__main__":\n    shutil.copyfile(sys.argv[1], sys.argv[2])\n'

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

async function measure(label: string, once: () => Promise<void>, between?: () => Promise<void>) {
  const times: number[] = []
  await once() // warm the page cache and the image layers
  for (let i = 0; i < samples; i++) {
    await between?.()
    const started = performance.now()
    await once()
    times.push(performance.now() - started)
    log(`  ${label} ${i + 1}/${samples}: ${times.at(-1)!.toFixed(0)} ms`)
  }
  return { label, p50: percentile(times, 0.5), p99: percentile(times, 0.99) }
}

const image = imageTags('python-data').image
const cold = await DockerSandbox.connect({ warmPoolSize: 0 })
const warm = await DockerSandbox.connect({ warmPoolSize: 2 })
const started = await DockerSandbox.connect({ warmPoolSize: 2, warmPoolStart: true })
if (!(await cold.imageExists(image))) throw new Error(`${image} is not built: npm run syllabus -- sandbox build`)

/** A pool that is refilling is not warm: let it fill, as it does between submissions. */
async function filled(sandbox: DockerSandbox) {
  const deadline = Date.now() + 10_000
  while (sandbox.pooledCount() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
}

const grade = (sandbox: DockerSandbox) => async () => {
  const result = await gradePythonAnswer({ question, answerSource: answer, sandbox })
  if (result.verdict !== 'correct') throw new Error(`expected correct, got ${JSON.stringify(result)}`)
}
const rows = [
  await measure('docker run --rm (baseline)', async () => {
    await run('docker', ['run', '--rm', '--network', 'none', '--user', '65534:65534', image, '/usr/bin/python3', '-I', '-c', 'import json; print(json.dumps(sum([1, 2])))'])
  }),
  await measure('our cold path (no pool)', grade(cold)),
  await measure('warm pool (created)', grade(warm), () => filled(warm)),
  await measure('warm pool (started, waiting for the job)', grade(started), () => filled(started)),
]
await cold.close()
await warm.close()
await started.close()

const baseline = rows[0]!.p50
console.log(`| path | p50 | p99 | p50 vs docker run |`)
console.log(`|---|---|---|---|`)
for (const row of rows) console.log(`| ${row.label} | ${row.p50.toFixed(0)} ms | ${row.p99.toFixed(0)} ms | ${(row.p50 / baseline).toFixed(2)}× |`)
console.log(`\n${samples} samples each, ${new Date().toISOString().slice(0, 10)}, image ${image}.`)
