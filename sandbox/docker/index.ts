// The code sandbox on Docker (docs/sandbox-docker.md). Knows nothing of courses or grading.
export {
  dockerSandboxConfigSchema,
  SANDBOX_LABEL,
  SANDBOX_PATHS,
  SANDBOX_USER,
  sandboxLimitsSchema,
} from './config.ts'
export type { DockerSandboxConfig, DockerSandboxConfigInput, SandboxLimits, SandboxLimitsInput } from './config.ts'
export { outVolumeSpec, sandboxContainerSpec } from './container-spec.ts'
export { DockerSandbox } from './docker-sandbox.ts'
export { pingDocker } from './engine-ping.ts'
export type { SandboxEnding, SandboxEvent, SandboxRunRequest, SandboxRunResult } from './docker-sandbox.ts'
export { diagnoseDocker } from './doctor.ts'
export type { DoctorFinding, DoctorReport } from './doctor.ts'
export { DockerUnavailableError, SandboxImageMissingError, SandboxOutputRejectedError } from './errors.ts'
export { buildSandboxImage, currentImageTags, imageTags, imagesDir, listImageRecipes } from './images.ts'
export type { BuiltImage, ImageTags } from './images.ts'
export { readSafeTar } from './safe-tar.ts'
export { listSandboxContainers, sweepSandboxContainers } from './sweep.ts'
