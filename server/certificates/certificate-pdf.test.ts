// The printed certificate, checked as a person (or a phone camera) reads it: rendered to PNG with
// poppler's pdftoppm, its QR code decoded from the pixels, its text extracted with pdftotext.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { NEEDS_POPPLER } from '../../tests/setup/skip-summary-reporter.ts'
import { renderCertificatePdf } from './certificate-pdf.ts'

/** poppler-utils reads the PDF as a person would; on a machine without it these tests skip and say so. */
const hasPoppler = spawnSync('pdftoppm', ['-v']).error === undefined

async function renderToPng(pdf: Buffer, dpi = 100) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'syllabus-cert-'))
  const file = path.join(dir, 'certificate.pdf')
  await writeFile(file, pdf)
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', file, path.join(dir, 'page')])
  const png = PNG.sync.read(await readFile(path.join(dir, 'page.png')))
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1])
  return { png, text, pages }
}

describe.skipIf(!hasPoppler)('the certificate PDF', { tags: [NEEDS_POPPLER] }, () => {
  const verifyUrl = 'https://courses.example.org/verify/abcdefghjkmnpqrstuvw'

  it('shows the name, the course and the date, on one page, and its QR code opens the verify URL', async () => {
    const pdf = await renderCertificatePdf({
      recipientName: 'Ada Lovelace',
      courseTitle: 'Data Engineering Zoomcamp',
      issuedAt: new Date('2027-03-20T10:00:00Z'),
      verifyUrl,
    })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const { png, text, pages } = await renderToPng(pdf)
    expect(pages).toBe(1)
    expect(png.width).toBeGreaterThan(png.height) // landscape
    expect(text).toContain('Ada Lovelace')
    expect(text).toContain('Data Engineering Zoomcamp')
    expect(text).toContain('Issued on 20 March 2027')
    expect(text).toContain(verifyUrl)
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(qr?.data).toBe(verifyUrl)
  })

  it('prints names beyond Latin-1 when a font covers them', async () => {
    const pdf = await renderCertificatePdf({
      recipientName: 'Łukasz Żółć-Ωμέγα',
      courseTitle: 'Mini',
      issuedAt: new Date('2027-01-01T00:00:00Z'),
      verifyUrl,
    })
    const { text } = await renderToPng(pdf, 50)
    expect(text).toContain('Łukasz Żółć-Ωμέγα')
  })
})
