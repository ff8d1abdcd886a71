// `syllabus sandbox build [name…] [--force]` builds the grader images offline;
// `syllabus sandbox doctor` reports on the Docker engine; `syllabus sandbox sweep` removes leftovers.
import { parseArgs } from 'node:util'
import Docker from 'dockerode'
import { buildSandboxImage, diagnoseDocker, listImageRecipes, pingDocker, sweepSandboxContainers } from '../../sandbox/docker/index.ts'
import { bold, dim, formatDuration, green, red } from '../lib/progress.ts'
import { readEnv } from '../../server/env.ts'

const usage = 'Usage: npm run syllabus -- sandbox build [image…] [--force] | sandbox doctor [--runtime runc] | sandbox sweep [--all]'

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, all: { type: 'boolean', default: false }, runtime: { type: 'string', default: readEnv().SYLLABUS_SANDBOX_RUNTIME } },
  })
  const [subcommand, ...names] = positionals
  const docker = new Docker()
  if (subcommand === 'doctor') return doctor(docker, values.runtime)
  if (subcommand === 'build') {
    await pingDocker(docker, 5_000)
    const recipes = names.length > 0 ? names : await listImageRecipes()
    for (const name of recipes) {
      const started = performance.now()
      console.log(bold(`Building ${name}`))
      const built = await buildSandboxImage(docker, name, { force: values.force, onProgress: (line) => console.log(dim(`  ${line}`)) })
      console.log(`${green('✓')} ${built.image} ${dim(`(base ${built.base}${built.builtBase ? ', new' : ', reused'}; ${formatDuration(performance.now() - started)})`)}`)
    }
    return 0
  }
  if (subcommand === 'sweep') {
    await pingDocker(docker, 5_000)
    const swept = await sweepSandboxContainers(docker, { all: values.all })
    console.log(`Removed ${swept.containers.length} container(s) and ${swept.volumes.length} volume(s).`)
    return 0
  }
  console.error(usage)
  return 2
}

async function doctor(docker: Docker, runtime: string): Promise<number> {
  const report = await diagnoseDocker(docker, { runtime })
  if (report.reachable) {
    console.log(`engine   ${report.serverVersion} (API ${report.apiVersion})`)
    console.log(`runtime  ${runtime} (installed: ${report.runtimes.join(', ')}; default ${report.defaultRuntime})`)
    console.log(`cgroup   v${report.cgroupVersion ?? '?'}`)
    console.log(`runc     ${report.runcVersion ?? 'unknown'}`)
  }
  for (const finding of report.findings) {
    const mark = finding.level === 'ok' ? green('✓') : finding.level === 'warn' ? bold('!') : red('✖')
    console.log(`${mark} ${finding.message}`)
  }
  return report.findings.some((finding) => finding.level === 'fail') ? 1 : 0
}
