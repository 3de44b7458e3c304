import { fileTypeFromBuffer } from 'file-type'
import { MEDIA_TYPES, type DocumentMediaType } from './schemas'

// Uploads are checked by content, not by name (product.md §10). The decision needs only the first
// and the last bytes of a file, so an upload can be judged while it streams to storage without
// ever holding the whole file in memory (app/documents/upload.server.ts).

/** Bytes kept from the start of a file: magic numbers, a linearized PDF's first trailer, a DOCX's first entries. */
export const SNIFF_HEAD_BYTES = 64 * 1024
/**
 * Bytes kept from the end: a PDF's `%%EOF`, `startxref` and last trailer (or cross-reference stream
 * dictionary, which can sit several KiB before the end in a large PDF), and a ZIP's central directory.
 */
export const SNIFF_TAIL_BYTES = 16 * 1024

export type SniffFailure = 'empty' | 'unsupported_type' | 'encrypted_pdf' | 'corrupt_pdf'
export type SniffResult = { ok: true; mediaType: DocumentMediaType } | { ok: false; reason: SniffFailure }

/** The first and last bytes of a file of `size` bytes (they overlap when the file is small). */
export type FileSample = { head: Uint8Array; tail: Uint8Array; size: number }

export function sampleOf(bytes: Uint8Array): FileSample {
  return {
    head: bytes.subarray(0, SNIFF_HEAD_BYTES),
    tail: bytes.subarray(Math.max(0, bytes.length - SNIFF_TAIL_BYTES)),
    size: bytes.length,
  }
}

type Signature = 'pdf' | 'zip' | 'png' | 'jpeg'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const ZIP_LOCAL_FILE_HEADER = [0x50, 0x4b, 0x03, 0x04]

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false
  return prefix.every((byte, i) => bytes[at + i] === byte)
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

/**
 * Which supported format the first bytes claim to be, or null. Cheap, so an upload that is none of
 * them can be stopped as soon as its first bytes arrive instead of being stored first.
 */
export function signatureOf(head: Uint8Array): Signature | null {
  // PDF readers accept the header anywhere in the first 1024 bytes (some generators prepend junk).
  if (latin1(head.subarray(0, 1024)).includes('%PDF-')) return 'pdf'
  if (startsWith(head, PNG_SIGNATURE)) return 'png'
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(head, ZIP_LOCAL_FILE_HEADER)) return 'zip'
  return null
}

/** Decide the type of a file from its sample. */
export async function sniffContent(sample: FileSample): Promise<SniffResult> {
  if (sample.size === 0) return { ok: false, reason: 'empty' }
  switch (signatureOf(sample.head)) {
    case 'pdf':
      return checkPdf(sample)
    case 'png':
      // The IHDR chunk always comes first: a real image, not eight lucky bytes.
      return latin1(sample.head.subarray(12, 16)) === 'IHDR' ? { ok: true, mediaType: MEDIA_TYPES.png } : unsupported
    case 'jpeg':
      return { ok: true, mediaType: MEDIA_TYPES.jpeg }
    case 'zip':
      return (await isDocx(sample)) ? { ok: true, mediaType: MEDIA_TYPES.docx } : unsupported
    case null:
      return unsupported
  }
}

/** sniffContent for bytes already in memory. */
export function sniffBytes(bytes: Uint8Array): Promise<SniffResult> {
  return sniffContent(sampleOf(bytes))
}

const unsupported: SniffResult = { ok: false, reason: 'unsupported_type' }

// ───────────────────────────── PDF ─────────────────────────────

// ISO 32000: a file ends with `startxref`, the byte offset of the last cross-reference section, and
// `%%EOF`; readers look for `%%EOF` in the last 1024 bytes. A download or upload cut short loses them.
const PDF_EOF_WINDOW = 1024
const STARTXREF = /startxref\s+(\d+)\s+%%EOF/g
// `/Encrypt` in a trailer or cross-reference stream dictionary, pointing at the encryption
// dictionary (`/Encrypt 12 0 R`) or holding it inline (`/Encrypt <<`). The lookahead shape also
// keeps `/EncryptMetadata` from matching.
const ENCRYPT_ENTRY = /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/

function checkPdf({ head, tail, size }: FileSample): SniffResult {
  const end = latin1(tail)
  if (!end.slice(-PDF_EOF_WINDOW).includes('%%EOF')) return { ok: false, reason: 'corrupt_pdf' }
  // The last `startxref` before the final `%%EOF` (an incrementally updated file has several).
  const offsets = [...end.matchAll(STARTXREF)].map((match) => Number(match[1]))
  const lastOffset = offsets.at(-1)
  if (lastOffset === undefined || lastOffset >= size) return { ok: false, reason: 'corrupt_pdf' }
  // The last trailer is at the end; a linearized file repeats it near the start (first-page trailer).
  if (ENCRYPT_ENTRY.test(end) || ENCRYPT_ENTRY.test(latin1(head))) return { ok: false, reason: 'encrypted_pdf' }
  return { ok: true, mediaType: MEDIA_TYPES.pdf }
}

// ───────────────────────────── DOCX ─────────────────────────────

const DOCX_MAIN_PART = 'word/document.xml'
// A macro-enabled document (.docm) also has word/document.xml; macros are not accepted.
const MACRO_PART = 'word/vbaProject.bin'

/**
 * A ZIP is a Word document when its entries include word/document.xml. file-type reads the entries
 * at the start of the file and the package's [Content_Types].xml (which tells a .docx from a .docm,
 * a spreadsheet or a presentation). When those entries lie beyond the head it can only say "zip";
 * then the central directory at the end of the file, which lists every entry, decides.
 */
async function isDocx({ head, tail, size }: FileSample): Promise<boolean> {
  let detected: string | undefined
  try {
    detected = (await fileTypeFromBuffer(head))?.mime
  } catch {
    // A ZIP cut at the end of the head can make the parser give up; the central directory decides.
    detected = undefined
  }
  if (detected === MEDIA_TYPES.docx) return true
  if (detected !== undefined && detected !== 'application/zip') return false
  const names = centralDirectoryNames(tail, size)
  return names !== null && names.includes(DOCX_MAIN_PART) && !names.includes(MACRO_PART)
}

/**
 * The entry names in a ZIP's central directory, when the whole directory is inside `tail` (the
 * last bytes of a file of `size` bytes); null otherwise (not a ZIP, ZIP64, or a larger directory).
 */
export function centralDirectoryNames(tail: Uint8Array, size: number): string[] | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  const END_OF_CENTRAL_DIRECTORY = 0x06054b50
  const CENTRAL_FILE_HEADER = 0x02014b50
  // The end record is 22 bytes plus a comment of up to 65535; search backwards for its signature
  // and accept it only where its comment ends exactly at the end of the file.
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue
    if (at + 22 + view.getUint16(at + 20, true) !== tail.length) continue
    const entries = view.getUint16(at + 10, true)
    const directorySize = view.getUint32(at + 12, true)
    const directoryOffset = view.getUint32(at + 16, true)
    if (directoryOffset === 0xffffffff || directoryOffset + directorySize > size) return null
    let position = directoryOffset - (size - tail.length)
    if (position < 0) return null
    const names: string[] = []
    const decoder = new TextDecoder()
    for (let i = 0; i < entries; i++) {
      if (position + 46 > at || view.getUint32(position, true) !== CENTRAL_FILE_HEADER) return null
      const nameLength = view.getUint16(position + 28, true)
      const extraLength = view.getUint16(position + 30, true)
      const commentLength = view.getUint16(position + 32, true)
      if (position + 46 + nameLength > at) return null
      names.push(decoder.decode(tail.subarray(position + 46, position + 46 + nameLength)))
      position += 46 + nameLength + extraLength + commentLength
    }
    return names
  }
  return null
}
