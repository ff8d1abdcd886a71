// `syllabus sandbox doctor`: what the engine is, how it isolates, and what is unsafe about it.
import type Docker from 'dockerode'
import { pingDocker } from './engine-ping.ts'

export interface DoctorFinding {
  level: 'ok' | 'warn' | 'fail'
  message: string
}

export interface DoctorReport {
  reachable: boolean
  serverVersion?: string
  apiVersion?: string
  runtimes: string[]
  defaultRuntime?: string
  cgroupVersion?: string
  runcVersion?: string
  findings: DoctorFinding[]
}

export async function diagnoseDocker(docker: Docker, { runtime = 'runc' }: { runtime?: string } = {}): Promise<DoctorReport> {
  try {
    await pingDocker(docker, 2_000)
  } catch (error) {
    return { reachable: false, runtimes: [], findings: [{ level: 'fail', message: (error as Error).message }] }
  }
  const info = (await docker.info()) as Record<string, unknown>
  const version = (await docker.version()) as { Version?: string; ApiVersion?: string; Components?: { Name: string; Version: string }[] }
  const runtimes = Object.keys((info.Runtimes as Record<string, unknown>) ?? {})
  const findings: DoctorFinding[] = []
  const securityOptions = (info.SecurityOptions as string[] | undefined) ?? []
  const runcCommit = (info.RuncCommit as { ID?: string } | undefined)?.ID
  const runcVersion = version.Components?.find((component) => component.Name === 'runc')?.Version ?? runcCommit
  const cgroupVersion = info.CgroupVersion as string | undefined

  findings.push(
    runtimes.includes(runtime)
      ? { level: 'ok', message: `runtime ${runtime} is installed` }
      : { level: 'fail', message: `runtime ${runtime} is not installed (have: ${runtimes.join(', ')})` },
  )
  if (!runtimes.includes('runsc'))
    findings.push({ level: 'warn', message: 'gVisor (runsc) is not installed: containers share the host kernel (runc only)' })
  if (securityOptions.some((option) => option.includes('rootless')))
    findings.push({ level: 'ok', message: 'the engine runs rootless' })
  else findings.push({ level: 'warn', message: 'the engine runs as root: a container escape is a root escape; prefer rootless Docker or runsc' })
  if (!securityOptions.some((option) => option.includes('seccomp')))
    findings.push({ level: 'warn', message: 'seccomp is off: the default syscall filter is not applied' })
  if (info.MemoryLimit === false) findings.push({ level: 'fail', message: 'memory limits are not supported by this kernel/cgroup set-up' })
  if (info.PidsLimit === false) findings.push({ level: 'fail', message: 'PID limits are not supported: a fork bomb is not contained' })
  if (info.SwapLimit === false)
    findings.push({ level: 'warn', message: 'swap limits are not supported: Memory=MemorySwap cannot stop a container from swapping' })
  if (cgroupVersion === '1') findings.push({ level: 'warn', message: 'cgroup v1: prefer v2 (unified) for reliable memory and PID accounting' })
  if (/^1\.(0|1)\./.test(runcVersion ?? '') || /^1\.1\.([0-9]|1[01])\b/.test(runcVersion ?? ''))
    findings.push({ level: 'warn', message: `runc ${runcVersion} is older than 1.1.12 (CVE-2024-21626, "Leaky Vessels"): update it unless your distribution backported the fix` })
  return {
    reachable: true,
    serverVersion: version.Version,
    apiVersion: version.ApiVersion,
    runtimes,
    defaultRuntime: info.DefaultRuntime as string | undefined,
    cgroupVersion,
    runcVersion,
    findings,
  }
}
