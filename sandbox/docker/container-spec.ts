// The one place that says how a sandbox container is made. Every field is a wall of its own; the
// test beside this file pins them, so a loosened limit is a visible diff.
import type Dockerode from 'dockerode'
import { SANDBOX_LABEL, SANDBOX_PATHS, SANDBOX_USER, type SandboxLimits } from './config.ts'

export interface ContainerSpecInput {
  image: string
  /** The command as an argv array: never a shell string. */
  argv: string[]
  limits: SandboxLimits
  runtime: string
  /** Host folder mounted read-only at /sandbox/input; fresh for this container. */
  inputDir: string
  /** Docker volume (tmpfs, size-capped) mounted at /sandbox/out; fresh for this container. */
  outVolume: string
  /** Who made it, so a sweep can tell a live worker's containers from a crashed one's. */
  owner: string
  /** A folder holding only a database's Unix socket, mounted read-only (docs/sandbox-docker.md). */
  socketDir?: string
}

const tmpfsOptions = (bytes: number, extra = '') => `rw,nosuid,nodev,noexec,size=${bytes}${extra}`

export function sandboxContainerSpec(input: ContainerSpecInput): Dockerode.ContainerCreateOptions {
  const { limits } = input
  return {
    Image: input.image,
    Cmd: input.argv,
    // The image's entrypoint could be a shell; ours is the argv alone.
    Entrypoint: [],
    User: SANDBOX_USER,
    // Nothing of the host's environment (tokens, URLs) may reach the learner.
    Env: [],
    WorkingDir: SANDBOX_PATHS.work,
    Hostname: 'sandbox',
    NetworkDisabled: true,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: false,
    Tty: false,
    Labels: { [SANDBOX_LABEL]: '1', [`${SANDBOX_LABEL}.owner`]: input.owner },
    HostConfig: {
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Tmpfs: {
        [SANDBOX_PATHS.work]: tmpfsOptions(limits.workDirBytes, ',uid=65534,gid=65534,mode=0700'),
        '/tmp': tmpfsOptions(limits.tmpBytes, ',mode=1777'),
      },
      Binds: [
        `${input.inputDir}:${SANDBOX_PATHS.input}:ro`,
        // Connecting to a socket needs write permission on the socket, not on the mount: read-only suffices.
        ...(input.socketDir ? [`${input.socketDir}:${SANDBOX_PATHS.database}:ro`] : []),
      ],
      Mounts: [{ Type: 'volume', Source: input.outVolume, Target: SANDBOX_PATHS.out, ReadOnly: false }],
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: Math.round(limits.cpus * 1e9),
      PidsLimit: limits.pids,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      IpcMode: 'private',
      ShmSize: 8 * 1024 * 1024,
      Ulimits: [
        { Name: 'nofile', Soft: limits.openFiles, Hard: limits.openFiles },
        { Name: 'fsize', Soft: limits.fileBytes, Hard: limits.fileBytes },
        { Name: 'core', Soft: 0, Hard: 0 },
      ],
      // docker-init reaps zombies and forwards signals; our runner is its only child.
      Init: true,
      // The json-file driver would store a flood of output on the host's disk; we stream it instead.
      LogConfig: { Type: 'none', Config: {} },
      Runtime: input.runtime,
      OomScoreAdj: 1000,
      AutoRemove: false,
      Privileged: false,
    },
  }
}

/** The output volume: a size-capped tmpfs the daemon mounts on the host, so getArchive can read it. */
export function outVolumeSpec(name: string, limits: SandboxLimits, owner: string): Dockerode.VolumeCreateOptions {
  return {
    Name: name,
    Driver: 'local',
    DriverOpts: {
      type: 'tmpfs',
      device: 'tmpfs',
      o: `size=${limits.outDirBytes},uid=65534,gid=65534,mode=0700,nosuid,nodev,noexec`,
    },
    Labels: { [SANDBOX_LABEL]: '1', [`${SANDBOX_LABEL}.owner`]: owner },
  }
}
