import { describe, expect, test } from 'vitest'
import {
  makeDocm,
  makeDocx,
  makeJpeg,
  makePdf,
  makePlainZip,
  makePng,
  makeText,
  makeXlsx,
} from '#tests/support/document-files'
import { ALLOWED_MEDIA_TYPES, MEDIA_TYPES, acceptAttribute, normalizePageReferences, parsePageReferences } from './schemas'
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, centralDirectoryNames, sampleOf, signatureOf, sniffBytes } from './sniff'

// Uploads are judged by their bytes, never their names (product.md §10). Every fixture is a real
// file built in tests/support/document-files.ts.

describe('sniffBytes', () => {
  test('a minimal valid PDF is a PDF', async () => {
    expect(await sniffBytes(makePdf())).toEqual({ ok: true, mediaType: MEDIA_TYPES.pdf })
  })

  test('a PDF with a cross-reference stream is a PDF', async () => {
    expect(await sniffBytes(makePdf({ xrefStream: true }))).toEqual({ ok: true, mediaType: MEDIA_TYPES.pdf })
  })

  test('a PDF larger than the sniffing windows is judged from its head and tail alone', async () => {
    const pdf = makePdf({ contentBytes: 3 * SNIFF_HEAD_BYTES })
    const sample = sampleOf(pdf)
    expect(sample.head.length).toBe(SNIFF_HEAD_BYTES)
    expect(sample.tail.length).toBe(SNIFF_TAIL_BYTES)
    expect(await sniffBytes(pdf)).toEqual({ ok: true, mediaType: MEDIA_TYPES.pdf })
  })

  test('an encrypted PDF (/Encrypt in the trailer) is refused as encrypted', async () => {
    expect(await sniffBytes(makePdf({ encrypted: true }))).toEqual({ ok: false, reason: 'encrypted_pdf' })
  })

  test('an encrypted PDF with a cross-reference stream (/Encrypt in the XRef dictionary) is refused', async () => {
    expect(await sniffBytes(makePdf({ encrypted: true, xrefStream: true }))).toEqual({ ok: false, reason: 'encrypted_pdf' })
  })

  test('a large encrypted PDF is caught from the tail', async () => {
    expect(await sniffBytes(makePdf({ encrypted: true, contentBytes: 200_000 }))).toEqual({ ok: false, reason: 'encrypted_pdf' })
  })

  test('the words "/EncryptMetadata" or "/Encrypt" in page text do not make a PDF encrypted', async () => {
    const pdf = makePdf({ contentText: '(see /EncryptMetadata false and the /Encrypt entry) Tj\n' })
    expect(await sniffBytes(pdf)).toEqual({ ok: true, mediaType: MEDIA_TYPES.pdf })
  })

  test('a truncated PDF (no %%EOF at the end) is corrupt', async () => {
    const pdf = makePdf({ contentBytes: 5000 })
    expect(await sniffBytes(pdf.subarray(0, Math.floor(pdf.length * 0.6)))).toEqual({ ok: false, reason: 'corrupt_pdf' })
    // Cut just before the end marker: still corrupt.
    expect(await sniffBytes(pdf.subarray(0, pdf.length - 7))).toEqual({ ok: false, reason: 'corrupt_pdf' })
  })

  test('a PDF with %%EOF but no startxref is corrupt', async () => {
    const text = makePdf().toString('latin1').replace('startxref', 'startXXXX')
    expect(await sniffBytes(Buffer.from(text, 'latin1'))).toEqual({ ok: false, reason: 'corrupt_pdf' })
  })

  test('a PDF whose startxref points past its end is corrupt', async () => {
    const text = makePdf().toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999999')
    expect(await sniffBytes(Buffer.from(text, 'latin1'))).toEqual({ ok: false, reason: 'corrupt_pdf' })
  })

  test('a PNG is a PNG; a JPEG is a JPEG', async () => {
    expect(await sniffBytes(makePng())).toEqual({ ok: true, mediaType: MEDIA_TYPES.png })
    expect(await sniffBytes(makeJpeg())).toEqual({ ok: true, mediaType: MEDIA_TYPES.jpeg })
  })

  test('eight bytes of PNG signature with nothing after them are not an image', async () => {
    expect(await sniffBytes(makePng().subarray(0, 8))).toEqual({ ok: false, reason: 'unsupported_type' })
  })

  test('a Word document (a ZIP with word/document.xml) is a DOCX', async () => {
    expect(await sniffBytes(makeDocx())).toEqual({ ok: true, mediaType: MEDIA_TYPES.docx })
  })

  test('a DOCX whose first 64 KiB hold only an image is recognized from its central directory', async () => {
    const docx = makeDocx({ leadingMedia: 2 * SNIFF_HEAD_BYTES })
    expect(centralDirectoryNames(sampleOf(docx).tail, docx.length)).toContain('word/document.xml')
    expect(await sniffBytes(docx)).toEqual({ ok: true, mediaType: MEDIA_TYPES.docx })
  })

  test('a ZIP that is not a Word document is not accepted', async () => {
    expect(await sniffBytes(makePlainZip())).toEqual({ ok: false, reason: 'unsupported_type' })
    expect(await sniffBytes(makeXlsx())).toEqual({ ok: false, reason: 'unsupported_type' })
  })

  test('a macro-enabled Word document (.docm) is not accepted', async () => {
    expect(await sniffBytes(makeDocm())).toEqual({ ok: false, reason: 'unsupported_type' })
  })

  test('a text file, whatever it is called, is not accepted', async () => {
    expect(await sniffBytes(makeText())).toEqual({ ok: false, reason: 'unsupported_type' })
    expect(await sniffBytes(Buffer.from('<html><script>alert(1)</script></html>'))).toEqual({ ok: false, reason: 'unsupported_type' })
  })

  test('an empty file is empty', async () => {
    expect(await sniffBytes(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty' })
  })
})

describe('signatureOf (the early check while the upload streams in)', () => {
  test('names the format from the first bytes, or null', () => {
    expect(signatureOf(makePdf())).toBe('pdf')
    expect(signatureOf(makePng())).toBe('png')
    expect(signatureOf(makeJpeg())).toBe('jpeg')
    expect(signatureOf(makeDocx())).toBe('zip')
    expect(signatureOf(makeText())).toBeNull()
  })
})

describe('allowed types per kind', () => {
  test('plans, policies and training materials are PDF or Word; evidence and other may also be images', () => {
    for (const kind of ['compliance_plan', 'policy', 'training_material'] as const) {
      expect(ALLOWED_MEDIA_TYPES[kind]).toEqual([MEDIA_TYPES.pdf, MEDIA_TYPES.docx])
    }
    for (const kind of ['evidence', 'other'] as const) {
      expect(ALLOWED_MEDIA_TYPES[kind]).toEqual([MEDIA_TYPES.pdf, MEDIA_TYPES.docx, MEDIA_TYPES.png, MEDIA_TYPES.jpeg])
    }
    expect(acceptAttribute('compliance_plan')).toBe(`.pdf,${MEDIA_TYPES.pdf},.docx,${MEDIA_TYPES.docx}`)
  })
})

describe('page references', () => {
  test.each([
    ['4-6, 9', [[4, 6], [9, 9]], '4-6, 9'],
    ['  12 ', [[12, 12]], '12'],
    ['1 – 3,5,7-7', [[1, 3], [5, 5], [7, 7]], '1-3, 5, 7'],
  ] as const)('%j is read and normalized', (text, ranges, normalized) => {
    expect(parsePageReferences(text)).toEqual(ranges)
    expect(normalizePageReferences(text)).toBe(normalized)
  })

  test.each(['', 'four', '6-4', '0', '1,,2', '1-', 'p. 4', '4-6; 9'])('%j is refused', (text) => {
    expect(parsePageReferences(text)).toBeNull()
  })
})
