import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createMember, createOrganization, type CreatedMember, type CreatedOrganization } from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import { LocalDiskStorage } from '~/documents/storage.server'
import { action as importAction, loader as importLoader } from '~/routes/org.training.import'
import { loader as reportLoader } from '~/routes/org.training.import.errors'
import { syncTrainingCatalog } from '~/training/catalog.server'
import { confirmTrainingImport } from '~/training/import.server'
import { APP_URL, callRoute, formRequest, getRequest, sessionCookieFor, uniqueIp, type RouteResult } from '#tests/support/routes'

// The CSV import of training records through the real route actions (product.md §7): multipart
// uploads as a browser sends them, files in a temporary DATA_DIR, rows in the real database.

const LIMIT = 1024 * 1024
let root: string
let storage: LocalDiskStorage
type Person = CreatedMember & { cookie: string }
let vendor: CreatedOrganization
let owner: Person
let otherVendor: CreatedOrganization
let otherOwner: Person
let signer: Person

const HEADER = 'worker_ref,worker_name,module_code,completed_on,language,delivered_by,hours'

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-training-'))
  setDocumentSettings({ maxUploadBytes: LIMIT, storage: { driver: 'local', root } })
  storage = new LocalDiskStorage(root)
  await syncTrainingCatalog(db())
  const person = async (organizationId: string, role: 'owner' | 'signer'): Promise<Person> => {
    const member = await createMember(db(), { organizationId, role })
    return { ...member, cookie: await sessionCookieFor(member.id) }
  }
  vendor = await createOrganization(db(), { kind: 'vendor' })
  owner = await person(vendor.id, 'owner')
  signer = await person(vendor.id, 'signer')
  otherVendor = await createOrganization(db(), { kind: 'vendor' })
  otherOwner = await person(otherVendor.id, 'owner')
})

afterAll(async () => {
  setDocumentSettings(undefined)
  await fs.rm(root, { recursive: true, force: true })
})

function uploadRequest(content: string | Uint8Array, { fileName = 'records.csv', cookie = owner.cookie, orgId = vendor.id }: { fileName?: string; cookie?: string; orgId?: string } = {}) {
  const form = new FormData()
  form.append('intent', 'upload')
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content
  form.append('file', new Blob([Uint8Array.from(bytes)], { type: 'text/csv' }), fileName)
  return new Request(new URL(`/orgs/${orgId}/training/import`, APP_URL), { method: 'POST', body: form, headers: { Cookie: cookie, 'x-portal-client-ip': uniqueIp() } })
}

async function upload(content: string | Uint8Array, options: { fileName?: string; cookie?: string; orgId?: string } = {}): Promise<RouteResult> {
  return callRoute(importAction, { request: uploadRequest(content, options), params: { orgId: options.orgId ?? vendor.id } })
}

function importIdFrom(result: RouteResult): string {
  expect(result.status).toBe(302)
  const id = new URL(result.location ?? '', APP_URL).searchParams.get('import')
  expect(id).toBeTruthy()
  return id ?? ''
}

async function confirm(importId: string, { cookie = owner.cookie, orgId = vendor.id }: { cookie?: string; orgId?: string } = {}) {
  return callRoute(importAction, { request: formRequest(`/orgs/${orgId}/training/import`, { intent: 'confirm', importId }, { cookie }), params: { orgId } })
}

async function preview(importId: string) {
  const result = await callRoute(importLoader, { request: getRequest(`/orgs/${vendor.id}/training/import?import=${importId}`, { cookie: owner.cookie }), params: { orgId: vendor.id } })
  expect(result.status).toBe(200)
  return result.data as { preview: { totalRows: number; validRows: number; errorRows: number; firstErrors: Array<{ line: number; column: string | null; key: string; vars?: Record<string, unknown> }> } }
}

const counts = async (organizationId = vendor.id) => ({
  workers: await db().worker.count({ where: { organizationId } }),
  records: await db().trainingRecord.count({ where: { worker: { organizationId } } }),
  imports: await db().trainingImport.count({ where: { organizationId } }),
})

async function storedFiles(): Promise<number> {
  let count = 0
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name))
      else count++
    }
  }
  await walk(root)
  return count
}

/** The upload is refused with `status` and `key`, and nothing is written: no row, no file, no worker. */
async function expectRefused(content: string | Uint8Array, status: number, key: string) {
  const before = { ...(await counts()), files: await storedFiles() }
  const result = await upload(content)
  expect(result.status).toBe(status)
  expect(result.data).toMatchObject({ fieldErrors: { file: key } })
  expect({ ...(await counts()), files: await storedFiles() }).toEqual(before)
  return result.data as { fieldErrors: { file: string }; fileErrorVars?: Record<string, string | number> }
}

describe('bad files are refused with a clear message and nothing written', () => {
  test('a 0-byte file', async () => {
    await expectRefused('', 400, 'training.import.errors.empty')
  })

  test('no file chosen', async () => {
    const form = new FormData()
    form.append('intent', 'upload')
    form.append('file', new Blob([]), '')
    const request = new Request(new URL(`/orgs/${vendor.id}/training/import`, APP_URL), { method: 'POST', body: form, headers: { Cookie: owner.cookie, 'x-portal-client-ip': uniqueIp() } })
    const result = await callRoute(importAction, { request, params: { orgId: vendor.id } })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'training.import.errors.noFile' } })
  })

  test('missing and misspelled headers are named, with the column they probably meant', async () => {
    const data = await expectRefused('worker_ref,modul_code,completed_on,languge\nW1,WR-AWARE,2026-01-05,en\n', 400, 'training.import.errors.header')
    expect(data.fileErrorVars).toMatchObject({ missing: 'module_code, language, delivered_by', unknown: 'modul_code (→ module_code), languge (→ language)' })
  })

  test('a binary file renamed .csv: not UTF-8 text', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe])
    await expectRefused(png, 415, 'training.import.errors.notText')
  })

  test('a Latin-1 file (not UTF-8) is refused rather than garbled', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\nW1,Jos`), Buffer.from([0xe9]), Buffer.from(',WR-AWARE,2026-01-05,es,Trainer,1\n')])
    await expectRefused(latin1, 415, 'training.import.errors.notText')
  })

  test('a header and no rows', async () => {
    await expectRefused(`${HEADER}\n\n`, 400, 'training.import.errors.noRows')
  })

  test('an unclosed quote: malformed, with the line', async () => {
    const data = await expectRefused(`${HEADER}\nW1,"Ana,WR-AWARE,2026-01-05,es,Trainer,1\n`, 400, 'training.import.errors.malformed')
    expect(data.fileErrorVars?.line).toBeGreaterThanOrEqual(2)
  })

  test('a 200 MB body: 413 from its declared length, before the body is read', async () => {
    const request = uploadRequest(`${HEADER}\n`)
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({ pull(controller) { pulled++; controller.enqueue(new Uint8Array(64 * 1024)) } }, { highWaterMark: 0 })
    const oversize = new Request(request.url, { method: 'POST', body, duplex: 'half', headers: { ...Object.fromEntries(request.headers), 'Content-Length': String(200 * 1024 * 1024) } })
    const before = await counts()
    const result = await callRoute(importAction, { request: oversize, params: { orgId: vendor.id } })
    expect(result.status).toBe(413)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'training.import.errors.tooLarge' } })
    expect(pulled).toBe(0)
    expect(await counts()).toEqual(before)
  })

  test('a 200 MB body sent without a length: 413 once the limit is passed, the rest never read', async () => {
    const boundary = 'x-boundary-training'
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n`)
    const chunk = new TextEncoder().encode('W1,Ana,WR-AWARE,2026-01-05,es,Trainer,1\n'.repeat(1600))
    const total = 200 * 1024 * 1024
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head)
        sent += chunk.length
        if (sent >= total) controller.close()
        else controller.enqueue(chunk)
      },
    }, { highWaterMark: 0 })
    const request = new Request(new URL(`/orgs/${vendor.id}/training/import`, APP_URL), {
      method: 'POST', body, duplex: 'half',
      headers: { Cookie: owner.cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'x-portal-client-ip': uniqueIp() },
    })
    const before = { ...(await counts()), files: await storedFiles() }
    const result = await callRoute(importAction, { request, params: { orgId: vendor.id } })
    expect(result.status).toBe(413)
    expect(sent).toBeLessThan(LIMIT * 4)
    expect({ ...(await counts()), files: await storedFiles() }).toEqual(before)
  })
})

describe('row errors: listed with line numbers, valid rows still importable', () => {
  const BAD = [
    HEADER,
    'W-100,Ana López,WR-AWARE,2026-01-05,es,Maria Trainer,1.5', // 2 ok
    'W-101,,WR-AWARE,13/31/2026,en,Trainer,1', // 3 date
    'W-102,,NOPE-1,2026-01-05,en,Trainer,1', // 4 module
    'W-103,,WR-AWARE,2026-01-05,english,Trainer,1', // 5 language
    'W-104,,WR-AWARE,2026-01-05,en,Trainer,-2', // 6 negative hours
    'W-100,Ana López,WR-AWARE,2026-01-05,es,Maria Trainer,1.5', // 7 duplicate of 2
    'W-105,,WR-AWARE,2026-02-30,en,Trainer,', // 8 not a real day
    '', // blank, skipped
    'W-106,,wr-aware,2026-01-06,es-MX,Trainer,', // 10 ok (code case-insensitive)
  ].join('\n')

  test('the preview counts rows and shows the first errors by line; confirm imports the valid ones', async () => {
    const id = importIdFrom(await upload(BAD))
    const { preview: view } = await preview(id)
    expect(view).toMatchObject({ totalRows: 8, validRows: 2, errorRows: 6 })
    expect(view.firstErrors.map((e) => [e.line, e.column, e.key])).toEqual([
      [3, 'completed_on', 'training.row.date'],
      [4, 'module_code', 'training.row.unknownModule'],
      [5, 'language', 'training.row.language'],
      [6, 'hours', 'training.row.hoursNegative'],
      [7, null, 'training.row.duplicate'],
      [8, 'completed_on', 'training.row.date'],
    ])
    // Nothing is written before confirmation.
    expect((await counts()).records).toBe(0)

    const report = await callRoute(reportLoader, { request: getRequest(`/orgs/${vendor.id}/training/import/${id}/errors.csv`, { cookie: owner.cookie }), params: { orgId: vendor.id, importId: id } })
    expect(report.status).toBe(200)
    expect(report.headers.get('Content-Type')).toContain('text/csv')
    const lines = String(report.data).replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('line,column,error')
    expect(lines[1]).toBe('3,completed_on,"""13/31/2026"" is not a date in the form YYYY-MM-DD."')
    expect(lines).toHaveLength(7)
    expect(lines[5]).toBe('7,,"Same worker, module and date as line 2."')

    const confirmed = await confirm(id)
    expect(confirmed.status).toBe(302)
    const records = await db().trainingRecord.findMany({ where: { worker: { organizationId: vendor.id } }, orderBy: { completedOn: 'asc' }, select: { completedOn: true, expiresOn: true, language: true, hours: true, worker: { select: { workerRef: true, displayName: true } } } })
    expect(records.map((r) => [r.worker.workerRef, r.worker.displayName, r.completedOn.toISOString().slice(0, 10), r.expiresOn.toISOString().slice(0, 10), r.language, r.hours?.toString() ?? null])).toEqual([
      ['W-100', 'Ana López', '2026-01-05', '2027-01-05', 'es', '1.5'],
      ['W-106', null, '2026-01-06', '2027-01-06', 'es-MX', null],
    ])
    // The import and each batch are in the audit trail.
    expect(await db().auditEvent.count({ where: { action: 'training.import_confirmed', targetId: id } })).toBe(1)
    await db().trainingRecord.deleteMany({ where: { worker: { organizationId: vendor.id } } })
    await db().worker.deleteMany({ where: { organizationId: vendor.id } })
  })
})

describe('CSV details', () => {
  test('BOM, CRLF, quoted fields with commas and newlines, blank trailing lines', async () => {
    const csv = `\uFEFF${HEADER}\r\n"W-200","Pérez, Juan",WR-AWARE,2026-03-01,es,"Clínica ""Salud"", LA",2\r\nW-201,"Line one\r\nline two",ETH-RECRUIT,2026-03-02,zh-hant,Trainer,\r\n\r\n\r\n`
    const id = importIdFrom(await upload(csv))
    const { preview: view } = await preview(id)
    expect(view).toMatchObject({ totalRows: 2, validRows: 2, errorRows: 0 })
    expect((await confirm(id)).status).toBe(302)
    const workers = await db().worker.findMany({ where: { organizationId: vendor.id }, orderBy: { workerRef: 'asc' }, select: { workerRef: true, displayName: true, trainingRecords: { select: { deliveredBy: true, language: true } } } })
    expect(workers).toEqual([
      { workerRef: 'W-200', displayName: 'Pérez, Juan', trainingRecords: [{ deliveredBy: 'Clínica "Salud", LA', language: 'es' }] },
      { workerRef: 'W-201', displayName: 'Line one\r\nline two', trainingRecords: [{ deliveredBy: 'Trainer', language: 'zh-Hant' }] },
    ])
  })

  test('line numbers count the lines of a quoted multi-line field', async () => {
    const csv = `${HEADER}\nW-1,"two\nlines",WR-AWARE,2026-01-05,es,T,1\nW-2,,WR-AWARE,bad,es,T,1\n`
    const id = importIdFrom(await upload(csv))
    expect((await preview(id)).preview.firstErrors).toEqual([expect.objectContaining({ line: 4, column: 'completed_on' })])
  })
})

describe('idempotence and batches', () => {
  test('importing the same file twice adds nothing the second time; batches of 3 import the whole file', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `B-${i % 4},,WR-AWARE,2026-01-${String(i + 1).padStart(2, '0')},en,Trainer,1`)
    const csv = [HEADER, ...rows].join('\n')
    const first = importIdFrom(await upload(csv))
    const result = await confirmTrainingImport({ organizationId: vendor.id, importId: first, actorUserId: owner.id, storage, batchRows: 3 })
    expect(result).toMatchObject({ ok: true, added: 10, validRows: 10 })
    expect(await db().auditEvent.count({ where: { action: 'training.records_imported', targetId: first } })).toBe(4)
    const afterFirst = await counts()

    const second = importIdFrom(await upload(csv))
    expect(await confirmTrainingImport({ organizationId: vendor.id, importId: second, actorUserId: owner.id, storage, batchRows: 3 })).toMatchObject({ ok: true, added: 0, validRows: 10 })
    const afterSecond = await counts()
    expect(afterSecond.records).toBe(afterFirst.records)
    expect(afterSecond.workers).toBe(afterFirst.workers)
  })

  test('a confirmed import cannot be confirmed again; another organization cannot confirm or see it', async () => {
    const id = importIdFrom(await upload(`${HEADER}\nC-1,,WR-AWARE,2026-01-05,en,T,\n`))
    const foreign = await confirm(id, { cookie: otherOwner.cookie, orgId: otherVendor.id })
    expect(foreign.status).toBe(404)
    const foreignView = await callRoute(importLoader, { request: getRequest(`/orgs/${otherVendor.id}/training/import?import=${id}`, { cookie: otherOwner.cookie }), params: { orgId: otherVendor.id } })
    expect(foreignView.status).toBe(404)
    const foreignReport = await callRoute(reportLoader, { request: getRequest(`/orgs/${otherVendor.id}/training/import/${id}/errors.csv`, { cookie: otherOwner.cookie }), params: { orgId: otherVendor.id, importId: id } })
    expect(foreignReport.status).toBe(404)
    expect((await confirm(id)).status).toBe(302)
    const again = await confirm(id)
    expect(again.status).toBe(400)
    expect(again.data).toMatchObject({ formError: 'training.import.errors.alreadyDone' })
  })

  test('a stale preview is refused', async () => {
    const id = importIdFrom(await upload(`${HEADER}\nS-1,,WR-AWARE,2026-01-05,en,T,\n`))
    await db().trainingImport.update({ where: { id }, data: { createdAt: new Date(Date.now() - 2 * 24 * 3600 * 1000) } })
    const result = await confirm(id)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ formError: 'training.import.errors.stale' })
    expect(await db().worker.count({ where: { organizationId: vendor.id, workerRef: 'S-1' } })).toBe(0)
  })

  test('a signer (no manage:training) cannot upload: 403', async () => {
    const result = await upload(`${HEADER}\nX-1,,WR-AWARE,2026-01-05,en,T,\n`, { cookie: signer.cookie })
    expect(result.status).toBe(403)
  })
})
