import { describe, expect, it } from 'vitest'
import { CappedCapture } from './output-capture.ts'

function write(capture: CappedCapture, ...chunks: string[]) {
  return chunks.reduce((done, chunk) => done.then(() => new Promise<void>((resolve, reject) => capture.write(Buffer.from(chunk), (error) => (error ? reject(error) : resolve())))), Promise.resolve())
}

describe('CappedCapture line listener', () => {
  it('hands over each complete line as it arrives, split across chunks or not, and keeps the output', async () => {
    const lines: string[] = []
    const capture = new CappedCapture(1024, undefined, (line) => lines.push(line))
    await write(capture, '\nSYLLABUS-RUNNER-ST', 'EP 1 2\nSYLLABUS-RUNNER-STEP 2 2\n', 'partial')
    expect(lines).toEqual(['', 'SYLLABUS-RUNNER-STEP 1 2', 'SYLLABUS-RUNNER-STEP 2 2'])
    expect(capture.text()).toBe('\nSYLLABUS-RUNNER-STEP 1 2\nSYLLABUS-RUNNER-STEP 2 2\npartial')
  })

  it('skips a line too long to be progress (a framed output folder) whole, and reads on after it', async () => {
    const lines: string[] = []
    const capture = new CappedCapture(1024 * 1024, undefined, (line) => lines.push(line))
    await write(capture, `FRAME ${'A'.repeat(150)}`, `${'B'.repeat(150)}\nafter\n`)
    expect(lines).toEqual(['after'])
  })
})
