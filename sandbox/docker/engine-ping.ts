// Is a Docker engine answering? One ping with a deadline: dockerode's own request would wait for the
// socket's timeout, and a health check or a test's skip decision must not hang on a dead engine.
import type Docker from 'dockerode'
import { DockerUnavailableError } from './errors.ts'

export async function pingDocker(docker: Docker, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ])
  } catch (error) {
    throw new DockerUnavailableError(`The Docker engine cannot be reached: ${(error as Error).message}`)
  } finally {
    clearTimeout(timer)
  }
}
