import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { once } from 'node:events'
import { pipeline, Transform, type Readable } from 'node:stream'
import busboy from 'busboy'
import { sanitizeFileName } from './file-names'
import type { documentMessages } from './messages'
import { MEDIA_TYPES, type DocumentMediaType } from './schemas'
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES, signatureOf, sniffContent, type SniffFailure } from './sniff'
import { getStorage, newStorageKey, type DocumentStorage } from './storage.server'

// Receiving an uploaded document (product.md §10: "uploads checked by content (not by name), stored
// outside the web root under random keys"). The file streams from the request through a SHA-256 hash
// and a byte counter straight into storage; only its first 64 KiB and last 16 KiB stay in memory, for
// the content check, so memory does not grow with the file. Whatever goes wrong (too large, wrong
// type, encrypted, corrupt, empty, unreadable request), the stored object is deleted before answering.

/** Room for the multipart envelope (boundaries, part headers) and the small text fields. */
export const MULTIPART_ALLOWANCE = 64 * 1024
const MAX_TEXT_FIELD_BYTES = 4 * 1024
const MAX_TEXT_FIELDS = 50
const MIB = 1024 * 1024

export type UploadErrorKey = Extract<keyof typeof documentMessages.en, `documents.errors.${string}`>

export type ReceivedFile = {
  storageKey: string
  /** Hex SHA-256 of the bytes stored. */
  sha256: string
  sizeBytes: number
  mediaType: DocumentMediaType
  /** Cleaned display name (sanitizeFileName); metadata only. */
  originalFileName: string
}

export type UploadFailure = {
  ok: false
  status: 400 | 413 | 415
  error: UploadErrorKey
  /** Values for the message's placeholders ({limit}: the size limit in MB). */
  errorVars: { limit: number }
  /** The text fields read before the failure (to refill the form). */
  fields: Record<string, string>
}

export type UploadResult = { ok: true; file: ReceivedFile; fields: Record<string, string> } | UploadFailure

/** Timings of one upload, for the benchmark (bench/upload.bench.ts). */
export type UploadMeasurements = {
  bytes: number
  /** Time spent inside hash.update: the hashing cost alone. */
  hashMs: number
  /** From the file's first byte to the object being stored (network, parsing, hashing, disk). */
  receiveMs: number
}

export type ReceiveOptions = {
  /** Largest file accepted, in bytes. */
  maxBytes: number
  /** Types accepted; a function of the text fields when it depends on them (the document kind). */
  allowedTypes: readonly DocumentMediaType[] | ((fields: Record<string, string>) => readonly DocumentMediaType[])
  storage?: DocumentStorage
  /** Name of the file input. */
  fileField?: string
  onMeasured?: (measurements: UploadMeasurements) => void
}

/** An answer decided while the request streams in; thrown to stop reading it. */
class UploadRejected extends Error {
  override name = 'UploadRejected'
  constructor(
    readonly status: 400 | 413 | 415,
    readonly reason: 'too_large' | 'unsupported_type' | 'unreadable',
  ) {
    super(`Upload rejected: ${reason}`)
  }
}

type StoredFile = {
  storageKey: string
  fileName: string
  sha256: string
  size: number
  head: Uint8Array
  tail: Uint8Array
}

/** Receive a multipart upload with one file field (`file`) and small text fields. */
export async function receiveDocumentUpload(request: Request, options: ReceiveOptions): Promise<UploadResult> {
  const { maxBytes, fileField = 'file' } = options
  const storage = options.storage ?? getStorage()
  const fields: Record<string, string> = {}
  const limit = Math.round((maxBytes / MIB) * 10) / 10
  const allowedFor = () => (typeof options.allowedTypes === 'function' ? options.allowedTypes(fields) : options.allowedTypes)
  const failure = (status: UploadFailure['status'], error: UploadErrorKey): UploadFailure => ({
    ok: false,
    status,
    error,
    errorVars: { limit },
    fields,
  })
  const wrongType = () =>
    failure(415, allowedFor().includes(MEDIA_TYPES.png) ? 'documents.errors.typeNotAllowedEvidence' : 'documents.errors.typeNotAllowed')

  if (!/^multipart\/form-data\s*;/i.test(request.headers.get('Content-Type') ?? '')) {
    return failure(400, 'documents.errors.unreadable')
  }
  // Refuse a declared oversize body before reading a byte of it. Chunked requests declare nothing:
  // the byte counter below stops those.
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_ALLOWANCE) {
    return failure(413, 'documents.errors.tooLarge')
  }

  const body = request.body
  if (!body) return failure(400, 'documents.errors.unreadable')

  let stored: StoredFile | undefined
  // The file input arrived as a plain field: sent with an empty file name (no file chosen).
  let emptyFilePart = false
  // Every key written during this request, so every failure path can remove what it left behind.
  const written: string[] = []
  const discard = () => Promise.all(written.map((key) => storage.delete(key).catch(() => undefined)))
  // The file being stored, awaited before any discard: its rename must not land after the delete.
  let storing: Promise<unknown> | undefined
  const fileSeen = () => stored !== undefined || storing !== undefined || emptyFilePart

  const onField = (name: string | undefined, value: string, truncated: boolean) => {
    // A bounded number of plain names: no "__proto__" games with the fields object.
    if (!name || Object.keys(fields).length >= MAX_TEXT_FIELDS || name === '__proto__') throw new UploadRejected(400, 'unreadable')
    // A field longer than any our forms send is refused.
    if (truncated) throw new UploadRejected(400, 'unreadable')
    fields[name] = value
  }

  try {
    await parseMultipart(body, request.headers.get('Content-Type') ?? '', {
      onField(name, value, truncated) {
        // busboy reports a part sent with `filename=""` and a text type as a field: for the file
        // input, that is the browser's "no file chosen".
        if (name === fileField) {
          if (fileSeen()) throw new UploadRejected(400, 'unreadable')
          emptyFilePart = true
          return
        }
        onField(name, value, truncated)
      },
      onFile(name, fileName, data) {
        // An application/octet-stream part without a file name: a text field like any other
        // (unless it is the file input: a file without a name).
        if (fileName === undefined && name !== fileField) {
          return readTextField(data).then((value) => onField(name, value, false))
        }
        // One file, in the expected field: anything else is not what our form sends.
        if (name !== fileField || fileSeen()) throw new UploadRejected(400, 'unreadable')
        const storageKey = newStorageKey()
        written.push(storageKey)
        const put = streamToStorage(data, { storage, storageKey, maxBytes, fileName: fileName ?? '', onMeasured: options.onMeasured })
        storing = put
        return put.then((file) => {
          stored = file
        })
      },
    })
  } catch (error) {
    await storing?.catch(() => undefined)
    await discard()
    if (error instanceof UploadRejected) {
      if (error.reason === 'too_large') return failure(413, 'documents.errors.tooLarge')
      if (error.reason === 'unsupported_type') return wrongType()
      return failure(400, 'documents.errors.unreadable')
    }
    if (error instanceof StorageFailure) throw error.cause
    // Anything else came from reading the request (malformed multipart, client gone): the client's
    // problem, answered with a 4xx rather than a 500 (product.md §10 "Clear errors").
    return failure(400, 'documents.errors.unreadable')
  }

  try {
    if (!stored || (stored.size === 0 && stored.fileName === '')) {
      await discard()
      return failure(400, 'documents.errors.noFile')
    }
    const sniffed = await sniffContent({ head: stored.head, tail: stored.tail, size: stored.size })
    if (!sniffed.ok) {
      await discard()
      return sniffed.reason === 'unsupported_type' ? wrongType() : failure(400, SNIFF_ERRORS[sniffed.reason])
    }
    if (!allowedFor().includes(sniffed.mediaType)) {
      await discard()
      return wrongType()
    }
    return {
      ok: true,
      fields,
      file: {
        storageKey: stored.storageKey,
        sha256: stored.sha256,
        sizeBytes: stored.size,
        mediaType: sniffed.mediaType,
        originalFileName: sanitizeFileName(stored.fileName, `document${DEFAULT_EXTENSIONS[sniffed.mediaType]}`),
      },
    }
  } catch (error) {
    await discard()
    throw error
  }
}

/** Delete a received file whose database row will not be written (validation failed, or the write did). */
export async function discardReceivedFile(file: Pick<ReceivedFile, 'storageKey'>, storage: DocumentStorage = getStorage()) {
  await storage.delete(file.storageKey)
}

const SNIFF_ERRORS: Record<Exclude<SniffFailure, 'unsupported_type'>, UploadErrorKey> = {
  empty: 'documents.errors.empty',
  encrypted_pdf: 'documents.errors.encryptedPdf',
  corrupt_pdf: 'documents.errors.corruptPdf',
}

const DEFAULT_EXTENSIONS: Record<DocumentMediaType, string> = {
  [MEDIA_TYPES.pdf]: '.pdf',
  [MEDIA_TYPES.docx]: '.docx',
  [MEDIA_TYPES.png]: '.png',
  [MEDIA_TYPES.jpeg]: '.jpg',
}

/** The storage itself failed (disk full, bucket unreachable): a server error, not the client's. */
class StorageFailure extends Error {
  override name = 'StorageFailure'
  constructor(cause: unknown) {
    super('Storing the upload failed', { cause })
  }
}

type MultipartHandlers = {
  /** A text field; `truncated` when it was longer than MAX_TEXT_FIELD_BYTES. Throw to refuse it. */
  onField(name: string | undefined, value: string, truncated: boolean): void
  /**
   * A file part (`fileName` already reduced to its last path segment, as RFC 7578 §4.2 asks; undefined
   * when the part had none). `data` must be read to the end for parsing to go on. Throw or reject to
   * stop everything.
   */
  onFile(name: string | undefined, fileName: string | undefined, data: Readable): Promise<void>
}

/**
 * Parse a multipart/form-data body with busboy, part by part, resolving when the whole body has been
 * read and every file handler has finished. busboy hands out file data as slices of the request's own
 * chunks (no copies) and waits for each slice to be consumed before it accepts more of the body, so
 * memory stays at a few stream buffers whatever the file size.
 *
 * On the first error (a handler refusing, a malformed body, the client going away) it rejects at once
 * and stops reading: the request stream is neither drained nor cancelled (that would tear down the
 * connection before the answer is sent), only released.
 */
export function parseMultipart(body: ReadableStream<Uint8Array>, contentType: string, handlers: MultipartHandlers): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stopped = false
    let wake = () => {}
    const woken = new Promise<void>((resolveWake) => (wake = resolveWake))
    let parser: busboy.Busboy
    const fileHandlers: Array<Promise<void>> = []

    const stop = (error: unknown) => {
      if (stopped) return
      stopped = true
      wake()
      reject(error)
      // Ends an unfinished file stream too (with an error), so its handler settles.
      parser.destroy()
    }

    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        // The names as sent, in UTF-8 (undici and browsers send them raw); the path is dropped below.
        defParamCharset: 'utf8',
        preservePath: true,
        // One byte more than allowed, so a value of exactly the limit is not reported as truncated.
        limits: { fieldSize: MAX_TEXT_FIELD_BYTES + 1 },
      })
    } catch (error) {
      // No boundary, or not multipart at all.
      reject(error)
      return
    }

    parser.on('field', (name, value, info) => {
      if (stopped) return
      try {
        handlers.onField(name, value, info.valueTruncated)
      } catch (error) {
        stop(error)
      }
    })
    parser.on('file', (name, data, info) => {
      // A file stream refused here is destroyed with the parser, with an error nobody else listens to.
      data.on('error', () => {})
      if (stopped) return
      const fileName = info.filename === undefined ? undefined : (info.filename.split(/[/\\]/).pop() ?? '')
      try {
        fileHandlers.push(handlers.onFile(name, fileName, data).catch(stop))
      } catch (error) {
        stop(error)
      }
    })
    parser.on('error', stop)
    parser.on('finish', () => {
      // Every file stream has ended by now; the handlers may still be finishing (flush, rename).
      void Promise.all(fileHandlers).then(() => {
        if (!stopped) resolve()
      })
    })

    void (async () => {
      const reader = body.getReader()
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (stopped) return
          if (done) {
            parser.end()
            return
          }
          // Backpressure: busboy holds a write until the file stream's consumer has taken the data.
          if (!parser.write(value)) await Promise.race([once(parser, 'drain'), woken])
          if (stopped) return
        }
      } finally {
        reader.releaseLock()
      }
    })().catch(stop)
  })
}

async function streamToStorage(
  data: Readable,
  {
    storage,
    storageKey,
    maxBytes,
    fileName,
    onMeasured,
  }: { storage: DocumentStorage; storageKey: string; maxBytes: number; fileName: string; onMeasured?: (m: UploadMeasurements) => void },
): Promise<StoredFile> {
  const hash = createHash('sha256')
  const head = Buffer.alloc(SNIFF_HEAD_BYTES)
  let headLength = 0
  let headChecked = false
  // The last chunks, just enough of them to cover SNIFF_TAIL_BYTES: kept by reference (slices of
  // the request's chunks, which nothing writes to again), joined once at the end.
  const tailChunks: Buffer[] = []
  let tailLength = 0
  let size = 0
  let hashMs = 0
  // Why the stream stopped, recorded here rather than read back from storage.put's rejection,
  // which a storage driver may wrap.
  let rejection: UploadRejected | undefined
  let readError: unknown
  const started = performance.now()

  // Passes each chunk on untouched (no copy) after looking at it; the storage's write stream pulls
  // from it, so a slow disk or bucket holds the request back instead of filling memory.
  const observer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size > maxBytes) return callback((rejection = new UploadRejected(413, 'too_large')))
      const hashStart = performance.now()
      hash.update(chunk)
      hashMs += performance.now() - hashStart
      if (headLength < SNIFF_HEAD_BYTES) {
        const take = Math.min(chunk.length, SNIFF_HEAD_BYTES - headLength)
        head.set(chunk.subarray(0, take), headLength)
        headLength += take
      }
      tailChunks.push(chunk)
      tailLength += chunk.length
      for (let oldest = tailChunks[0]; oldest && tailLength - oldest.length >= SNIFF_TAIL_BYTES; oldest = tailChunks[0]) {
        tailChunks.shift()
        tailLength -= oldest.length
      }
      // Not a PDF, Word file or image at all: stop now instead of storing megabytes to discard.
      if (!headChecked && headLength === SNIFF_HEAD_BYTES) {
        headChecked = true
        if (signatureOf(head) === null) return callback((rejection = new UploadRejected(415, 'unsupported_type')))
      }
      callback(null, chunk)
    },
  })
  // The request stream failed (malformed body, client went away) before anything else did. Not an
  // error passed back to it by pipeline() after the storage or the observer failed.
  let observerFailed = false
  observer.once('error', () => (observerFailed = true))
  data.once('error', (error) => {
    if (!observerFailed) readError ??= error
  })
  pipeline(data, observer, () => {})

  try {
    await storage.put(storageKey, observer)
  } catch (error) {
    if (rejection) throw rejection
    // Rethrown as is, a 400 above.
    if (readError !== undefined) throw readError
    throw new StorageFailure(error)
  }
  onMeasured?.({ bytes: size, hashMs, receiveMs: performance.now() - started })
  return {
    storageKey,
    fileName,
    sha256: hash.digest('hex'),
    size,
    head: head.subarray(0, headLength),
    tail: Buffer.concat(tailChunks).subarray(-SNIFF_TAIL_BYTES),
  }
}

/** A small text field, as UTF-8; a field longer than any our forms send is refused. */
async function readTextField(data: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = []
  let length = 0
  for await (const chunk of data) {
    length += chunk.length
    if (length > MAX_TEXT_FIELD_BYTES) throw new UploadRejected(400, 'unreadable')
    chunks.push(chunk)
  }
  return new TextDecoder().decode(Buffer.concat(chunks))
}
