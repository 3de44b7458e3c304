// Certificate PDFs (product.md §6): drawn with pdfkit from a layout kept as data under
// templates/certificates/, then signed with a PKCS#7 detached signature (adbe.pkcs7.detached).
// The signature placeholder is added to the finished buffer with @signpdf/placeholder-plain
// (@signpdf/placeholder-pdfkit does not work with pdfkit 0.20: platform-notes.md "PDF signing").
import { plainAddPlaceholder } from '@signpdf/placeholder-plain'
import { SignPdf, type Signer } from '@signpdf/signpdf'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import layout2026_1 from '../../templates/certificates/layout-2026.1.json'

export type CertificateLanguage = 'en' | 'es'

export type CertificatePdfData = {
  number: string
  language: CertificateLanguage
  portalName: string
  agencyName: string
  vendorLegalName: string
  uei: string
  scope: string[]
  validFrom: Date
  validUntil: Date
  issuedAt: Date
  templateVersion: string
  verifyUrl: string
}

export type CertificateLayout = typeof layout2026_1

/** Layouts by template version; a certificate is always redrawn with the version it was issued with. */
export const CERTIFICATE_LAYOUTS: Record<string, CertificateLayout> = {
  [layout2026_1.templateVersion]: layout2026_1,
}

export const CURRENT_TEMPLATE_VERSION = layout2026_1.templateVersion

export function certificateLayout(templateVersion: string): CertificateLayout {
  const layout = CERTIFICATE_LAYOUTS[templateVersion]
  if (!layout) throw new Error(`Unknown certificate template version: ${templateVersion}`)
  return layout
}

function formatDate(date: Date, language: CertificateLanguage): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    date,
  )
}

/** Draws the certificate page. Text is real text in standard fonts, so it can be extracted and searched. */
export async function renderCertificatePdf(data: CertificatePdfData): Promise<Buffer> {
  const layout = certificateLayout(data.templateVersion)
  const strings = layout.strings[data.language]
  const { page, fonts, colors } = layout
  const qrPng = await QRCode.toBuffer(data.verifyUrl, {
    type: 'png',
    errorCorrectionLevel: layout.qr.errorCorrectionLevel as QRCode.QRCodeErrorCorrectionLevel,
    margin: 1,
    width: layout.qr.size * 3,
  })

  const doc = new PDFDocument({
    size: page.size,
    margins: page.margins,
    autoFirstPage: true,
    lang: data.language,
    info: {
      Title: `${strings.title} ${data.number}`,
      Author: data.agencyName,
      Subject: data.vendorLegalName,
      Creator: data.portalName,
      Producer: data.portalName,
      // Fixed dates: the same certificate data gives the same drawing.
      CreationDate: data.issuedAt,
      ModDate: data.issuedAt,
    },
  })
  const chunks: Buffer[] = []
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const left = page.margins.left
  const contentWidth = page.width - page.margins.left - page.margins.right

  // Border.
  const { inset } = layout.border
  doc
    .lineWidth(layout.border.lineWidth)
    .strokeColor(layout.border.color)
    .rect(inset, inset, page.width - 2 * inset, page.height - 2 * inset)
    .stroke()

  // Header: who issues it.
  doc
    .font(fonts.heading)
    .fontSize(layout.header.fontSize)
    .fillColor(colors.muted)
    .text(data.portalName, left, layout.header.y, {
      width: contentWidth,
      align: 'center',
      lineGap: layout.header.lineGap,
    })
    .font(fonts.body)
    .text(`${strings.issuedBy}: ${data.agencyName}`, { width: contentWidth, align: 'center' })

  // Title and subtitle.
  doc
    .font(fonts.title)
    .fontSize(layout.title.fontSize)
    .fillColor(colors.accent)
    .text(strings.title, left, layout.title.y, { width: contentWidth, align: 'center' })
  doc
    .font(fonts.body)
    .fontSize(layout.subtitle.fontSize)
    .fillColor(colors.muted)
    .text(strings.subtitle, left, layout.subtitle.y, { width: contentWidth, align: 'center' })

  // Vendor.
  doc
    .font(fonts.body)
    .fontSize(layout.subtitle.fontSize)
    .fillColor(colors.text)
    .text(strings.certifies, left, layout.vendor.y - layout.subtitle.fontSize - 8, {
      width: contentWidth,
      align: 'center',
    })
  doc
    .font(fonts.heading)
    .fontSize(layout.vendor.fontSize)
    .text(data.vendorLegalName, left, layout.vendor.y, { width: contentWidth, align: 'center' })
  doc
    .font(fonts.body)
    .fontSize(layout.vendor.ueiFontSize)
    .text(`${strings.uei}: ${data.uei}`, { width: contentWidth, align: 'center' })

  doc
    .lineWidth(layout.rule.lineWidth)
    .strokeColor(colors.rule)
    .moveTo(left, layout.rule.y)
    .lineTo(left + contentWidth, layout.rule.y)
    .stroke()

  // Fields: label column and value column.
  const { fields } = layout
  const valueX = left + fields.labelWidth
  const valueWidth = contentWidth - fields.labelWidth
  let y = fields.y
  const row = (label: string, draw: () => void) => {
    doc
      .font(fonts.label)
      .fontSize(fields.fontSize)
      .fillColor(colors.muted)
      .text(label, left, y, { width: fields.labelWidth - 8 })
    const labelBottom = doc.y
    doc.fillColor(colors.text)
    doc.x = valueX
    doc.y = y
    draw()
    y = Math.max(labelBottom, doc.y) + fields.rowGap
  }
  row(strings.number, () => {
    doc.font(fonts.number).fontSize(layout.number.fontSize).text(data.number, valueX, y, { width: valueWidth })
  })
  row(strings.scope, () => {
    doc.font(fonts.body).fontSize(layout.scope.fontSize)
    const items = data.scope.length > 0 ? data.scope : ['—']
    for (const item of items) {
      doc.text(`${layout.scope.bullet} ${item}`, valueX, doc.y, {
        width: valueWidth,
        indent: 0,
        lineGap: layout.scope.lineGap,
      })
    }
  })
  row(strings.validFrom, () => {
    doc
      .font(fonts.body)
      .fontSize(fields.fontSize)
      .text(formatDate(data.validFrom, data.language), valueX, y, { width: valueWidth })
  })
  row(strings.validUntil, () => {
    doc
      .font(fonts.body)
      .fontSize(fields.fontSize)
      .text(formatDate(data.validUntil, data.language), valueX, y, { width: valueWidth })
  })
  row(strings.issuedAt, () => {
    doc
      .font(fonts.body)
      .fontSize(fields.fontSize)
      .text(formatDate(data.issuedAt, data.language), valueX, y, { width: valueWidth })
  })
  row(strings.templateVersion, () => {
    doc.font(fonts.body).fontSize(fields.fontSize).text(data.templateVersion, valueX, y, { width: valueWidth })
  })

  // QR code to the verification page, bottom right, with its caption to the left.
  const { qr } = layout
  const qrX = page.width - page.margins.right - qr.size
  const qrY = page.height - qr.bottom - qr.size
  doc.image(qrPng, qrX, qrY, { width: qr.size, height: qr.size })
  const captionWidth = contentWidth - qr.size - 16
  doc
    .font(fonts.body)
    .fontSize(qr.captionFontSize)
    .fillColor(colors.muted)
    .text(strings.qrCaption, left, qrY + qr.size / 3, { width: captionWidth })
    .fillColor(colors.accent)
    .text(data.verifyUrl, { width: captionWidth, link: data.verifyUrl })
    .moveDown(0.5)
    .fillColor(colors.muted)
    .text(strings.signedNote, { width: captionWidth })

  // Footer: hotlines. Drawn inside the bottom margin without starting a new page.
  const footerY = page.height - page.margins.bottom - layout.footer.height + 24
  doc
    .lineWidth(layout.rule.lineWidth)
    .strokeColor(colors.rule)
    .moveTo(left, footerY - 8)
    .lineTo(left + contentWidth, footerY - 8)
    .stroke()
  doc
    .font(fonts.footer)
    .fontSize(layout.footer.fontSize)
    .fillColor(colors.text)
    .text(strings.footer, left, footerY, {
      width: contentWidth,
      align: 'center',
      lineGap: layout.footer.lineGap,
      lineBreak: true,
    })

  doc.end()
  return finished
}

export type SignatureDetails = {
  reason: string
  name: string
  location: string
  contactInfo: string
}

/**
 * Room for the DER-encoded PKCS#7 (certificate chain, signed attributes, signature), in bytes.
 * A self-signed RSA-2048 chain needs about 1.5 kB; this leaves room for a CA chain from a PKCS#12.
 */
export const SIGNATURE_LENGTH = 8192

const signPdfInstance = new SignPdf()

/** Adds a signature placeholder to a finished PDF and fills it with the signer's detached PKCS#7. */
export async function signPdf(
  pdf: Buffer,
  signer: Signer,
  { reason, name, location, contactInfo }: SignatureDetails,
  {
    signingTime = new Date(),
    signatureLength = SIGNATURE_LENGTH,
  }: { signingTime?: Date; signatureLength?: number } = {},
): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason,
    name,
    location,
    contactInfo,
    signingTime,
    signatureLength,
  })
  return signPdfInstance.sign(withPlaceholder, signer, signingTime)
}
