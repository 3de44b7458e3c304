import { crc32, deflateRawSync } from 'node:zlib'

// Real, small files for the document tests, built byte by byte: PDFs with correct cross-reference
// offsets, a PNG with valid chunk checksums, and ZIP archives (DOCX, XLSX, DOCM, plain ZIP) written
// with the local headers, central directory and end record that real tools write.

// ───────────────────────────── PDF ─────────────────────────────

export type PdfOptions = {
  /** Put `/Encrypt` in the trailer (with an encryption dictionary object), like a password-protected PDF. */
  encrypted?: boolean
  /** Use a cross-reference stream (PDF 1.5+) instead of a classic `xref` table and `trailer`. */
  xrefStream?: boolean
  /** Bytes of page content, to make the file larger than the sniffing windows. */
  contentBytes?: number
  /** Text placed inside the page content stream (e.g. to try to fool the sniffer). */
  contentText?: string
}

/** A small PDF that readers open (one blank page), or its encrypted look-alike. */
export function makePdf(options: PdfOptions = {}): Buffer {
  const content = `${options.contentText ?? ''}${'%'.padEnd(options.contentBytes ?? 0, ' ')}\n`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`,
  ]
  if (options.encrypted) {
    objects.push(
      '<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /EncryptMetadata true ' +
        `/O <${'a1'.repeat(32)}> /U <${'b2'.repeat(32)}> >>`,
    )
  }
  let body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n'
  const offsets: number[] = []
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'))
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
  })
  const size = objects.length + 1
  const encrypt = options.encrypted ? ` /Encrypt ${objects.length} 0 R` : ''
  const id = `/ID [<${'0c'.repeat(16)}> <${'0c'.repeat(16)}>]`
  const xrefOffset = Buffer.byteLength(body, 'latin1')
  if (options.xrefStream) {
    // W [1 4 2]: type, offset, generation; uncompressed so the test can read it.
    const rows = [Buffer.from([0, 0, 0, 0, 0, 0xff, 0xff])]
    for (const offset of [...offsets, xrefOffset]) {
      const row = Buffer.alloc(7)
      row[0] = 1
      row.writeUInt32BE(offset, 1)
      rows.push(row)
    }
    const data = Buffer.concat(rows).toString('latin1')
    body += `${size} 0 obj\n<< /Type /XRef /Size ${size + 1} /W [1 4 2] /Root 1 0 R${encrypt} ${id} /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`
  } else {
    body += `xref\n0 ${size}\n0000000000 65535 f \n`
    for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`
    body += `trailer\n<< /Size ${size} /Root 1 0 R${encrypt} ${id} >>\n`
  }
  body += `startxref\n${xrefOffset}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

// ───────────────────────────── Images ─────────────────────────────

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** A valid 1×1 white PNG. */
export function makePng(): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(1, 0)
  header.writeUInt32BE(1, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // truecolour
  const pixels = deflateRawSync(Buffer.from([0, 255, 255, 255]))
  // zlib stream = 2-byte header + raw deflate + Adler-32; the test only needs the chunk layout.
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', Buffer.concat([Buffer.from([0x78, 0x9c]), pixels, Buffer.from([0, 0, 0, 0])])),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

/** The start of a JFIF JPEG (SOI + APP0) and its end marker. */
export function makeJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    Buffer.from([0xff, 0xd9]),
  ])
}

// ───────────────────────────── ZIP and Office Open XML ─────────────────────────────

export type ZipEntry = { name: string; data: string | Buffer; deflate?: boolean }

/** A ZIP archive as zip tools write it (UTF-8 names, stored or deflated entries, no data descriptors). */
export function makeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data
    const stored = entry.deflate === false ? raw : deflateRawSync(raw)
    const method = entry.deflate === false ? 0 : 8
    const crc = crc32(raw)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(0, 10) // time
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(stored.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, stored)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4) // made by
    central.writeUInt16LE(20, 6) // needed
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(0x21, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(stored.length, 20)
    central.writeUInt32LE(raw.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + stored.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const WORD_MAIN = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
const WORD_MACRO_MAIN = 'application/vnd.ms-word.document.macroEnabled.main+xml'
const SHEET_MAIN = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'

function contentTypes(main: string, part: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/${part}" ContentType="${main}"/></Types>`
  )
}

const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
  '</Relationships>'

const WORD_DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>' +
  '<w:t>Anti-trafficking compliance plan</w:t></w:r></w:p></w:body></w:document>'

/**
 * A Word document as Word writes it ([Content_Types].xml first). `leadingMedia` bytes of an image
 * placed first push the package's description out of the first 64 KiB, as some tools' output does.
 */
export function makeDocx({ leadingMedia = 0 }: { leadingMedia?: number } = {}): Buffer {
  const entries: ZipEntry[] = []
  if (leadingMedia > 0) {
    // Stored, not deflated: incompressible bytes, like a real photo.
    const media = Buffer.alloc(leadingMedia)
    for (let i = 0; i < media.length; i++) media[i] = (i * 2654435761) >>> 24
    entries.push({ name: 'word/media/image1.png', data: media, deflate: false })
  }
  entries.push(
    { name: '[Content_Types].xml', data: contentTypes(WORD_MAIN, 'word/document.xml') },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: WORD_DOCUMENT },
  )
  return makeZip(entries)
}

/** A macro-enabled Word document (.docm): has word/document.xml, and macros. */
export function makeDocm(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: contentTypes(WORD_MACRO_MAIN, 'word/document.xml') },
    { name: '_rels/.rels', data: RELS },
    { name: 'word/document.xml', data: WORD_DOCUMENT },
    { name: 'word/vbaProject.bin', data: Buffer.from('macro'), deflate: false },
  ])
}

/** An Excel workbook: a ZIP, Office Open XML, but not a Word document. */
export function makeXlsx(): Buffer {
  return makeZip([
    { name: '[Content_Types].xml', data: contentTypes(SHEET_MAIN, 'xl/workbook.xml') },
    { name: 'xl/workbook.xml', data: '<workbook/>' },
  ])
}

/** A plain ZIP of text files. */
export function makePlainZip(): Buffer {
  return makeZip([
    { name: 'readme.txt', data: 'Just a zip file.' },
    { name: 'notes/plan.txt', data: 'Not a Word document.' },
  ])
}

/** Text, whatever name it is given. */
export function makeText(): Buffer {
  return Buffer.from('This is a plain text file someone renamed to plan.pdf.\n', 'utf8')
}
