// Grader images, built offline: a Debian base from debootstrap imported with `docker import`, then
// the recipe's Dockerfile on top (our runner, the non-root user). Tags are content hashes of the
// recipe, so an unchanged recipe is never rebuilt and a changed one never reuses a stale image.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type Docker from 'dockerode'

// import.meta.dirname is undefined inside Next.js server bundles, whose processes start in the repository root.
export const imagesDir = import.meta.dirname ? path.resolve(import.meta.dirname, '../../images') : path.join(process.cwd(), 'images')
export const DEBIAN_SUITE = 'bookworm'

export interface ImageTags {
  name: string
  base: string
  image: string
  packages: string[]
}

function hashFiles(dir: string, files: string[]): string {
  const hash = createHash('sha256')
  for (const file of [...files].sort()) {
    hash.update(`${file}\0`)
    hash.update(readFileSync(path.join(dir, file)))
    hash.update('\0')
  }
  return hash.digest('hex').slice(0, 12)
}

function basePackages(dir: string): string[] {
  return readFileSync(path.join(dir, 'base-packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
}

/** Tags of a recipe under images/<name>: the base hashes its package list, the image all its files. */
export function imageTags(name: string): ImageTags {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Bad image name "${name}"`)
  const dir = path.join(imagesDir, name)
  const packages = basePackages(dir)
  const base = `syllabus/${name}-base:${createHash('sha256').update(`${DEBIAN_SUITE}\n${packages.join('\n')}`).digest('hex').slice(0, 12)}`
  const files = readdirSync(dir).filter((file) => !file.startsWith('.'))
  return { name, base, image: `syllabus/${name}:${hashFiles(dir, files)}`, packages }
}

const recentTags = new Map<string, { tags: ImageTags; at: number }>()
/** How long a computed tag is reused before the recipe is read and hashed again. */
const TAGS_REUSED_MS = 10_000

/**
 * imageTags, computed at most once per 10 s per recipe: it reads and hashes the recipe's files
 * synchronously, and the python engine asks for its image on every grade (each call blocked the
 * worker's event loop for 0.1-0.5 ms, more in a burst of 20). A rebuilt recipe is picked up within
 * 10 s by a running worker.
 */
export function currentImageTags(name: string): ImageTags {
  const recent = recentTags.get(name)
  if (recent && performance.now() - recent.at < TAGS_REUSED_MS) return recent.tags
  const tags = imageTags(name)
  recentTags.set(name, { tags, at: performance.now() })
  return tags
}

export async function listImageRecipes(): Promise<string[]> {
  const entries = await readdir(imagesDir, { withFileTypes: true })
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
}

async function imageExists(docker: Docker, tag: string) {
  try {
    await docker.getImage(tag).inspect()
    return true
  } catch {
    return false
  }
}

function runCommand(command: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let last = ''
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        last = line
        onLine(line)
      }
    }
    child.stdout.on('data', relay)
    child.stderr.on('data', relay)
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${last}`))))
  })
}

function follow(docker: Docker, stream: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: { error?: string }[]) => {
        const failed = output?.find((event) => event.error)
        if (error || failed) reject(error ?? new Error(failed?.error))
        else resolve()
      },
      (event: { stream?: string; status?: string }) => {
        const line = (event.stream ?? event.status ?? '').trim()
        if (line) onLine(line)
      },
    )
  })
}

export interface BuildImageOptions {
  onProgress?: (line: string) => void
  /** Rebuild even when the tags exist. */
  force?: boolean
}

export interface BuiltImage extends ImageTags {
  builtBase: boolean
  builtImage: boolean
}

/** Builds images/<name> offline (debootstrap needs root and Debian's mirror). */
export async function buildSandboxImage(docker: Docker, name: string, options: BuildImageOptions = {}): Promise<BuiltImage> {
  const onProgress = options.onProgress ?? (() => {})
  const tags = imageTags(name)
  let builtBase = false
  if (options.force || !(await imageExists(docker, tags.base))) {
    const rootfs = await mkdtemp(path.join(os.tmpdir(), 'syllabus-debootstrap-'))
    try {
      onProgress(`debootstrap ${DEBIAN_SUITE} with ${tags.packages.join(', ')} (a few minutes)`)
      await runCommand('debootstrap', ['--variant=minbase', `--include=${tags.packages.join(',')}`, DEBIAN_SUITE, rootfs], onProgress)
      onProgress(`docker import as ${tags.base}`)
      const [repo, tag] = tags.base.split(':') as [string, string]
      const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] })
      await follow(docker, await docker.importImage(tar.stdout, { repo, tag }), onProgress)
      builtBase = true
    } finally {
      await rm(rootfs, { recursive: true, force: true })
    }
  } else onProgress(`base ${tags.base} exists: skipping debootstrap`)

  let builtImage = false
  if (options.force || !(await imageExists(docker, tags.image))) {
    const dir = path.join(imagesDir, name)
    const files = (await readdir(dir)).filter((file) => !file.startsWith('.'))
    onProgress(`building ${tags.image}`)
    const stream = await docker.buildImage(
      { context: dir, src: files },
      { t: tags.image, buildargs: { BASE_IMAGE: tags.base }, networkmode: 'none', rm: true, forcerm: true, labels: { 'syllabus.recipe': name } },
    )
    await follow(docker, stream, onProgress)
    builtImage = true
  } else onProgress(`${tags.image} exists: nothing to build`)
  return { ...tags, builtBase, builtImage }
}
