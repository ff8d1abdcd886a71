import Docker from 'dockerode'
import { describe, expect, it, vi } from 'vitest'
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

  it('answers from the last probe while a newer one runs: a page waits for Docker only on the first ask', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const first = isCodeSandboxAvailable('no-such-image-recipe')
      expect(await first).toBe(false)
      expect(isCodeSandboxAvailable('no-such-image-recipe')).toBe(first)
      vi.setSystemTime(Date.now() + 31_000)
      // Expired: the known answer comes back at once, and a probe starts in the background.
      expect(isCodeSandboxAvailable('no-such-image-recipe')).toBe(first)
      await vi.waitFor(() => expect(isCodeSandboxAvailable('no-such-image-recipe')).not.toBe(first), { timeout: 5_000 })
      expect(await isCodeSandboxAvailable('no-such-image-recipe')).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })
})
