// Removes sandbox containers and volumes a crashed worker left behind. Called on worker start.
// Another live process on this host may be grading right now, so only leftovers of processes that
// are gone (or anything older than `olderThanMs`) are removed.
import os from 'node:os'
import type Docker from 'dockerode'
import { SANDBOX_LABEL } from './config.ts'

function ownerIsGone(owner: string | undefined): boolean {
  if (!owner) return true
  const [host, pid] = owner.split('/')
  if (host !== os.hostname()) return false
  try {
    process.kill(Number(pid), 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

export interface SweepResult {
  containers: string[]
  volumes: string[]
}

export async function sweepSandboxContainers(
  docker: Docker,
  { olderThanMs = 60 * 60 * 1000, all = false }: { olderThanMs?: number; all?: boolean } = {},
): Promise<SweepResult> {
  const cutoff = Date.now() / 1000 - olderThanMs / 1000
  const containers = await docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=1`] } })
  const staleContainers = containers.filter(
    (container) => all || container.Created < cutoff || ownerIsGone(container.Labels[`${SANDBOX_LABEL}.owner`]),
  )
  for (const container of staleContainers) await docker.getContainer(container.Id).remove({ force: true, v: true }).catch(() => {})
  const { Volumes: volumes = [] } = await docker.listVolumes({ filters: { label: [`${SANDBOX_LABEL}=1`] } })
  const inUse = new Set(
    (await docker.listContainers({ all: true, filters: { label: [`${SANDBOX_LABEL}=1`] } })).flatMap((container) =>
      container.Mounts.map((mount) => mount.Name),
    ),
  )
  const staleVolumes = volumes.filter((volume) => !inUse.has(volume.Name) && (all || ownerIsGone(volume.Labels?.[`${SANDBOX_LABEL}.owner`])))
  for (const volume of staleVolumes) await docker.getVolume(volume.Name).remove().catch(() => {})
  return { containers: staleContainers.map((container) => container.Id.slice(0, 12)), volumes: staleVolumes.map((volume) => volume.Name) }
}

/** Sandbox containers that exist right now (any owner): tests assert this is empty after a run. */
export async function listSandboxContainers(docker: Docker, owner?: string): Promise<string[]> {
  const label = owner ? `${SANDBOX_LABEL}.owner=${owner}` : `${SANDBOX_LABEL}=1`
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } })
  return containers.map((container) => container.Id)
}
