// The site's icons, served by Next.js from these files (app/favicon.ico at /favicon.ico, app/icon.svg as
// <link rel="icon">): without them every page's /favicon.ico was a 404 in the browser's console.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const appFile = (name: string) => readFileSync(path.join(import.meta.dirname, name))

describe('app icons', () => {
  it('favicon.ico is an icon file of 16, 32 and 48 px PNG images', () => {
    const ico = appFile('favicon.ico')
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1])
    const images = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const entry = 6 + 16 * i
      const offset = ico.readUInt32LE(entry + 12)
      return { size: ico.readUInt8(entry), png: ico.subarray(offset, offset + 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) }
    })
    expect(images).toEqual([16, 32, 48].map((size) => ({ size, png: true })))
  })

  it('icon.svg is a self-contained SVG with nothing that runs', () => {
    const svg = appFile('icon.svg').toString('utf8')
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/)
    expect(svg).not.toMatch(/<script|on[a-z]+=|href=/i)
  })
})
