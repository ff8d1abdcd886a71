// Tests that need Docker call this once: they skip, with the reason, where no engine is reachable
// (so `npm test` passes on a laptop without Docker), and fail loudly where Docker runs but the
// grader image was never built (CI must build it: `npm run syllabus -- sandbox build`).
import { DockerSandbox } from '../docker-sandbox.ts'
import type { DockerSandboxConfigInput } from '../config.ts'
import { DockerUnavailableError } from '../errors.ts'
import { imageTags } from '../images.ts'

export { NEEDS_DOCKER } from './needs-docker-tag.ts'

export type TestDocker = { sandbox: DockerSandbox; image: string; skipReason: null } | { sandbox: null; image: null; skipReason: string }

export async function dockerForTests(config: DockerSandboxConfigInput = { warmPoolSize: 0 }): Promise<TestDocker> {
  let sandbox: DockerSandbox
  try {
    sandbox = await DockerSandbox.connect(config)
  } catch (error) {
    if (!(error instanceof DockerUnavailableError)) throw error
    return { sandbox: null, image: null, skipReason: `no Docker engine is reachable (${error.message})` }
  }
  const { image } = imageTags('python-data')
  if (!(await sandbox.imageExists(image))) {
    await sandbox.close()
    throw new Error(`Docker is running but ${image} is not built: run \`npm run syllabus -- sandbox build\` first.`)
  }
  return { sandbox, image, skipReason: null }
}
