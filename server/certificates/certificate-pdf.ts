// The printable certificate: a one-page landscape PDF (pdfkit) with the name, the course, the date, the
// verification URL and its QR code.
import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

export interface CertificatePdfInput {
  recipientName: string
  courseTitle: string
  issuedAt: Date
  verifyUrl: string
  /** A TrueType font covering the name's script; pdfkit's Helvetica (Latin only) without one. */
  fontPath?: string
}

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'
const DEJAVU_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'

function fonts(fontPath?: string) {
  if (fontPath) return { regular: fontPath, bold: fontPath }
  if (existsSync(DEJAVU) && existsSync(DEJAVU_BOLD)) return { regular: DEJAVU, bold: DEJAVU_BOLD }
  return { regular: 'Helvetica', bold: 'Helvetica-Bold' }
}

export function formatIssueDate(date: Date) {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}

export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const qr = await QRCode.toBuffer(input.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 360 })
  const font = fonts(input.fontPath)
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `${input.courseTitle}: certificate of completion`, Author: 'Syllabus', Subject: input.recipientName },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const { width, height } = doc.page
  const inner = width - 2 * 56
  doc.lineWidth(3).strokeColor('#1e3a8a').rect(28, 28, width - 56, height - 56).stroke()
  doc.lineWidth(1).strokeColor('#93c5fd').rect(36, 36, width - 72, height - 72).stroke()

  doc.fillColor('#1e293b').font(font.regular).fontSize(16).text('CERTIFICATE OF COMPLETION', 56, 90, { width: inner, align: 'center', characterSpacing: 3 })
  doc.fontSize(14).fillColor('#475569').text('This certifies that', 56, 150, { width: inner, align: 'center' })
  // Long names shrink to stay on one line rather than wrap over the lines below.
  doc.font(font.bold)
  let nameSize = 36
  while (nameSize > 14 && doc.fontSize(nameSize).widthOfString(input.recipientName) > inner) nameSize -= 2
  doc.fontSize(nameSize).fillColor('#0f172a').text(input.recipientName, 56, 185 + (36 - nameSize) / 2, { width: inner, align: 'center', lineBreak: false })
  doc.font(font.regular).fontSize(14).fillColor('#475569').text('has completed the course', 56, 250, { width: inner, align: 'center' })
  doc.font(font.bold).fontSize(24).fillColor('#1e3a8a').text(input.courseTitle, 56, 280, { width: inner, align: 'center' })
  doc.font(font.regular).fontSize(13).fillColor('#334155').text(`Issued on ${formatIssueDate(input.issuedAt)}`, 56, 330, { width: inner, align: 'center' })

  const qrSize = 120
  const qrX = width - 56 - qrSize - 10
  const qrY = height - 56 - qrSize - 10
  doc.image(qr, qrX, qrY, { width: qrSize, height: qrSize })
  doc.fontSize(10).fillColor('#334155').text('Verify this certificate:', 70, qrY + 60, { width: qrX - 90 })
  doc.fillColor('#1d4ed8').text(input.verifyUrl, 70, qrY + 76, { width: qrX - 90, link: input.verifyUrl, underline: true })
  doc.end()
  return done
}
