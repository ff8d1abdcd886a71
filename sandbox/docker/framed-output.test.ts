// The framed output folder on stdout: only the line right before the first marker, well formed, counts.
import { describe, expect, test } from 'vitest'
import { framedOutput } from './framed-output.ts'

const request = { outputFrame: 'FRAME', completionMarker: 'DONE' }
const tar = Buffer.from('a tar').toString('base64')

describe('framedOutput', () => {
  test('reads the frame right before the first marker', () => {
    expect(framedOutput(`noise\n\nFRAME ${tar}\n\nDONE\n`, request)?.toString()).toBe('a tar')
  })
  test('no frame, a frame after the marker, or a malformed frame: none (the folder is collected instead)', () => {
    expect(framedOutput('\nDONE\n', request)).toBeNull()
    expect(framedOutput(`\nDONE\n\nFRAME ${tar}\n\nDONE\n`, request)).toBeNull()
    expect(framedOutput(`\nFRAME !!\n\nDONE\n`, request)).toBeNull()
    expect(framedOutput(`\nFRAME ${tar}\nmore\n\nDONE\n`, request)).toBeNull()
    expect(framedOutput(`\nFRAME ${tar}\n\nDONE\n`, { completionMarker: 'DONE' })).toBeNull()
  })
})
