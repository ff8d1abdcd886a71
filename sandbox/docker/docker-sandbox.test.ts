// The walls, checked from inside a real container, and the lifecycle (pool, removal, sweep).
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { DockerSandbox } from './docker-sandbox.ts'
import { DockerUnavailableError } from './errors.ts'
import { listSandboxContainers, sweepSandboxContainers } from './sweep.ts'
import { dockerForTests, NEEDS_DOCKER } from './testing/docker-for-tests.ts'

const docker = await dockerForTests({ warmPoolSize: 1 })
afterAll(() => docker.sandbox?.close())
const owner = `${os.hostname()}/${process.pid}`
const MARKER = 'WALLS-DONE'

/** Reports what the process inside can see and do, as JSON in /sandbox/out/walls.json. */
const probe = `
import json, os, socket
def attempt(action):
    try:
        action()
        return 'allowed'
    except Exception as error:
        return type(error).__name__
status = dict(line.split(':\\t', 1) for line in open('/proc/self/status').read().splitlines() if ':\\t' in line)
report = {
    'uid': os.getuid(), 'gid': os.getgid(), 'env': sorted(os.environ),
    'capEff': status['CapEff'].strip(), 'capBnd': status['CapBnd'].strip(), 'noNewPrivs': status['NoNewPrivs'].strip(),
    'interfaces': sorted(line.split(':')[0].strip() for line in open('/proc/net/dev').read().splitlines()[2:]),
    'writeRoot': attempt(lambda: open('/etc/x', 'w')),
    'writeInput': attempt(lambda: open('/sandbox/input/x', 'w')),
    'writeWork': attempt(lambda: open('/sandbox/work/x', 'w')),
    'connect': attempt(lambda: socket.create_connection(('127.0.0.1', 9), timeout=1)),
    'inputFile': open('/sandbox/input/hello.txt').read(),
    'cwd': os.getcwd(),
}
with open('/sandbox/out/walls.json', 'w') as file:
    json.dump(report, file)
print('${MARKER}', flush=True)
import time; time.sleep(60)
`

describe.skipIf(docker.skipReason !== null)(`Docker sandbox ${docker.skipReason ?? ''}`, { tags: [NEEDS_DOCKER] }, () => {
  test('the container is walled in', { timeout: 60_000 }, async () => {
    const result = await docker.sandbox!.run({
      image: docker.image!,
      argv: ['/usr/bin/python3', '-I', '-c', probe],
      inputFiles: { 'hello.txt': 'hello' },
      completionMarker: MARKER,
      limits: { timeoutMs: 20_000 },
    })
    expect(result.ending).toBe('completed')
    const walls = JSON.parse(result.outputFiles.get('walls.json')!.toString())
    expect(walls).toMatchObject({
      uid: 65534,
      gid: 65534,
      capEff: '0000000000000000',
      capBnd: '0000000000000000',
      noNewPrivs: '1',
      interfaces: ['lo'],
      writeRoot: 'OSError',
      writeInput: 'OSError',
      writeWork: 'allowed',
      inputFile: 'hello',
      cwd: '/sandbox/work',
    })
    expect(walls.connect).not.toBe('allowed')
    // Nothing of the host's environment: only what Docker itself sets.
    expect(walls.env.filter((name: string) => !['HOME', 'HOSTNAME', 'PATH', 'LC_CTYPE'].includes(name))).toEqual([])
  })

  test('the deadline is kept from outside', { timeout: 60_000 }, async () => {
    const started = performance.now()
    const result = await docker.sandbox!.run({
      image: docker.image!,
      argv: ['/usr/bin/python3', '-I', '-c', 'import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass'],
      inputFiles: {},
      limits: { timeoutMs: 1_500 },
    })
    expect(result.ending).toBe('timed-out')
    expect(performance.now() - started).toBeLessThan(8_000)
  })

  test('output is capped and counted', { timeout: 60_000 }, async () => {
    const result = await docker.sandbox!.run({
      image: docker.image!,
      argv: ['/usr/bin/python3', '-I', '-c', 'import sys\nsys.stdout.write("x" * 300000)\nsys.stdout.flush()'],
      inputFiles: {},
      limits: { timeoutMs: 20_000, outputBytes: 1024 },
    })
    expect(result.ending).toBe('exited')
    expect(result.exitCode).toBe(0)
    expect(result.stdout.length).toBe(1024)
    expect(result.stdoutBytes).toBe(300_000)
  })

  test('a warm container is used once: every run gets a new one', { timeout: 60_000 }, async () => {
    const argv = ['/usr/bin/python3', '-I', '-c', 'import socket\nprint(socket.gethostname(), open("/proc/self/cgroup").read().split("/")[-1], flush=True)']
    await docker.sandbox!.warm(docker.image!, argv, { timeoutMs: 20_000 })
    const first = await docker.sandbox!.run({ image: docker.image!, argv, inputFiles: {}, limits: { timeoutMs: 20_000 } })
    await docker.sandbox!.warm(docker.image!, argv, { timeoutMs: 20_000 })
    const second = await docker.sandbox!.run({ image: docker.image!, argv, inputFiles: {}, limits: { timeoutMs: 20_000 } })
    expect(first.fromWarmPool).toBe(true)
    expect(second.fromWarmPool).toBe(true)
    expect(first.stdout).not.toBe(second.stdout)
  })

  test('a started warm container waits for its job, then serves exactly one run', { timeout: 60_000 }, async () => {
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 1, warmPoolStart: true })
    try {
      const argv = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
      await sandbox.warm(docker.image!, argv, { timeoutMs: 20_000 })
      // Running and idle: no learner code yet, and nothing written.
      const job = { steps: [{ kind: 'calls', calls: [{ index: 0, function: 'pid', args: [] }] }] }
      const inputs = { 'answer.py': 'import os\ndef pid():\n    return os.getpid()\n', 'job.json': JSON.stringify(job) }
      const request = { image: docker.image!, argv, inputFiles: inputs, completionMarker: 'SYLLABUS-RUNNER-DONE', limits: { timeoutMs: 20_000 } }
      const first = await sandbox.run(request)
      expect(first).toMatchObject({ ending: 'completed', fromWarmPool: true })
      expect(first.outputFiles.get('results-0.jsonl')?.toString()).toMatch(/"ok": true/)
      await sandbox.warm(docker.image!, argv, { timeoutMs: 20_000 })
      const second = await sandbox.run(request)
      expect(second.fromWarmPool).toBe(true)
      expect(second.outputFiles.get('results-0.jsonl')?.toString()).toMatch(/"ok": true/)
    } finally {
      await sandbox.close()
    }
  })

  test('a started warm container waits without using CPU', { timeout: 60_000 }, async () => {
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 1, warmPoolStart: true })
    try {
      const argv = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
      await sandbox.warm(docker.image!, argv, { timeoutMs: 20_000 })
      const [running] = await sandbox.docker.listContainers({ filters: { label: [`syllabus.sandbox.owner=${owner}`], status: ['running'] } })
      expect(running).toBeDefined()
      const container = sandbox.docker.getContainer(running!.Id)
      const cpuNanoseconds = async () => ((await container.stats({ stream: false })) as { cpu_stats: { cpu_usage: { total_usage: number } } }).cpu_stats.cpu_usage.total_usage
      await new Promise((resolve) => setTimeout(resolve, 1_000)) // past the runner's start-up
      const before = await cpuNanoseconds()
      await new Promise((resolve) => setTimeout(resolve, 3_000))
      const used = (await cpuNanoseconds()) - before
      // A runner that polled every 2 ms spent about 60 ms of CPU in these 3 s; one asleep in the kernel, none.
      expect(used / 1e6).toBeLessThan(15)
    } finally {
      await sandbox.close()
    }
  })

  test('closing the warm pool removes idle containers at once; runs go on without it', { timeout: 60_000 }, async () => {
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 2, warmPoolStart: true })
    const runningOfOurs = async () =>
      (await sandbox.docker.listContainers({ filters: { label: [`syllabus.sandbox.owner=${owner}`], status: ['running'] } })).length
    try {
      const argv = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
      await sandbox.warm(docker.image!, argv, { timeoutMs: 20_000 })
      expect(await runningOfOurs()).toBe(2)
      await sandbox.closeWarmPool()
      expect(await runningOfOurs()).toBe(0)
      const job = { steps: [{ kind: 'calls', calls: [{ index: 0, function: 'one', args: [] }] }] }
      const inputs = { 'answer.py': 'def one():\n    return 1\n', 'job.json': JSON.stringify(job) }
      const result = await sandbox.run({ image: docker.image!, argv, inputFiles: inputs, completionMarker: 'SYLLABUS-RUNNER-DONE', limits: { timeoutMs: 20_000 } })
      expect(result).toMatchObject({ fromWarmPool: false })
      expect(result.outputFiles.get('results-0.jsonl')?.toString()).toMatch(/"ok": true/)
    } finally {
      await sandbox.close()
    }
  })

  test('a pool a run has used is kept warmPoolDeep deep, refilled once no run is in flight; an unused one stays at warmPoolSize', { timeout: 120_000 }, async () => {
    let prepared = 0
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 2, warmPoolDeep: 4, warmPoolStart: true }, { onEvent: (event) => void (event.event === 'prepared' && prepared++) })
    try {
      const runner = ['/usr/bin/python3', '-I', '-S', '/opt/syllabus/runner.py']
      const other = [...runner, 'json'] // another command: another pool
      await Promise.all([sandbox.warm(docker.image!, runner, { timeoutMs: 30_000 }), sandbox.warm(docker.image!, other, { timeoutMs: 30_000 })])
      expect(sandbox.pooledCount()).toBe(4)
      const job = { steps: [{ kind: 'calls', calls: [{ index: 0, function: 'wait', args: [] }] }] }
      const stop = new AbortController()
      const long = sandbox.run({
        image: docker.image!,
        argv: runner,
        inputFiles: { 'answer.py': 'import time\ndef wait():\n    time.sleep(60)\n', 'job.json': JSON.stringify(job) },
        completionMarker: 'SYLLABUS-RUNNER-DONE',
        signal: stop.signal,
        limits: { timeoutMs: 30_000 },
      })
      // It took one and one is left: no container is made while it runs (before, one was, beside it).
      await expect.poll(() => sandbox.pooledCount()).toBe(3)
      const madeBefore = prepared
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      expect(prepared).toBe(madeBefore)
      expect(sandbox.pooledCount()).toBe(3)
      stop.abort()
      expect((await long).ending).toBe('aborted')
      // Idle: the used pool grows to 4, the other stays at 2.
      await expect.poll(() => sandbox.pooledCount(), { timeout: 60_000 }).toBe(6)
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(sandbox.pooledCount()).toBe(6)
    } finally {
      await sandbox.close()
    }
  })

  test('used containers wait for their removal while a run is in flight, then all go', { timeout: 90_000 }, async () => {
    // Its own input root tells this sandbox's containers from the other tests'.
    const inputRoot = path.join(os.tmpdir(), `syllabus-sandbox-hold-${process.pid}`)
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 0, holdUsed: 2, inputRoot })
    const ofOurs = async () =>
      (await sandbox.docker.listContainers({ all: true, filters: { label: [`syllabus.sandbox.owner=${owner}`] } })).filter((container) =>
        container.Mounts.some((mount) => mount.Source.startsWith(`${inputRoot}/`)),
      ).length
    const quick = { image: docker.image!, argv: ['/usr/bin/python3', '-I', '-c', 'print("done", flush=True)'], inputFiles: {}, completionMarker: 'done', limits: { timeoutMs: 20_000 } }
    try {
      const stop = new AbortController()
      const long = sandbox.run({ image: docker.image!, argv: ['/usr/bin/python3', '-I', '-c', 'import time; time.sleep(60)'], inputFiles: {}, signal: stop.signal, limits: { timeoutMs: 60_000 } })
      // Three quick runs beside the long one: two are held, the third goes over the limit and one is removed.
      for (let i = 0; i < 3; i++) expect((await sandbox.run(quick)).ending).toBe('completed')
      await expect.poll(ofOurs, { timeout: 20_000 }).toBe(3) // the long run's and two held
      stop.abort()
      expect((await long).ending).toBe('aborted')
      // No run in flight: every used container goes.
      await expect.poll(ofOurs, { timeout: 30_000 }).toBe(0)
      // Held ones go with the warm pool, the first step of a stop, while runs go on.
      const stopAgain = new AbortController()
      const again = sandbox.run({ image: docker.image!, argv: ['/usr/bin/python3', '-I', '-c', 'import time; time.sleep(60)'], inputFiles: {}, signal: stopAgain.signal, limits: { timeoutMs: 60_000 } })
      expect((await sandbox.run(quick)).ending).toBe('completed')
      await expect.poll(ofOurs, { timeout: 20_000 }).toBe(2)
      await sandbox.closeWarmPool()
      expect(await ofOurs()).toBe(1)
      stopAgain.abort()
      expect((await again).ending).toBe('aborted')
    } finally {
      await sandbox.close()
    }
    expect(await ofOurs()).toBe(0)
  })

  test('a used container is held no longer than holdUsedMs, even while runs go on', { timeout: 90_000 }, async () => {
    const inputRoot = path.join(os.tmpdir(), `syllabus-sandbox-holdms-${process.pid}`)
    const sandbox = await DockerSandbox.connect({ warmPoolSize: 0, holdUsed: 4, holdUsedMs: 1_000, inputRoot })
    const ofOurs = async () =>
      (await sandbox.docker.listContainers({ all: true, filters: { label: [`syllabus.sandbox.owner=${owner}`] } })).filter((container) =>
        container.Mounts.some((mount) => mount.Source.startsWith(`${inputRoot}/`)),
      ).length
    const stop = new AbortController()
    try {
      const long = sandbox.run({ image: docker.image!, argv: ['/usr/bin/python3', '-I', '-c', 'import time; time.sleep(60)'], inputFiles: {}, signal: stop.signal, limits: { timeoutMs: 60_000 } })
      const quick = await sandbox.run({ image: docker.image!, argv: ['/usr/bin/python3', '-I', '-c', 'print("done", flush=True)'], inputFiles: {}, completionMarker: 'done', limits: { timeoutMs: 20_000 } })
      expect(quick.ending).toBe('completed')
      // Only the long run's container is left once the quick one's time is up.
      await expect.poll(ofOurs, { timeout: 20_000 }).toBe(1)
      stop.abort()
      await long
    } finally {
      stop.abort()
      await sandbox.close()
    }
  })

  test('a missing image is a typed error', async () => {
    await expect(
      docker.sandbox!.run({ image: 'syllabus/does-not-exist:1', argv: ['/bin/true'], inputFiles: {} }),
    ).rejects.toThrow(/is not built/)
  })

  test('containers of a dead owner are swept; a live owner’s are kept', { timeout: 60_000 }, async () => {
    const { docker: engine } = docker.sandbox!
    const leftover = await engine.createContainer({ Image: docker.image!, Cmd: ['/bin/true'], Labels: { 'syllabus.sandbox': '1', 'syllabus.sandbox.owner': `${os.hostname()}/999999999` } })
    const live = await engine.createContainer({ Image: docker.image!, Cmd: ['/bin/true'], Labels: { 'syllabus.sandbox': '1', 'syllabus.sandbox.owner': owner } })
    const swept = await sweepSandboxContainers(engine)
    expect(swept.containers).toContain(leftover.id.slice(0, 12))
    expect(swept.containers).not.toContain(live.id.slice(0, 12))
    await live.remove({ force: true })
  })

  test('nothing of ours is left after close', { timeout: 60_000 }, async () => {
    await docker.sandbox!.close()
    expect(await listSandboxContainers(docker.sandbox!.docker, owner)).toEqual([])
  })
})

test('an unreachable engine is DockerUnavailableError', async () => {
  await expect(DockerSandbox.connect({ socketPath: '/nonexistent/docker.sock', pingTimeoutMs: 500 })).rejects.toBeInstanceOf(DockerUnavailableError)
})
