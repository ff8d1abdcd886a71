// Typed failures of the Docker sandbox. Each says whose fault it is: ours (the engine is missing,
// an image is not built) or nobody's (a run that ended badly is a result, not an error).

/** Docker cannot be reached or used: code questions report "code sandbox unavailable". */
export class DockerUnavailableError extends Error {
  override name = 'DockerUnavailableError'
}

/** The grader image has not been built on this host (`npm run syllabus -- sandbox build`). */
export class SandboxImageMissingError extends Error {
  override name = 'SandboxImageMissingError'
  constructor(readonly image: string) {
    super(`The sandbox image ${image} is not built on this host; run \`npm run syllabus -- sandbox build\`.`)
  }
}

/** What came back out of a container broke a rule (a link, a device, too large): nothing of it is used. */
export class SandboxOutputRejectedError extends Error {
  override name = 'SandboxOutputRejectedError'
}
