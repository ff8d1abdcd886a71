// The code sandbox on Docker: one fresh container per run, with the walls of container-spec.ts.
// Inputs go in through a fresh read-only bind; outputs come back as a tar, read by the safe tar
// reader: framed on the command's stdout when it offers one (outputFrame), otherwise by getArchive
// of the output volume while the container is frozen (docker pause). The
// deadline is kept from out here. A container is used once, then removed (at once, or held until no run
// is in flight: holdUsed, decision 032); a warm pool (warm-pool.ts) keeps containers ready — created, or
// started and waiting for their job on stdin (preloading runners, decision 028) — so a run skips those steps.
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Docker from 'dockerode'
import {
  dockerSandboxConfigSchema,
  SANDBOX_LABEL,
  SANDBOX_PATHS,
  sandboxLimitsSchema,
  type DockerSandboxConfig,
  type DockerSandboxConfigInput,
  type SandboxLimits,
  type SandboxLimitsInput,
} from './config.ts'
import { outVolumeSpec, sandboxContainerSpec } from './container-spec.ts'
import { pingDocker } from './engine-ping.ts'
import { DockerUnavailableError, SandboxImageMissingError, SandboxOutputRejectedError } from './errors.ts'
import { FRAME_MAX_CHARS, framedOutput, readFramedArchive } from './framed-output.ts'
import { readOutputArchive, readStreamCapped } from './output-archive.ts'
import { CappedCapture } from './output-capture.ts'
import { WarmPool } from './warm-pool.ts'

export interface SandboxRunRequest {
  image: string
  /** The command inside the container, as an argv array. */
  argv: string[]
  /** Files placed under /sandbox/input (read-only inside), by relative path. */
  inputFiles: Record<string, string | Buffer>
  limits?: SandboxLimitsInput
  /**
   * A host folder holding only a database server's Unix socket, mounted read-only at /sandbox/pg:
   * the container's one way to a database (it has no network).
   */
  socketDir?: string
  /** A line the command prints when its outputs are complete: the container is frozen and read then. */
  completionMarker?: string
  /**
   * A word the command may print on its own line, followed by a space and a base64 tar of
   * /sandbox/out, right before the completion marker. When that line is there it is read instead
   * of freezing the container and copying the folder (the same safe tar reader and caps apply: it is
   * no more trusted than the folder); when it is not, the folder is collected as before.
   */
  outputFrame?: string
  /** Each short line of the command's stdout as it is printed (a runner's progress), besides the captured output. */
  onStdoutLine?: (line: string) => void
  signal?: AbortSignal
}

export type SandboxEnding = 'completed' | 'exited' | 'timed-out' | 'aborted'

export interface SandboxRunResult {
  /** completed: the marker was seen; exited: the container stopped before it; timed-out: the deadline hit. */
  ending: SandboxEnding
  /** Exit code of the container's command when it exited by itself. */
  exitCode: number | null
  oomKilled: boolean
  stdout: string
  stderr: string
  stdoutBytes: number
  stderrBytes: number
  /** Regular files of /sandbox/out by relative path (empty when the container exited first). */
  outputFiles: Map<string, Buffer>
  /** Why the output archive was refused, if it was; then outputFiles is empty. */
  outputRejected: string | null
  fromWarmPool: boolean
  timings: { prepareMs: number; runMs: number; collectMs: number; totalMs: number }
}

interface PreparedContainer {
  container: Docker.Container
  inputDir: string
  outVolume: string
  key: string
  /** Started ahead of time (warmPoolStart): its command waits for its inputs to appear. */
  started: boolean
  /** A started container's output stream and exit, asked for when it was started: a run then makes no call to the engine before its job. */
  io?: ContainerIo
}

interface ContainerIo {
  stream: NodeJS.ReadableStream
  exited: Promise<{ StatusCode?: number }>
}

function watchExit(container: Docker.Container): Promise<{ StatusCode?: number }> {
  // next-exit: the default (not-running) answers at once for a container that has not started yet.
  const exited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>
  exited.catch(() => {})
  return exited
}

const ownerLabel = `${os.hostname()}/${process.pid}`

/**
 * Where a container's time went, for a caller that wants to see it (the worker logs them at debug
 * level; `npm run bench:python -- --trace` reads them). Each event says when it ended (epoch ms).
 */
export type SandboxEvent =
  | { event: 'prepared'; at: number; volumeMs: number; createMs: number; startMs: number }
  | { event: 'ran'; at: number; poolWaitMs: number; fromPool: boolean; inputsMs: number; runMs: number; collectMs: number }
  | { event: 'removed'; at: number; removeMs: number; volumeMs: number }

function elapsed(since: number) {
  return Math.round(performance.now() - since)
}

function isNotFound(error: unknown) {
  return (error as { statusCode?: number }).statusCode === 404
}

export class DockerSandbox {
  private readonly pool: WarmPool<PreparedContainer>
  private readonly cleanups = new Set<Promise<void>>()
  private closed = false
  /** Runs in flight, from their call (a wait for a pooled container included) to their result. */
  private running = 0
  /** Used containers whose removal waits until no run is in flight (see retire). */
  private readonly used: { prepared: PreparedContainer; retiredAt: number }[] = []
  private reaping = false
  private wakeReaper: () => void = () => {}
  private readonly idleWaiters: (() => void)[] = []
  /** Pool keys a run has used: their pools are kept warmPoolDeep deep. */
  private readonly usedKeys = new Set<string>()
  /** Refills put off until no run is in flight, per key. */
  private readonly refillsWhenIdle = new Map<string, () => void>()

  private constructor(
    readonly docker: Docker,
    readonly config: DockerSandboxConfig,
    private readonly inputRoot: string,
    private readonly onEvent: (event: SandboxEvent) => void,
  ) {
    // As many containers made at once as the pool holds: a burst that emptied it waits for one refill,
    // not for one container after another.
    this.pool = new WarmPool(Math.max(config.warmPoolSize, config.warmPoolDeep), (prepared) => this.discard(prepared), config.warmPoolSize)
  }

  /** Connects to the engine; throws DockerUnavailableError when it cannot be reached. */
  static async connect(input: DockerSandboxConfigInput = {}, { onEvent = () => {} }: { onEvent?: (event: SandboxEvent) => void } = {}): Promise<DockerSandbox> {
    const config = dockerSandboxConfigSchema.parse(input)
    const docker = config.socketPath ? new Docker({ socketPath: config.socketPath }) : new Docker()
    await pingDocker(docker, config.pingTimeoutMs)
    const inputRoot = config.inputRoot ?? path.join(os.tmpdir(), `syllabus-sandbox-${process.getuid?.() ?? 'user'}`)
    // Only this user may reach the per-run input folders on the host; containers mount the leaf.
    await mkdir(inputRoot, { recursive: true, mode: 0o700 })
    await chmod(inputRoot, 0o700)
    return new DockerSandbox(docker, config, inputRoot, onEvent)
  }

  async imageExists(image: string): Promise<boolean> {
    try {
      await this.docker.getImage(image).inspect()
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  private poolKey(image: string, argv: string[], limits: SandboxLimits, socketDir: string | undefined) {
    const { timeoutMs: _deadlineIsKeptOutside, ...containerLimits } = limits
    return JSON.stringify([image, argv, containerLimits, socketDir ?? null])
  }

  private async prepare(image: string, argv: string[], limits: SandboxLimits, socketDir: string | undefined, start = false): Promise<PreparedContainer> {
    const key = this.poolKey(image, argv, limits, socketDir)
    const inputDir = await mkdtemp(path.join(this.inputRoot, 'in-'))
    await chmod(inputDir, 0o755)
    const outVolume = `syllabus-sandbox-out-${randomBytes(8).toString('hex')}`
    try {
      const began = performance.now()
      await this.docker.createVolume(outVolumeSpec(outVolume, limits, ownerLabel))
      const volumeMs = elapsed(began)
      const container = await this.docker.createContainer(
        sandboxContainerSpec({ image, argv, limits, runtime: this.config.runtime, inputDir, outVolume, owner: ownerLabel, socketDir }),
      )
      const createMs = elapsed(began) - volumeMs
      let io: ContainerIo | undefined
      if (start) {
        // Attached and watched before it starts, so nothing is missed; read only once a run takes it.
        const stream = await container.attach({ stream: true, stdout: true, stderr: true })
        stream.on('error', () => {}) // the container removed while pooled: nobody is reading
        io = { stream, exited: watchExit(container) }
        await container.start()
      }
      this.onEvent({ event: 'prepared', at: Date.now(), volumeMs, createMs, startMs: elapsed(began) - volumeMs - createMs })
      return { container, inputDir, outVolume, key, started: start, io }
    } catch (error) {
      await this.discard({ container: null, inputDir, outVolume })
      if (isNotFound(error)) throw new SandboxImageMissingError(image)
      throw error
    }
  }

  /**
   * Fills the warm pool for this image and limits in the background, up to the configured size
   * (warmPoolDeep once a run has used them; or `upTo`), `parallel` containers at a time at most.
   */
  warm(image: string, argv: string[], limitsInput: SandboxLimitsInput = {}, socketDir?: string, { upTo, parallel }: { upTo?: number; parallel?: number } = {}): Promise<void> {
    const limits = sandboxLimitsSchema.parse(limitsInput)
    if (this.closed) return Promise.resolve()
    const key = this.poolKey(image, argv, limits, socketDir)
    const depth = this.usedKeys.has(key) ? Math.max(this.config.warmPoolSize, this.config.warmPoolDeep) : this.config.warmPoolSize
    const work = this.pool.fill(key, () => this.prepare(image, argv, limits, socketDir, this.config.warmPoolStart), upTo ?? depth, parallel)
    this.track(work)
    return work
  }

  /** Containers waiting in the warm pool, for tests and the benchmark. */
  pooledCount(): number {
    return this.pool.count()
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    if (this.closed) throw new DockerUnavailableError('The code sandbox has been shut down.')
    const started = performance.now()
    const limits = sandboxLimitsSchema.parse(request.limits ?? {})
    const key = this.poolKey(request.image, request.argv, limits, request.socketDir)
    this.running++
    let prepared: PreparedContainer | undefined
    try {
      const pooled = await this.pool.takeOrWait(key)
      const poolWaitMs = elapsed(started)
      this.usedKeys.add(key)
      prepared = pooled ?? (await this.prepare(request.image, request.argv, limits, request.socketDir))
      // Never reused: the pool refills with new containers. When none is left waiting for this key the
      // refill starts at once, so the next run finds one (or the one being made); otherwise once no run
      // is in flight, one container at a time: in a burst the starts beside the runs slowed every run
      // (docs/benchmarks.md, "Python", sessions 7 and 8), and a run alone is not slowed by its refill.
      // A run alone that took the last one (the first answer after a start) refills one at a time too:
      // a pool's worth of starts at once beside it made it 5x slower (session 9).
      if (this.config.warmPoolSize > 0) {
        const refill = (parallel?: number) => void this.warm(request.image, request.argv, limits, request.socketDir, { parallel })
        if (this.pool.countFor(key) === 0) refill(this.running > 1 ? undefined : 1)
        else this.refillsWhenIdle.set(key, () => refill(1))
      }
      return await this.runIn(prepared, pooled !== undefined, poolWaitMs, request, limits, started)
    } finally {
      this.running--
      if (prepared) this.retire(prepared)
      if (this.running === 0) {
        const refills = [...this.refillsWhenIdle.values()]
        this.refillsWhenIdle.clear()
        for (const refill of refills) refill()
        for (const idle of this.idleWaiters.splice(0)) idle()
      }
    }
  }

  /** Resolves when no run is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async runIn(prepared: PreparedContainer, fromPool: boolean, poolWaitMs: number, request: SandboxRunRequest, limits: SandboxLimits, started: number): Promise<SandboxRunResult> {
    // A container started ahead of time begins its work when its inputs appear: write them only
    // once its output is attached.
    const writeInputs = () => this.writeInputs(prepared.inputDir, request.inputFiles)
    if (!prepared.started) await writeInputs()
    const prepareMs = elapsed(started)
    const inputsMs = prepared.started ? 0 : prepareMs - poolWaitMs
    const runStarted = performance.now()
    const outcome = await this.startAndWait(prepared.container, limits, request, prepared.started ? writeInputs : null, prepared.io)
    const runMs = elapsed(runStarted)
    const collectStarted = performance.now()
    let outputFiles = new Map<string, Buffer>()
    let outputRejected: string | null = null
    if (outcome.ending !== 'exited') {
      try {
        const framed = outcome.ending === 'completed' ? framedOutput(outcome.stdout.text(), request) : null
        outputFiles = framed ? readFramedArchive(framed, limits) : await this.collectOutputs(prepared.container, limits)
      } catch (error) {
        if (!(error instanceof SandboxOutputRejectedError)) throw error
        outputRejected = error.message
      }
    }
    // After a clean completion nothing more is needed from the container: the kill happens with
    // its removal, after the verdict. Otherwise its state says whether memory ran out.
    const state =
      outcome.ending === 'completed'
        ? undefined
        : await prepared.container.kill().catch(() => {}).then(() => prepared.container.inspect()).then(
            (info) => info.State,
            () => undefined,
          )
    const collectMs = elapsed(collectStarted)
    this.onEvent({ event: 'ran', at: Date.now(), poolWaitMs, fromPool, inputsMs, runMs, collectMs })
    return {
      ending: outcome.ending,
      exitCode: outcome.ending === 'exited' ? (outcome.exitCode ?? state?.ExitCode ?? null) : null,
      oomKilled: state?.OOMKilled ?? false,
      stdout: outcome.stdout.text(),
      stderr: outcome.stderr.text(),
      stdoutBytes: outcome.stdout.totalBytes,
      stderrBytes: outcome.stderr.totalBytes,
      outputFiles,
      outputRejected,
      fromWarmPool: fromPool,
      timings: { prepareMs, runMs, collectMs, totalMs: elapsed(started) },
    }
  }

  /**
   * A used container goes: removal is off the path to the verdict, but always happens (and a sweep
   * catches a crash). Removals wait while runs are in flight, up to `holdUsed` containers, and then
   * go one at a time: in a burst, removing each container beside the runs (~0.9 s of the engine's
   * time each, against ~1.9 s for a start) slowed every run and the starts the next ones wait for.
   * A held container does nothing: its runner has killed every process of the answer and sleeps, or
   * it was stopped (timeout, abort, exit); none is held longer than `holdUsedMs`, whatever runs.
   */
  private retire(prepared: PreparedContainer) {
    if (this.config.holdUsed === 0) return this.track(this.discard(prepared))
    this.used.push({ prepared, retiredAt: performance.now() })
    this.wakeReaper()
    if (this.reaping) return
    this.reaping = true
    const reaper = async () => {
      try {
        while (this.used.length > 0) {
          const heldFor = performance.now() - this.used[0]!.retiredAt
          if (this.running > 0 && this.used.length <= this.config.holdUsed && heldFor < this.config.holdUsedMs && !this.closed) {
            let timer: NodeJS.Timeout | undefined
            await new Promise<void>((resolve) => {
              this.wakeReaper = resolve
              timer = setTimeout(resolve, this.config.holdUsedMs - heldFor)
            })
            clearTimeout(timer)
          } else await this.discard(this.used.shift()!.prepared)
        }
      } finally {
        this.reaping = false
      }
    }
    this.track(reaper())
  }

  /** In the given order, each file whole (written aside, then renamed): a waiting command sees the last one appear complete. */
  private async writeInputs(inputDir: string, files: Record<string, string | Buffer>) {
    for (const [relative, contents] of Object.entries(files)) {
      const target = path.resolve(inputDir, relative)
      if (!target.startsWith(`${inputDir}${path.sep}`)) throw new Error(`Input path ${relative} leaves the input folder`)
      await mkdir(path.dirname(target), { recursive: true, mode: 0o755 })
      const aside = path.join(path.dirname(target), `.${path.basename(target)}.partial`)
      await writeFile(aside, contents, { mode: 0o644 })
      await rename(aside, target)
    }
  }

  private async startAndWait(
    container: Docker.Container,
    limits: SandboxLimits,
    request: SandboxRunRequest,
    /** For a container already running: what lets it begin (writing its inputs). */
    begin: (() => Promise<void>) | null,
    /** Its output and exit, when they were asked for as it started. */
    io: ContainerIo | undefined,
  ) {
    let markerSeen: () => void = () => {}
    const marker = new Promise<'completed'>((resolve) => (markerSeen = () => resolve('completed')))
    const stdout = new CappedCapture(
      // Room for the framed output folder (base64 of its tar) on top of the usual cap.
      request.outputFrame ? limits.outputBytes + FRAME_MAX_CHARS : limits.outputBytes,
      request.completionMarker ? { text: request.completionMarker, onSeen: markerSeen } : undefined,
      request.onStdoutLine,
    )
    const stderr = new CappedCapture(limits.outputBytes)
    const stream = io?.stream ?? (await container.attach({ stream: true, stdout: true, stderr: true }))
    this.docker.modem.demuxStream(stream, stdout, stderr)
    const exited = (io?.exited ?? watchExit(container)).then((status) => ({ ending: 'exited' as const, code: status.StatusCode ?? null }))
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<'timed-out'>((resolve) => (timer = setTimeout(() => resolve('timed-out'), limits.timeoutMs)))
    const aborted = new Promise<'aborted'>((resolve) => {
      if (request.signal?.aborted) resolve('aborted')
      request.signal?.addEventListener('abort', () => resolve('aborted'), { once: true })
    })
    try {
      await (begin ? begin() : container.start())
      const first = await Promise.race([marker, deadline, aborted, exited])
      if (typeof first === 'object') {
        // Let the last bytes of output arrive before reading the captures (but never wait long).
        await new Promise((resolve) => {
          stream.once('end', resolve).once('close', resolve).once('error', resolve)
          setTimeout(resolve, 1_000).unref()
        })
        return { ending: 'exited' as const, exitCode: first.code, stdout, stderr }
      }
      return { ending: first, exitCode: null, stdout, stderr }
    } finally {
      clearTimeout(timer)
      exited.catch(() => {})
    }
  }

  /** Freezes every process of the container, then copies /sandbox/out: nothing can change it meanwhile. */
  private async collectOutputs(container: Docker.Container, limits: SandboxLimits): Promise<Map<string, Buffer>> {
    try {
      await container.pause()
    } catch {
      // Stopped between the marker and now: its tmpfs is gone with it.
      return new Map()
    }
    const archive = await container.getArchive({ path: SANDBOX_PATHS.out })
    // Tar headers and padding add to the payload: allow for them, the reader caps the files themselves.
    const bytes = await readStreamCapped(archive, limits.outDirBytes + 1024 * 1024)
    return readOutputArchive(bytes, limits)
  }

  private async discard(prepared: { container: Docker.Container | null; inputDir: string; outVolume: string }) {
    const began = performance.now()
    if (prepared.container) await prepared.container.remove({ force: true, v: true }).catch(() => {})
    const removeMs = elapsed(began)
    await this.docker
      .getVolume(prepared.outVolume)
      .remove()
      .catch(() => {})
    if (prepared.container) this.onEvent({ event: 'removed', at: Date.now(), removeMs, volumeMs: elapsed(began) - removeMs })
    await rm(prepared.inputDir, { recursive: true, force: true }).catch(() => {})
  }

  private track(work: Promise<void>) {
    const tracked = work.catch(() => {}).finally(() => this.cleanups.delete(tracked))
    this.cleanups.add(tracked)
  }

  /**
   * Removes the waiting warm containers and stops refilling, while runs go on (each creates its own
   * container): the first step of a shutdown, so a stop that is cut short leaves no idle container.
   */
  async closeWarmPool(): Promise<void> {
    const held = this.used.splice(0)
    await Promise.all([this.pool.close(), ...held.map(({ prepared }) => this.discard(prepared))])
  }

  /** Removes pooled containers and waits for every pending removal. */
  async close(): Promise<void> {
    this.closed = true
    this.wakeReaper()
    const poolClosed = this.pool.close()
    while (this.cleanups.size > 0) await Promise.all([...this.cleanups])
    await poolClosed
  }
}

export { SANDBOX_LABEL }
