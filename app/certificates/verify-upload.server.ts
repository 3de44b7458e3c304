// Receiving a certificate file to check (product.md §6 "upload a PDF to check it"), for the
// /verify/pdf page and POST /api/v1/verify. Nothing is stored: the file streams from the request
// (busboy, through the same multipart reader as document uploads) into memory, and reading stops
// at the first byte over the limit. Other text fields are ignored; a second file is refused.
import { hitRateLimit, type RateLimitPolicy, type RateLimitResult } from '~/auth/rate-limit.server'
import { db } from '~/db/db.server'
import { sanitizeFileName } from '~/documents/file-names'
import { MULTIPART_ALLOWANCE, parseMultipart } from '~/documents/upload.server'
import { MAX_VERIFY_PDF_BYTES } from './verify-pdf.server'

/**
 * Checks per client address: an agency officer checking a pile of vendor files fits easily; a
 * script hashing the server's CPU with large uploads does not. Page and API share the counter.
 */
export const VERIFY_PDF_RATE_LIMIT: RateLimitPolicy = { limit: 60, windowMs: 15 * 60_000 }

export function hitVerifyPdfRateLimit(ip: string, now: Date = new Date()): Promise<RateLimitResult> {
  return hitRateLimit(db(), { key: `verify-pdf:ip:${ip}`, ...VERIFY_PDF_RATE_LIMIT, now })
}

/** Other fields are ignored, up to this many: a form or a client sends a handful at most. */
const MAX_OTHER_PARTS = 50

export type ReceivedPdf = { ok: true; bytes: Buffer; fileName: string }
export type PdfUploadFailure = {
  ok: false
  status: 400 | 413
  /** not_multipart: not a multipart/form-data request; no_file: no file in the field; unreadable: a malformed body. */
  reason: 'not_multipart' | 'no_file' | 'too_large' | 'unreadable'
}

class Refused extends Error {
  override name = 'Refused'
  constructor(readonly reason: PdfUploadFailure['reason']) {
    super(`Upload refused: ${reason}`)
  }
}

/** Reads the one file sent in `fileField` into memory, refusing anything over `maxBytes`. */
export async function receivePdfForVerification(
  request: Request,
  { maxBytes = MAX_VERIFY_PDF_BYTES, fileField = 'file' }: { maxBytes?: number; fileField?: string } = {},
): Promise<ReceivedPdf | PdfUploadFailure> {
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType) || !request.body)
    return { ok: false, status: 400, reason: 'not_multipart' }
  // A declared oversize body is refused before reading a byte of it; a chunked one is counted below.
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_ALLOWANCE)
    return { ok: false, status: 413, reason: 'too_large' }

  let file: { bytes: Buffer; fileName: string } | undefined
  let fileSeen = false
  let otherParts = 0
  // Bytes of other file parts, read and dropped: they count against the same limit.
  let otherBytes = 0
  const anotherPart = () => {
    if (++otherParts > MAX_OTHER_PARTS) throw new Refused('unreadable')
  }
  try {
    await parseMultipart(request.body, contentType, {
      onField(name) {
        // The file input sent with no file chosen (an empty file name) arrives as a plain field.
        if (name === fileField) {
          if (fileSeen) throw new Refused('unreadable')
          fileSeen = true
          return
        }
        anotherPart()
      },
      async onFile(name, fileName, data) {
        if (name !== fileField) {
          anotherPart()
          for await (const chunk of data as AsyncIterable<Buffer>) {
            otherBytes += chunk.length
            if (otherBytes > maxBytes) throw new Refused('too_large')
          }
          return
        }
        if (fileSeen) throw new Refused('unreadable')
        fileSeen = true
        const chunks: Buffer[] = []
        let size = 0
        for await (const chunk of data as AsyncIterable<Buffer>) {
          size += chunk.length
          if (size > maxBytes) throw new Refused('too_large')
          chunks.push(chunk)
        }
        file = { bytes: Buffer.concat(chunks, size), fileName: fileName ?? '' }
      },
    })
  } catch (error) {
    if (error instanceof Refused)
      return { ok: false, status: error.reason === 'too_large' ? 413 : 400, reason: error.reason }
    // A malformed body or a client that went away: the client's problem, not a server error.
    return { ok: false, status: 400, reason: 'unreadable' }
  }
  // A browser sends an unchosen file input as an empty part with an empty name.
  if (!file || (file.bytes.length === 0 && file.fileName === '')) return { ok: false, status: 400, reason: 'no_file' }
  return { ok: true, bytes: file.bytes, fileName: sanitizeFileName(file.fileName, 'certificate.pdf') }
}
