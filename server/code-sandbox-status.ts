import 'server-only'
// Whether Python answers can be graded here: a Docker engine answers and the question's image is
// built. Learners see the answer on the homework page before they write code, not after submitting.
import Docker from 'dockerode'
import { imageTags } from '../sandbox/docker/images.ts'
import { pingDocker } from '../sandbox/docker/engine-ping.ts'

const CACHE_MS = 30_000
interface Probe {
  checkedAt: number
  available: Promise<boolean>
  refreshing: boolean
}
const probes = new Map<string, Probe>()

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

/**
 * The last known answer, at most CACHE_MS old plus one probe: a page never waits for Docker except on the
 * very first ask. An older answer is returned as it is while a probe in the background replaces it
 * (a missing engine can take the probe's full second to say so; no request should pay that).
 */
export function isCodeSandboxAvailable(imageName = 'python-data'): Promise<boolean> {
  const known = probes.get(imageName)
  if (!known) {
    const first = { checkedAt: Date.now(), available: probeCodeSandbox(new Docker(), imageName), refreshing: false }
    probes.set(imageName, first)
    return first.available
  }
  if (Date.now() - known.checkedAt >= CACHE_MS && !known.refreshing) {
    known.refreshing = true
    const next = probeCodeSandbox(new Docker(), imageName)
    void next.then(() => probes.set(imageName, { checkedAt: Date.now(), available: next, refreshing: false }))
  }
  return known.available
}
