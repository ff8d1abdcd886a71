import Docker from 'dockerode'
import { describe, expect, it } from 'vitest'
import { imageTags } from '../sandbox/docker/images.ts'
import { isCodeSandboxAvailable, probeCodeSandbox } from './code-sandbox-status.ts'

const imageBuilt = await new Docker()
  .getImage(imageTags('python-data').image)
  .inspect()
  .then(
    () => true,
    () => false,
  )

describe('code sandbox status', () => {
  it.runIf(imageBuilt)('is available when the engine answers and the image is built', async () => {
    expect(await probeCodeSandbox(new Docker(), 'python-data')).toBe(true)
    expect(await isCodeSandboxAvailable('python-data')).toBe(true)
  })

  it('is unavailable when no Docker engine answers', async () => {
    expect(await probeCodeSandbox(new Docker({ socketPath: '/nonexistent/docker.sock' }), 'python-data')).toBe(false)
  })

  it('is unavailable for an image recipe that does not exist', async () => {
    expect(await probeCodeSandbox(new Docker(), 'no-such-image-recipe')).toBe(false)
  })
})
