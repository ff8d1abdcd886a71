// The worker's Docker sandbox for the python engine (graders/python/python-engine.ts takes it as
// `getSandbox`). It lives here, not in graders/, because it logs through the server's logger.
import { DockerSandbox, DockerUnavailableError, sweepSandboxContainers, type DockerSandboxConfigInput, type SandboxEvent } from '../../sandbox/docker/index.ts'
import { logger } from '../logger.ts'

/**
 * One sandbox per worker process, connected on first use. The first connect sweeps containers a
 * crashed worker left behind. While Docker is unreachable every call answers null, and it is
 * tried again after `retryMs`, so starting Docker later needs no worker restart. Its warm pool is
 * started ahead of time unless the config says otherwise: every run of this engine is our runner,
 * which waits for its job (decision 008, addendum).
 */
export function lazyDockerSandbox(config: DockerSandboxConfigInput = {}, { retryMs = 30_000 } = {}) {
  let connected: Promise<DockerSandbox | null> | undefined
  let failedAt = 0
  const get = (): Promise<DockerSandbox | null> => {
    if (!connected || (failedAt > 0 && Date.now() - failedAt > retryMs)) {
      failedAt = 0
      // A busy host answers a ping slowly; taking that for "no Docker" would fail every python
      // answer for `retryMs` (seen at a load average of 16, where the 2 s default ran out).
      // Where each container's time goes, at debug level (`npm run bench:python -- --trace`).
      const onEvent = (event: SandboxEvent) => logger.debug(event, 'sandbox')
      connected = DockerSandbox.connect({ warmPoolStart: true, pingTimeoutMs: 10_000, ...config }, { onEvent }).then(
        async (sandbox) => {
          const swept = await sweepSandboxContainers(sandbox.docker).catch(() => ({ containers: [], volumes: [] }))
          if (swept.containers.length > 0) logger.warn({ containers: swept.containers }, 'removed sandbox containers left by a crash')
          return sandbox
        },
        (error: unknown) => {
          failedAt = Date.now()
          // No engine at all is an expected set-up (Docker is optional): its sentence, not a stack trace.
          const detail = error instanceof DockerUnavailableError ? { reason: error.message } : { err: error }
          logger.warn(detail, 'the Docker code sandbox is unavailable; python questions cannot be graded')
          return null
        },
      )
    }
    return connected
  }
  return Object.assign(get, {
    /** Removes idle warm containers at once (runs in flight go on); see DockerSandbox.closeWarmPool. */
    async closeWarmPool() {
      await (await connected)?.closeWarmPool()
    },
    async close() {
      await (await connected)?.close()
    },
  })
}
