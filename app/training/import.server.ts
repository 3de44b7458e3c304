import { createHash } from 'node:crypto'
import { pipeline, Transform, type Readable } from 'node:stream'
import { parse, CsvError } from 'csv-parse'
import { stringify } from 'csv-stringify'
import { recordAuditEvent } from '~/audit/audit.server'
import { db } from '~/db/db.server'
import { getStorage, newStorageKey, type DocumentStorage } from '~/documents/storage.server'
import { parseMultipart } from '~/documents/upload.server'
import { sanitizeFileName } from '~/documents/file-names'
import { Prisma } from '~/generated/prisma/client'
import { translate, type Lang, type MessageKey } from '~/i18n/i18n'
import { isoDay } from './dates'
import {
  checkHeader,
  recordKey,
  validateRow,
  type CsvColumn,
  type RowErrorKey,
  type RowProblem,
  type ValidRow,
} from './rows'

// Bulk import of training records from CSV (product.md §7): upload → preview → confirm. The file
// is streamed into document storage on upload and streamed again from there for the preview, the
// error report and the import itself, so memory does not grow with the file: only the set of
// (worker, module, date) keys seen, to flag duplicate rows, grows with the row count. Valid rows
// are written in batches, one transaction each, with INSERT … ON CONFLICT DO NOTHING on the
// record's unique key: importing the same file twice adds nothing the second time.

export const IMPORT_BATCH_ROWS = 5000
/** Errors kept for the preview; the downloadable report has them all. */
export const PREVIEW_ERRORS = 20
/** A preview not confirmed within a day is stale: the data it checked against may have changed. */
export const IMPORT_TTL_MS = 24 * 60 * 60 * 1000
const MAX_RECORD_BYTES = 64 * 1024
const ANALYZE_AFTER_ROWS = 10_000

export type FileErrorKey =
  | 'training.import.errors.noFile'
  | 'training.import.errors.empty'
  | 'training.import.errors.tooLarge'
  | 'training.import.errors.unreadable'
  | 'training.import.errors.notText'
  | 'training.import.errors.malformed'
  | 'training.import.errors.header'
  | 'training.import.errors.noRows'

export type FileError = { key: FileErrorKey; vars?: Record<string, string | number> }

export type LineProblem = RowProblem & { line: number }

export type ScanSummary = { totalRows: number; validRows: number; errorRows: number }

type ScanHandlers = {
  valid?: (row: ValidRow, line: number) => void | Promise<void>
  invalid?: (line: number, problems: RowProblem[]) => void | Promise<void>
}

class FileRejected extends Error {
  constructor(readonly fileError: FileError) {
    super(fileError.key)
  }
}

/**
 * Decode UTF-8 strictly (a byte sequence that is not UTF-8 stops the import with a clear message
 * instead of turning into replacement characters) and refuse NUL characters, which no text file
 * has and every binary one does. TextDecoder drops a leading byte-order mark.
 */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, callback) {
      let text: string
      try {
        text = decoder.decode(chunk, { stream: true })
      } catch {
        return callback(new FileRejected({ key: 'training.import.errors.notText' }))
      }
      if (text.includes('\u0000')) return callback(new FileRejected({ key: 'training.import.errors.notText' }))
      callback(null, text)
    },
    flush(callback) {
      try {
        const rest = decoder.decode()
        callback(null, rest)
      } catch {
        callback(new FileRejected({ key: 'training.import.errors.notText' }))
      }
    },
  })
}

type ParsedRecord = string[]

/**
 * The parser's records in arrays, as many as are buffered at a time: one await per chunk of the
 * file rather than one per record (async iteration of an object stream costs a promise per item).
 */
async function* records(parser: Transform): AsyncGenerator<ParsedRecord[]> {
  let ended = false
  let failure: unknown
  let wake: () => void = () => {}
  parser.on('readable', () => wake())
  parser.once('end', () => {
    ended = true
    wake()
  })
  parser.once('error', (error) => {
    failure = error
    wake()
  })
  for (;;) {
    const batch: ParsedRecord[] = []
    for (let item: unknown = parser.read(); item !== null; item = parser.read()) batch.push(item as ParsedRecord)
    if (batch.length > 0) yield batch
    if (failure) throw failure
    if (ended) return
    if (batch.length === 0) await new Promise<void>((resolve) => (wake = resolve))
  }
}

function newlinesIn(fields: readonly string[]): number {
  let count = 0
  for (const field of fields) {
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1)) count++
  }
  return count
}

/**
 * Read a training CSV from `source` row by row: header check, then every data row validated,
 * duplicates within the file flagged. Line numbers are those a spreadsheet shows (the header is
 * line 1; a quoted field spanning lines counts each). Blank lines are skipped.
 */
export async function scanTrainingCsv(
  source: Readable,
  { moduleCodes, today }: { moduleCodes: ReadonlySet<string>; today: string },
  handlers: ScanHandlers = {},
): Promise<{ ok: true; summary: ScanSummary } | { ok: false; error: FileError }> {
  const parser = parse({ relax_column_count: true, max_record_size: MAX_RECORD_BYTES })
  const decoder = strictUtf8()
  let streamError: unknown
  pipeline(source, decoder, parser, (error) => {
    if (error) streamError = error
  })
  const summary: ScanSummary = { totalRows: 0, validRows: 0, errorRows: 0 }
  const seen = new Map<string, number>()
  let index: Parameters<typeof validateRow>[1]['index'] | undefined
  let previousEnd = 0
  let sawAnything = false
  try {
    for await (const chunk of records(parser)) {
      for (const item of chunk) {
        // Line numbers counted here rather than with csv-parse's `info` option, which costs more
        // than the parsing: a record starts on the line after the previous one ended (blank lines
        // come through as records too) and spans one more line per newline inside its quoted fields.
        const fields = item
        const line = previousEnd + 1
        previousEnd = line + newlinesIn(fields)
        sawAnything = true
        if (fields.length === 1 && (fields[0] ?? '').trim() === '') continue
        if (!index) {
          const header = checkHeader(fields)
          if (!header.ok) {
            return {
              ok: false,
              error: {
                key: 'training.import.errors.header',
                vars: {
                  missing: header.missing.join(', ') || '—',
                  unknown:
                    header.unknown.map((u) => (u.suggestion ? `${u.name} (→ ${u.suggestion})` : u.name)).join(', ') ||
                    '—',
                  duplicated: header.duplicated.join(', ') || '—',
                },
              },
            }
          }
          index = header.index
          continue
        }
        summary.totalRows++
        const result = validateRow(fields, { index, moduleCodes, today })
        let problems: RowProblem[] | undefined
        if (result.ok) {
          const key = recordKey(result.row)
          const first = seen.get(key)
          if (first !== undefined) problems = [{ column: null, key: 'training.row.duplicate', vars: { line: first } }]
          else seen.set(key, line)
        } else {
          problems = result.problems
        }
        // Awaited only when a handler returns a promise (a batch being written): a promise per row
        // would cost more than the parsing.
        let pending: void | Promise<void> = undefined
        if (problems) {
          summary.errorRows++
          pending = handlers.invalid?.(line, problems)
        } else if (result.ok) {
          summary.validRows++
          pending = handlers.valid?.(result.row, line)
        }
        if (pending) await pending
      }
    }
  } catch (error) {
    const cause = streamError ?? error
    if (cause instanceof FileRejected) return { ok: false, error: cause.fileError }
    if (error instanceof FileRejected) return { ok: false, error: error.fileError }
    if (cause instanceof CsvError || error instanceof CsvError) {
      const csvError = cause instanceof CsvError ? cause : (error as CsvError)
      const lines = 'lines' in csvError && typeof csvError.lines === 'number' ? csvError.lines : previousEnd + 1
      return { ok: false, error: { key: 'training.import.errors.malformed', vars: { line: lines } } }
    }
    throw cause
  } finally {
    source.destroy()
  }
  if (streamError instanceof FileRejected) return { ok: false, error: streamError.fileError }
  if (!sawAnything) return { ok: false, error: { key: 'training.import.errors.empty' } }
  if (!index) return { ok: false, error: { key: 'training.import.errors.noRows' } }
  if (summary.totalRows === 0) return { ok: false, error: { key: 'training.import.errors.noRows' } }
  return { ok: true, summary }
}

// ───────────────────────────── Upload ─────────────────────────────

export type ReceivedCsv = { storageKey: string; sizeBytes: number; sha256: string; originalFileName: string }

export type ReceiveCsvResult =
  { ok: true; file: ReceivedCsv; fields: Record<string, string> } | { ok: false; status: 400 | 413; error: FileError }

const MULTIPART_ALLOWANCE = 64 * 1024

class TooLarge extends Error {}

/** Receive a multipart upload with one CSV file (`file`), streamed into storage with a size limit. */
export async function receiveTrainingCsv(
  request: Request,
  { maxBytes, storage = getStorage() }: { maxBytes: number; storage?: DocumentStorage },
): Promise<ReceiveCsvResult> {
  const limit = Math.round((maxBytes / (1024 * 1024)) * 10) / 10
  const tooLarge = {
    ok: false as const,
    status: 413 as const,
    error: { key: 'training.import.errors.tooLarge' as const, vars: { limit } },
  }
  const unreadable = {
    ok: false as const,
    status: 400 as const,
    error: { key: 'training.import.errors.unreadable' as const },
  }
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return unreadable
  // A declared oversize body is refused before a byte of it is read.
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_ALLOWANCE) return tooLarge
  if (!request.body) return unreadable

  const fields: Record<string, string> = {}
  let received: ReceivedCsv | undefined
  // The browser's "no file chosen": a file part with an empty name and no content.
  let unnamed = false
  let storing: Promise<unknown> | undefined
  const written: string[] = []
  const discard = () => Promise.all(written.map((key) => storage.delete(key).catch(() => undefined)))
  try {
    await parseMultipart(request.body, contentType, {
      onField(name, value, truncated) {
        if (!name || truncated || name === '__proto__' || Object.keys(fields).length > 10) throw new Error('unreadable')
        if (name !== 'file') fields[name] = value
      },
      onFile(name, fileName, data) {
        if (name !== 'file' || storing) throw new Error('unreadable')
        unnamed = !fileName
        const storageKey = newStorageKey()
        written.push(storageKey)
        const hash = createHash('sha256')
        let size = 0
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            size += chunk.length
            if (size > maxBytes) return callback(new TooLarge('too large'))
            hash.update(chunk)
            callback(null, chunk)
          },
        })
        let failure: unknown
        pipeline(data, counter, (error) => {
          if (error) failure ??= error
        })
        const put = storage.put(storageKey, counter).then(
          () => {
            received = {
              storageKey,
              sizeBytes: size,
              sha256: hash.digest('hex'),
              originalFileName: sanitizeFileName(fileName ?? '', 'training-records.csv'),
            }
          },
          (error: unknown) => {
            throw failure ?? error
          },
        )
        storing = put
        return put
      },
    })
  } catch (error) {
    await storing?.catch(() => undefined)
    await discard()
    return error instanceof TooLarge ? tooLarge : unreadable
  }
  if (!received || (received.sizeBytes === 0 && unnamed)) {
    await discard()
    return { ok: false, status: 400, error: { key: 'training.import.errors.noFile' } }
  }
  if (received.sizeBytes === 0) {
    await discard()
    return { ok: false, status: 400, error: { key: 'training.import.errors.empty' } }
  }
  return { ok: true, file: received, fields }
}

// ───────────────────────────── Preview, confirm, report ─────────────────────────────

async function catalogCodes(): Promise<Set<string>> {
  const modules = await db().trainingModule.findMany({ where: { active: true }, select: { code: true } })
  return new Set(modules.map((m) => m.code))
}

export type StoredProblem = {
  line: number
  column: CsvColumn | null
  key: RowErrorKey
  vars?: Record<string, string | number>
}

/** Check an uploaded file and keep it for confirmation; a file that cannot be read at all is deleted. */
export async function previewTrainingImport({
  organizationId,
  uploadedById,
  file,
  now = new Date(),
  storage = getStorage(),
}: {
  organizationId: string
  uploadedById: string
  file: ReceivedCsv
  now?: Date
  storage?: DocumentStorage
}): Promise<{ ok: true; importId: string } | { ok: false; error: FileError }> {
  const firstErrors: StoredProblem[] = []
  const scanned = await scanTrainingCsv(
    await storage.get(file.storageKey),
    { moduleCodes: await catalogCodes(), today: isoDay(now) },
    {
      invalid(line, problems) {
        for (const problem of problems) if (firstErrors.length < PREVIEW_ERRORS) firstErrors.push({ line, ...problem })
      },
    },
  )
  if (!scanned.ok) {
    await storage.delete(file.storageKey).catch(() => undefined)
    return scanned
  }
  const row = await db().trainingImport.create({
    data: {
      organizationId,
      uploadedById,
      storageKey: file.storageKey,
      originalFileName: file.originalFileName,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      totalRows: scanned.summary.totalRows,
      validRows: scanned.summary.validRows,
      errorRows: scanned.summary.errorRows,
      firstErrors,
    },
    select: { id: true },
  })
  return { ok: true, importId: row.id }
}

export type ImportView = {
  id: string
  originalFileName: string
  sizeBytes: number
  status: 'previewed' | 'imported' | 'discarded'
  totalRows: number
  validRows: number
  errorRows: number
  importedRows: number | null
  firstErrors: StoredProblem[]
  createdAt: Date
  stale: boolean
}

/** An import of this organization (another organization's id is the same as none). */
export async function getTrainingImport(
  organizationId: string,
  importId: string,
  now = new Date(),
): Promise<ImportView | null> {
  const row = await db().trainingImport.findFirst({
    where: { id: importId, organizationId },
    select: {
      id: true,
      originalFileName: true,
      sizeBytes: true,
      status: true,
      totalRows: true,
      validRows: true,
      errorRows: true,
      importedRows: true,
      firstErrors: true,
      createdAt: true,
    },
  })
  if (!row) return null
  const firstErrors = Array.isArray(row.firstErrors) ? (row.firstErrors as StoredProblem[]) : []
  return { ...row, firstErrors, stale: now.getTime() - row.createdAt.getTime() > IMPORT_TTL_MS }
}

export type ConfirmResult =
  | { ok: true; added: number; validRows: number; errorRows: number }
  | {
      ok: false
      error: 'training.import.errors.stale' | 'training.import.errors.alreadyDone' | FileErrorKey
      vars?: Record<string, string | number>
    }

type PendingBatch = {
  refs: string[]
  names: Array<string | null>
  codes: string[]
  dates: string[]
  languages: string[]
  deliveredBy: string[]
  hours: Array<string | null>
}

const emptyBatch = (): PendingBatch => ({
  refs: [],
  names: [],
  codes: [],
  dates: [],
  languages: [],
  deliveredBy: [],
  hours: [],
})

/**
 * Import the valid rows of a previewed file: the file is read and checked again (the catalog may
 * have changed since the preview), each batch of valid rows written in its own transaction.
 */
export async function confirmTrainingImport({
  organizationId,
  importId,
  actorUserId,
  now = new Date(),
  storage = getStorage(),
  batchRows = IMPORT_BATCH_ROWS,
}: {
  organizationId: string
  importId: string
  actorUserId: string
  now?: Date
  storage?: DocumentStorage
  batchRows?: number
}): Promise<ConfirmResult | null> {
  const existing = await getTrainingImport(organizationId, importId, now)
  if (!existing) return null
  if (existing.status !== 'previewed') return { ok: false, error: 'training.import.errors.alreadyDone' }
  if (existing.stale) return { ok: false, error: 'training.import.errors.stale' }
  // Claim it: two confirmations at once import once.
  const claimed = await db().trainingImport.updateMany({
    where: { id: importId, organizationId, status: 'previewed' },
    data: { status: 'imported', confirmedAt: now },
  })
  if (claimed.count !== 1) return { ok: false, error: 'training.import.errors.alreadyDone' }
  const { storageKey } = await db().trainingImport.findUniqueOrThrow({
    where: { id: importId },
    select: { storageKey: true },
  })

  let added = 0
  let batchNumber = 0
  let batch = emptyBatch()
  // One batch is written while the next is parsed (the database and the parser each get a core);
  // never more than one, so memory stays at two batches.
  let writing: Promise<void> | undefined
  let writeError: unknown
  const flush = async () => {
    if (batch.refs.length === 0) return
    const rows = batch
    batch = emptyBatch()
    batchNumber++
    const number = batchNumber
    await writing
    if (writeError) throw writeError
    writing = writeBatch({ organizationId, actorUserId, importId, batchNumber: number, rows }).then(
      (inserted) => {
        added += inserted
      },
      (error: unknown) => {
        writeError = error
      },
    )
  }
  try {
    const scanned = await scanTrainingCsv(
      await storage.get(storageKey),
      { moduleCodes: await catalogCodes(), today: isoDay(now) },
      {
        valid(row) {
          batch.refs.push(row.workerRef)
          batch.names.push(row.workerName)
          batch.codes.push(row.moduleCode)
          batch.dates.push(row.completedOn)
          batch.languages.push(row.language)
          batch.deliveredBy.push(row.deliveredBy)
          batch.hours.push(row.hours)
          if (batch.refs.length >= batchRows) return flush()
        },
      },
    )
    if (!scanned.ok) throw new FileRejected(scanned.error)
    await flush()
    await writing
    if (writeError) throw writeError
    // A large import changes the tables' statistics enough for the planner to choose badly
    // (coverage, record lists) until autovacuum gets to them: refresh them now.
    if (added >= ANALYZE_AFTER_ROWS) await db().$executeRaw`ANALYZE "Worker", "TrainingRecord"`
    await db().$transaction(async (tx) => {
      await tx.trainingImport.update({
        where: { id: importId },
        data: {
          importedRows: added,
          validRows: scanned.summary.validRows,
          errorRows: scanned.summary.errorRows,
          totalRows: scanned.summary.totalRows,
        },
      })
      await recordAuditEvent(tx, {
        action: 'training.import_confirmed',
        actorUserId,
        organizationId,
        targetType: 'TrainingImport',
        targetId: importId,
        data: {
          added,
          validRows: scanned.summary.validRows,
          errorRows: scanned.summary.errorRows,
          batches: batchNumber,
        },
      })
    })
    return { ok: true, added, validRows: scanned.summary.validRows, errorRows: scanned.summary.errorRows }
  } catch (error) {
    await writing
    // Batches already written stay (a second confirmation adds only what is missing).
    await db().trainingImport.update({
      where: { id: importId },
      data: { status: 'previewed', confirmedAt: null, importedRows: null },
    })
    if (error instanceof FileRejected) return { ok: false, error: error.fileError.key, vars: error.fileError.vars }
    throw error
  }
}

/**
 * One batch in one transaction: new workers added by reference (an existing worker keeps its
 * name), then the records, skipping any already recorded for the same worker, module and day.
 * Arrays go in as one parameter per column (unnest), so a batch is two statements whatever its size.
 */
async function writeBatch({
  organizationId,
  actorUserId,
  importId,
  batchNumber,
  rows,
}: {
  organizationId: string
  actorUserId: string
  importId: string
  batchNumber: number
  rows: PendingBatch
}): Promise<number> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`
      INSERT INTO "Worker" ("id", "organizationId", "workerRef", "displayName", "preferredLanguage", "active", "createdAt", "updatedAt")
      SELECT DISTINCT ON (t.ref) gen_random_uuid()::text, ${organizationId}, t.ref, t.name, t.language, true, now(), now()
      FROM unnest(${rows.refs}::text[], ${rows.names}::text[], ${rows.languages}::text[]) AS t(ref, name, language)
      ORDER BY t.ref, t.name NULLS LAST
      ON CONFLICT ("organizationId", "workerRef") DO NOTHING`
      const inserted = await tx.$executeRaw`
      INSERT INTO "TrainingRecord" ("id", "workerId", "moduleId", "completedOn", "language", "deliveredBy", "hours", "expiresOn", "createdById", "createdAt")
      SELECT gen_random_uuid()::text, w."id", m."id", t.completed_on, t.language, t.delivered_by, t.hours,
             (t.completed_on + make_interval(months => m."validityMonths"))::date, ${actorUserId}, now()
      FROM unnest(${rows.refs}::text[], ${rows.codes}::text[], ${rows.dates}::date[], ${rows.languages}::text[], ${rows.deliveredBy}::text[], ${rows.hours}::numeric[])
           AS t(ref, code, completed_on, language, delivered_by, hours)
      JOIN "Worker" w ON w."organizationId" = ${organizationId} AND w."workerRef" = t.ref
      JOIN "TrainingModule" m ON m."code" = t.code
      ON CONFLICT ("workerId", "moduleId", "completedOn") DO NOTHING`
      await recordAuditEvent(tx, {
        action: 'training.records_imported',
        actorUserId,
        organizationId,
        targetType: 'TrainingImport',
        targetId: importId,
        data: { batch: batchNumber, rows: rows.refs.length, added: inserted },
      })
      return inserted
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeout: 120_000, maxWait: 30_000 },
  )
}

/** Throw away a preview: the stored file is deleted, the row kept (with its counts) as history. */
export async function discardTrainingImport({
  organizationId,
  importId,
  storage = getStorage(),
}: {
  organizationId: string
  importId: string
  storage?: DocumentStorage
}) {
  const row = await db().trainingImport.findFirst({
    where: { id: importId, organizationId, status: 'previewed' },
    select: { storageKey: true },
  })
  if (!row) return false
  await db().trainingImport.update({ where: { id: importId }, data: { status: 'discarded' } })
  await storage.delete(row.storageKey).catch(() => undefined)
  return true
}

/**
 * The error report: one line per problem (line, column, message in the reader's language), streamed
 * from the stored file. Null when the import is not this organization's or its file is gone.
 */
export async function trainingImportErrorReport({
  organizationId,
  importId,
  lang,
  now = new Date(),
  storage = getStorage(),
}: {
  organizationId: string
  importId: string
  lang: Lang
  now?: Date
  storage?: DocumentStorage
}): Promise<Readable | null> {
  const row = await db().trainingImport.findFirst({
    where: { id: importId, organizationId, status: { not: 'discarded' } },
    select: { storageKey: true, createdAt: true },
  })
  if (!row) return null
  let source: Readable
  try {
    source = await storage.get(row.storageKey)
  } catch {
    return null
  }
  const output = stringify({ header: true, columns: ['line', 'column', 'error'], bom: true })
  const moduleCodes = await catalogCodes()
  void scanTrainingCsv(
    source,
    { moduleCodes, today: isoDay(row.createdAt > now ? row.createdAt : now) },
    {
      async invalid(line, problems) {
        for (const problem of problems) {
          const message = translate(lang, problem.key as MessageKey, problem.vars)
          if (!output.write([line, problem.column ?? '', message]))
            await new Promise((resolve) => output.once('drain', resolve))
        }
      },
    },
  ).then(
    (result) => {
      if (!result.ok) output.write([0, '', translate(lang, result.error.key as MessageKey, result.error.vars)])
      output.end()
    },
    (error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))),
  )
  return output
}
