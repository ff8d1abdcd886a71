// Limits and settings of the Docker sandbox as data, validated with defaults (PrairieLearn's grader
// host does the same). Every run gets its own limits; the host-wide settings say how to reach Docker.
import { z } from 'zod'

const MiB = 1024 * 1024

export const sandboxLimitsSchema = z.object({
  /** Wall clock from start to the verdict; enforced from outside by pausing and killing. */
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  /** Memory and memory+swap are the same number, so the container cannot swap. */
  memoryBytes: z.number().int().min(32 * MiB).max(8192 * MiB).default(512 * MiB),
  cpus: z.number().min(0.1).max(8).default(1),
  pids: z.number().int().min(8).max(4096).default(64),
  /** Bytes of stdout and of stderr kept each; the rest is counted and dropped. */
  outputBytes: z.number().int().min(1024).max(16 * MiB).default(64 * 1024),
  /** Size of the tmpfs the learner's code works in (its working directory). */
  workDirBytes: z.number().int().min(MiB).max(1024 * MiB).default(64 * MiB),
  /** Size of /tmp. */
  tmpBytes: z.number().int().min(MiB).max(1024 * MiB).default(32 * MiB),
  /** Size of the output directory that comes back, and the most the tar reader accepts from it. */
  outDirBytes: z.number().int().min(MiB).max(256 * MiB).default(16 * MiB),
  /** Largest file any process may write (RLIMIT_FSIZE). */
  fileBytes: z.number().int().min(MiB).max(1024 * MiB).default(32 * MiB),
  openFiles: z.number().int().min(32).max(65_536).default(256),
})
export type SandboxLimits = z.infer<typeof sandboxLimitsSchema>
export type SandboxLimitsInput = z.input<typeof sandboxLimitsSchema>

export const dockerSandboxConfigSchema = z.object({
  /** Unix socket of the engine; DOCKER_HOST is honoured when this is not given. */
  socketPath: z.string().optional(),
  /** OCI runtime: runc everywhere, runsc (gVisor) where installed for a second wall. */
  runtime: z.string().regex(/^[a-z0-9._-]+$/).default('runc'),
  /** Containers created ahead of time per image; 0 turns the warm pool off. */
  warmPoolSize: z.number().int().min(0).max(32).default(2),
  /**
   * Containers kept waiting for an image and limits once a run has used them (a question being
   * answered), instead of warmPoolSize: a burst of answers then takes started containers instead of
   * starting one per answer beside the runs. Made while no run is in flight, one at a time; 0 (the
   * default) keeps every key at warmPoolSize. Idle containers use memory, no CPU.
   */
  warmPoolDeep: z.number().int().min(0).max(64).default(0),
  /**
   * Start pooled containers ahead of time; their command must wait for its inputs to appear (our
   * runner waits for job.json). Saves the container and interpreter start-up, at the cost of idle
   * processes. No learner code runs before a job is given, and a container still serves one run.
   */
  warmPoolStart: z.boolean().default(false),
  /**
   * Used containers whose removal may wait while runs are in flight (then they go one at a time);
   * 0 removes each at once. Each held container keeps its tmpfs folders until removed.
   */
  holdUsed: z.number().int().min(0).max(64).default(0),
  /** The longest a used container is held before its removal, runs in flight or not. */
  holdUsedMs: z.number().int().min(0).max(600_000).default(30_000),
  /** Where each container's read-only input folder is made on the host. */
  inputRoot: z.string().optional(),
  /** How long a ping may take before the engine counts as unreachable. */
  pingTimeoutMs: z.number().int().positive().default(2_000),
})
export type DockerSandboxConfig = z.infer<typeof dockerSandboxConfigSchema>
export type DockerSandboxConfigInput = z.input<typeof dockerSandboxConfigSchema>

/** Every container and volume we make carries this label, so a sweep finds leftovers after a crash. */
export const SANDBOX_LABEL = 'syllabus.sandbox'
/** Mount points inside the container: the runner and the grader agree on them. */
export const SANDBOX_PATHS = { input: '/sandbox/input', work: '/sandbox/work', out: '/sandbox/out', database: '/sandbox/pg' } as const
/** The user every sandbox runs as: nobody:nogroup, present in every Debian image. */
export const SANDBOX_USER = '65534:65534'
