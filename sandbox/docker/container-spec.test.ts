import { describe, expect, test } from 'vitest'
import { sandboxLimitsSchema } from './config.ts'
import { outVolumeSpec, sandboxContainerSpec } from './container-spec.ts'

describe('sandboxContainerSpec', () => {
  const limits = sandboxLimitsSchema.parse({ memoryBytes: 256 * 1024 * 1024, cpus: 0.5, pids: 32 })
  const spec = sandboxContainerSpec({ image: 'img', argv: ['/usr/bin/python3', '-I', 'x.py'], limits, runtime: 'runsc', inputDir: '/tmp/in-1', outVolume: 'vol', owner: 'host/1' })

  test('every wall is in place', () => {
    expect(spec).toMatchObject({ Cmd: ['/usr/bin/python3', '-I', 'x.py'], Entrypoint: [], User: '65534:65534', Env: [], NetworkDisabled: true })
    expect(spec.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      Memory: 256 * 1024 * 1024,
      MemorySwap: 256 * 1024 * 1024,
      NanoCpus: 500_000_000,
      PidsLimit: 32,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      IpcMode: 'private',
      Init: true,
      Runtime: 'runsc',
      Privileged: false,
      LogConfig: { Type: 'none' },
    })
    expect(spec.HostConfig?.Ulimits).toEqual(
      expect.arrayContaining([{ Name: 'core', Soft: 0, Hard: 0 }, expect.objectContaining({ Name: 'nofile' }), expect.objectContaining({ Name: 'fsize' })]),
    )
    for (const options of Object.values(spec.HostConfig?.Tmpfs ?? {})) expect(options).toMatch(/nosuid,nodev,noexec,size=\d+/)
  })

  test('the only host path is the input folder, mounted read-only', () => {
    expect(spec.HostConfig?.Binds).toEqual(['/tmp/in-1:/sandbox/input:ro'])
    expect(spec.HostConfig?.Mounts).toEqual([{ Type: 'volume', Source: 'vol', Target: '/sandbox/out', ReadOnly: false }])
    expect(outVolumeSpec('vol', limits, 'host/1').DriverOpts).toEqual({
      type: 'tmpfs',
      device: 'tmpfs',
      o: `size=${limits.outDirBytes},uid=65534,gid=65534,mode=0700,nosuid,nodev,noexec`,
    })
  })

  test('limits have defaults and bounds', () => {
    expect(sandboxLimitsSchema.parse({})).toMatchObject({ timeoutMs: 60_000, pids: 64, cpus: 1 })
    expect(() => sandboxLimitsSchema.parse({ pids: 1 })).toThrow()
  })
})
