import 'server-only'
// Whether Python answers can be graded here: a Docker engine answers and the question's image is
// built. Learners see the answer on the homework page before they write code, not after submitting.
import Docker from 'dockerode'
import { imageTags } from '../sandbox/docker/images.ts'
import { pingDocker } from '../sandbox/docker/engine-ping.ts'

const CACHE_MS = 30_000
const cache = new Map<string, { at: number; available: Promise<boolean> }>()

/** Uncached: the engine answers within a second and has the image of this recipe. */
export async function probeCodeSandbox(docker: Docker, imageName: string) {
  try {
    await pingDocker(docker, 1_000)
    await docker.getImage(imageTags(imageName).image).inspect()
    return true
  } catch {
    return false
  }
}

export function isCodeSandboxAvailable(imageName = 'python-data'): Promise<boolean> {
  const cached = cache.get(imageName)
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.available
  const available = probeCodeSandbox(new Docker(), imageName)
  cache.set(imageName, { at: Date.now(), available })
  return available
}
