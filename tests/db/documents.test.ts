import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import {
  createContract,
  createMember,
  createOrganization,
  type CreatedMember,
  type CreatedOrganization,
} from '~/demo/factories.server'
import { listDocuments, updatePlanElements } from '~/documents/documents.server'
import { MEDIA_TYPES } from '~/documents/schemas'
import { setDocumentSettings } from '~/documents/settings.server'
import { LocalDiskStorage, isStorageKey } from '~/documents/storage.server'
import { loader as downloadLoader } from '~/routes/org.documents.download'
import { action as documentsAction, loader as documentsLoader } from '~/routes/org.documents'
import { makeDocx, makePdf, makePng, makeText } from '#tests/support/document-files'
import { APP_URL, callRoute, getRequest, sessionCookieFor, uniqueIp, type RouteResult } from '#tests/support/routes'

// Uploads through the real route action, as multipart requests a browser would send, into real
// files in a temporary DATA_DIR; downloads through the real resource route. product.md §3, §10.

const LIMIT = 1024 * 1024
let root: string
let storage: LocalDiskStorage

type Person = CreatedMember & { cookie: string }
let vendor: CreatedOrganization
let owner: Person
let otherVendor: CreatedOrganization
let otherOwner: Person
let agency: CreatedOrganization
let reviewer: Person

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-documents-'))
  setDocumentSettings({ maxUploadBytes: LIMIT, storage: { driver: 'local', root } })
  storage = new LocalDiskStorage(root)
  const person = async (organizationId: string, role: 'owner' | 'reviewer'): Promise<Person> => {
    const member = await createMember(db(), { organizationId, role })
    return { ...member, cookie: await sessionCookieFor(member.id) }
  }
  vendor = await createOrganization(db(), { kind: 'vendor' })
  owner = await person(vendor.id, 'owner')
  otherVendor = await createOrganization(db(), { kind: 'vendor' })
  otherOwner = await person(otherVendor.id, 'owner')
  agency = await createOrganization(db(), { kind: 'agency' })
  reviewer = await person(agency.id, 'reviewer')
})

afterAll(async () => {
  setDocumentSettings(undefined)
  await fs.rm(root, { recursive: true, force: true })
})

// ───────────────────────────── Helpers ─────────────────────────────

type UploadInput = {
  bytes: Uint8Array
  fileName?: string
  kind?: string
  fields?: Record<string, string>
  cookie?: string | null
  orgId?: string
}

function uploadRequest({ bytes, fileName = 'plan.pdf', kind = 'compliance_plan', fields = {}, cookie = owner.cookie, orgId = vendor.id }: UploadInput) {
  const form = new FormData()
  form.append('intent', 'upload')
  form.append('kind', kind)
  for (const [name, value] of Object.entries(fields)) form.append(name, value)
  // The type the browser claims is deliberately wrong: only the content counts.
  form.append('file', new Blob([Uint8Array.from(bytes)], { type: 'application/pdf' }), fileName)
  const headers = new Headers({ 'x-portal-client-ip': uniqueIp() })
  if (cookie) headers.set('Cookie', cookie)
  return new Request(new URL(`/orgs/${orgId}/documents`, APP_URL), { method: 'POST', body: form, headers })
}

function upload(input: UploadInput) {
  return callRoute(documentsAction, { request: uploadRequest(input), params: { orgId: input.orgId ?? vendor.id } })
}

/** The id of the document a successful upload redirected to. */
function uploadedId(result: RouteResult): string {
  expect(result.status).toBe(302)
  const id = new URL(result.location ?? '', APP_URL).searchParams.get('uploaded')
  if (!id) throw new Error(`no uploaded id in ${result.location}`)
  return id
}

/** Every object file under the storage root (not the temporary directory). */
async function storedKeys(): Promise<string[]> {
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile() && !entry.parentPath.includes('.incoming')).map((entry) => entry.name).sort()
}

async function incomingFiles(): Promise<string[]> {
  return fs.readdir(path.join(root, '.incoming')).catch(() => [])
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function documentCount(organizationId = vendor.id) {
  return db().document.count({ where: { organizationId } })
}

/** Run `attempt` and check it stored nothing: no new object, no temporary file, no row. */
async function expectNothingStored(attempt: () => Promise<RouteResult>): Promise<RouteResult> {
  const [keysBefore, rowsBefore] = [await storedKeys(), await documentCount()]
  const result = await attempt()
  expect(await storedKeys()).toEqual(keysBefore)
  expect(await incomingFiles()).toEqual([])
  expect(await documentCount()).toBe(rowsBefore)
  return result
}

async function download(documentId: string, { cookie = owner.cookie, orgId = vendor.id, inline = false }: { cookie?: string | null; orgId?: string; inline?: boolean } = {}) {
  const request = getRequest(`/orgs/${orgId}/documents/${documentId}/download${inline ? '?inline=1' : ''}`, { cookie })
  try {
    const response = await downloadLoader({ request, params: { orgId, documentId }, context: { cspNonce: '' } })
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()), location: null }
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown
    return { status: thrown.status, headers: thrown.headers, bytes: Buffer.alloc(0), location: thrown.headers.get('Location') }
  }
}

// ───────────────────────────── Accepted uploads ─────────────────────────────

describe('a valid upload', () => {
  test('a PDF compliance plan is stored under a random key with its SHA-256, size, type and plan elements', async () => {
    const pdf = makePdf({ contentBytes: 200_000 })
    const result = await upload({
      bytes: pdf,
      fileName: 'Compliance plan 2026.pdf',
      fields: { element_i: 'on', pages_i: '4 – 6,9', element_ii: 'on', pages_ii: '10', pages_iii: 'ignored when unchecked' },
    })
    const id = uploadedId(result)
    const document = await db().document.findUniqueOrThrow({ where: { id } })
    expect(document).toMatchObject({
      organizationId: vendor.id,
      kind: 'compliance_plan',
      version: 1,
      originalFileName: 'Compliance plan 2026.pdf',
      sizeBytes: pdf.length,
      mediaType: MEDIA_TYPES.pdf,
      sha256: sha256(pdf),
      uploadedById: owner.id,
      reviewStatus: 'pending',
      planElements: [
        { element: 'i', pages: '4-6, 9' },
        { element: 'ii', pages: '10' },
      ],
    })
    // The key is random, has nothing of the name in it, and the file under it is the upload.
    expect(isStorageKey(document.storageKey)).toBe(true)
    const onDisk = await fs.readFile(storage.pathFor(document.storageKey))
    expect(sha256(onDisk)).toBe(sha256(pdf))
    expect(storage.pathFor(document.storageKey).startsWith(root)).toBe(true)
    expect(await incomingFiles()).toEqual([])

    const events = await db().auditEvent.findMany({ where: { action: 'document.uploaded', targetId: id } })
    expect(events).toHaveLength(1)
    expect(events[0]?.data).toMatchObject({ version: 1, sha256: sha256(pdf), sizeBytes: pdf.length })
  })

  test('versions count up within a series, also for two uploads at the same moment', async () => {
    const first = uploadedId(await upload({ bytes: makePdf(), fileName: 'policy.pdf', kind: 'policy' }))
    const { seriesId } = await db().document.findUniqueOrThrow({ where: { id: first }, select: { seriesId: true } })
    const second = uploadedId(await upload({ bytes: makeDocx(), fileName: 'policy v2.docx', kind: 'policy', fields: { seriesId } }))
    const [third, fourth] = await Promise.all([
      upload({ bytes: makePdf({ contentBytes: 10 }), fileName: 'policy v3.pdf', kind: 'policy', fields: { seriesId } }),
      upload({ bytes: makePdf({ contentBytes: 20 }), fileName: 'policy v3b.pdf', kind: 'policy', fields: { seriesId } }),
    ])
    const versions = await db().document.findMany({ where: { seriesId }, orderBy: { version: 'asc' }, select: { id: true, version: true, mediaType: true } })
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4])
    expect(versions[1]).toMatchObject({ id: second, mediaType: MEDIA_TYPES.docx })
    expect(new Set([uploadedId(third), uploadedId(fourth)])).toEqual(new Set([versions[2]?.id, versions[3]?.id]))

    // The list shows the series once, at its latest version, with the count.
    const listed = (await listDocuments(vendor.id)).filter((d) => d.seriesId === seriesId)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ version: 4, versionCount: 4 })
  })

  test('a new version of a series of another organization is refused, and nothing is stored', async () => {
    const theirs = uploadedId(await upload({ bytes: makePdf(), kind: 'policy', cookie: otherOwner.cookie, orgId: otherVendor.id }))
    const { seriesId } = await db().document.findUniqueOrThrow({ where: { id: theirs }, select: { seriesId: true } })
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), kind: 'policy', fields: { seriesId } }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ formError: 'documents.errors.series' })
    expect(await db().document.count({ where: { seriesId } })).toBe(1)
  })

  test('a path in the file name is dropped: only a harmless name is kept', async () => {
    const id = uploadedId(await upload({ bytes: makePdf(), fileName: '../../etc/passwd.pdf' }))
    const document = await db().document.findUniqueOrThrow({ where: { id } })
    expect(document.originalFileName).toBe('passwd.pdf')
    expect(await fs.stat('/etc/passwd.pdf').catch(() => null)).toBeNull()
    expect(path.basename(storage.pathFor(document.storageKey))).toBe(document.storageKey)
  })

  test('images are accepted as evidence', async () => {
    const id = uploadedId(await upload({ bytes: makePng(), fileName: 'poster at the workplace.png', kind: 'evidence' }))
    expect(await db().document.findUniqueOrThrow({ where: { id }, select: { mediaType: true, planElements: true } })).toEqual({
      mediaType: MEDIA_TYPES.png,
      planElements: [],
    })
  })

  test('a document can be attached to a contract of which the organization is the prime', async () => {
    const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
    const id = uploadedId(await upload({ bytes: makePdf(), kind: 'policy', fields: { contractId: contract.id } }))
    expect((await db().document.findUniqueOrThrow({ where: { id } })).contractId).toBe(contract.id)

    const notOurs = await createContract(db(), { agencyId: agency.id, primeVendorId: otherVendor.id })
    const refused = await expectNothingStored(() => upload({ bytes: makePdf(), kind: 'policy', fields: { contractId: notOurs.id } }))
    expect(refused.status).toBe(400)
    expect(refused.data).toMatchObject({ fieldErrors: { contractId: 'documents.errors.contract' } })
  })

  test('plan elements can be corrected later, with an audit event', async () => {
    const id = uploadedId(await upload({ bytes: makePdf(), fields: { element_v: 'on', pages_v: '12' } }))
    const planElements = [
      { element: 'v' as const, pages: '12-13' },
      { element: 'h4' as const, pages: '20' },
    ]
    expect(await updatePlanElements({ documentId: id, organizationId: vendor.id, actorUserId: owner.id, planElements })).toEqual({ ok: true })
    expect((await db().document.findUniqueOrThrow({ where: { id } })).planElements).toEqual(planElements)
    expect(await db().auditEvent.count({ where: { action: 'document.plan_elements_updated', targetId: id } })).toBe(1)
    // Not from another organization.
    expect(await updatePlanElements({ documentId: id, organizationId: otherVendor.id, actorUserId: otherOwner.id, planElements: [] })).toEqual({
      ok: false,
      error: 'not_found',
    })
  })
})

// ───────────────────────────── Refused uploads ─────────────────────────────

describe('a refused upload answers 4xx with a specific message and leaves nothing behind', () => {
  test('an empty file: 400', async () => {
    const result = await expectNothingStored(() => upload({ bytes: new Uint8Array(0) }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.empty' } })
  })

  test('no file chosen: 400', async () => {
    const result = await expectNothingStored(() => upload({ bytes: new Uint8Array(0), fileName: '' }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.noFile' } })
  })

  test('a file over the limit: 413, stopped while streaming, no object and no row', async () => {
    const big = makePdf({ contentBytes: LIMIT + 1 })
    const result = await expectNothingStored(() => upload({ bytes: big }))
    expect(result.status).toBe(413)
    expect(result.headers.get('Connection')).toBe('close')
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.tooLarge' }, fileErrorVars: { limit: 1 } })
  })

  test('a declared Content-Length over the limit: 413 before the body is read', async () => {
    const request = uploadRequest({ bytes: makePdf() })
    let pulled = false
    // highWaterMark 0: the stream is pulled only when someone reads it.
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled = true
          controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const oversize = new Request(request.url, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { ...Object.fromEntries(request.headers), 'Content-Length': String(LIMIT * 10) },
    })
    const result = await expectNothingStored(() => callRoute(documentsAction, { request: oversize, params: { orgId: vendor.id } }))
    expect(result.status).toBe(413)
    expect(pulled).toBe(false)
  })

  test('a text file named .pdf: 415 "not a PDF or Word document"', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makeText(), fileName: 'plan.pdf' }))
    expect(result.status).toBe(415)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.typeNotAllowed' } })
  })

  test('an image as a compliance plan: 415', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePng(), fileName: 'plan.pdf' }))
    expect(result.status).toBe(415)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.typeNotAllowed' } })
  })

  test('a large file that is none of the accepted types is stopped after its first bytes', async () => {
    const notADocument = Buffer.alloc(LIMIT - 1000, 'x')
    const result = await expectNothingStored(() => upload({ bytes: notADocument, kind: 'evidence', fileName: 'photo.jpg' }))
    expect(result.status).toBe(415)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.typeNotAllowedEvidence' } })
  })

  test('an encrypted PDF: 400 with "remove the password"', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf({ encrypted: true }) }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.encryptedPdf' } })
  })

  test('a truncated PDF: 400 corrupt', async () => {
    const pdf = makePdf({ contentBytes: 4000 })
    const result = await expectNothingStored(() => upload({ bytes: pdf.subarray(0, pdf.length - 200) }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { file: 'documents.errors.corruptPdf' } })
  })

  test('a plan element checked without valid pages: 400 on that field, the stored file is removed', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), fields: { element_iii: 'on', pages_iii: 'the middle part' } }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { pages_iii: 'documents.errors.pages' } })
  })

  test('an unknown kind: 400, the stored file is removed', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), kind: 'selfie' }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { kind: 'documents.errors.kind' } })
  })

  test('a body that is not multipart: 400', async () => {
    const request = new Request(new URL(`/orgs/${vendor.id}/documents`, APP_URL), {
      method: 'POST',
      body: new URLSearchParams({ intent: 'upload', kind: 'policy' }),
      headers: { Cookie: owner.cookie, 'x-portal-client-ip': uniqueIp() },
    })
    const result = await expectNothingStored(() => callRoute(documentsAction, { request, params: { orgId: vendor.id } }))
    expect(result.status).toBe(400)
  })
})

// ───────────────────────────── Who may upload ─────────────────────────────

describe('who may upload', () => {
  test('an agency reviewer (no upload:document) gets 403 in their own organization, and nothing is stored', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), cookie: reviewer.cookie, orgId: agency.id }))
    expect(result.status).toBe(403)
    expect(await documentCount(agency.id)).toBe(0)
  })

  test("someone from another organization gets 404 uploading into this one", async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), cookie: otherOwner.cookie }))
    expect(result.status).toBe(404)
  })

  test('anonymous visitors are sent to sign in', async () => {
    const result = await expectNothingStored(() => upload({ bytes: makePdf(), cookie: null }))
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/signin?redirectTo=${encodeURIComponent(`/orgs/${vendor.id}/documents`)}`)
  })

  test('every vendor role may upload', async () => {
    for (const role of ['admin', 'member', 'signer'] as const) {
      const member = await createMember(db(), { organizationId: vendor.id, role })
      const result = await upload({ bytes: makePdf(), kind: 'policy', cookie: await sessionCookieFor(member.id) })
      expect(result.status).toBe(302)
    }
  })
})

// ───────────────────────────── Listing and downloading ─────────────────────────────

describe('the documents page', () => {
  test('lists only the organization’s own documents', async () => {
    const page = await callRoute(documentsLoader, {
      request: getRequest(`/orgs/${vendor.id}/documents`, { cookie: owner.cookie }),
      params: { orgId: vendor.id },
    })
    expect(page.status).toBe(200)
    const text = JSON.stringify(page.data)
    expect(text).toContain('Compliance plan 2026.pdf')
    expect(text).not.toContain(otherVendor.legalName)
    const theirs = await db().document.findMany({ where: { organizationId: otherVendor.id }, select: { id: true } })
    for (const { id } of theirs) expect(text).not.toContain(id)
  })
})

describe('downloading', () => {
  let documentId: string
  let bytes: Buffer
  const fileName = 'Plan de cumplimiento "final" — año 2026.pdf'

  beforeAll(async () => {
    bytes = makePdf({ contentBytes: 50_000 })
    documentId = uploadedId(await upload({ bytes, fileName }))
  })

  test('the owner gets the exact bytes with safe headers', async () => {
    const response = await download(documentId)
    expect(response.status).toBe(200)
    expect(sha256(response.bytes)).toBe(sha256(bytes))
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Length')).toBe(String(bytes.length))
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    // The browser (here undici) sends the quote as %22; the name stays what was sent, made safe
    // for the header: an ASCII fallback, and the exact name in UTF-8.
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="Plan de cumplimiento _22final_22 _ ano 2026.pdf"; ` +
        `filename*=UTF-8''Plan%20de%20cumplimiento%20%2522final%2522%20%E2%80%94%20a%C3%B1o%202026.pdf`,
    )
    expect(response.headers.get('Content-Security-Policy')).toBeNull()
  })

  test('?inline=1 shows a PDF in a sandbox', async () => {
    const response = await download(documentId, { inline: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Disposition')).toMatch(/^inline; /)
    expect(response.headers.get('Content-Security-Policy')).toBe('sandbox')
  })

  test('?inline=1 is ignored for anything but a PDF', async () => {
    const png = uploadedId(await upload({ bytes: makePng(), fileName: 'notice.png', kind: 'evidence' }))
    const response = await download(png, { inline: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('image/png')
    expect(response.headers.get('Content-Disposition')).toMatch(/^attachment; /)
  })

  test('a member of another organization gets 404, from either organization’s URL', async () => {
    expect((await download(documentId, { cookie: otherOwner.cookie })).status).toBe(404)
    // Through their own organization's URL, pointing at our document: still 404.
    const viaOwnUrl = await download(documentId, { cookie: otherOwner.cookie, orgId: otherVendor.id })
    expect(viaOwnUrl.status).toBe(404)
    expect(viaOwnUrl.bytes.length).toBe(0)
    // An agency reviewer (not yet reviewing this vendor) too.
    expect((await download(documentId, { cookie: reviewer.cookie, orgId: agency.id })).status).toBe(404)
  })

  test('an unknown document id is the same 404', async () => {
    expect((await download('c' + 'x'.repeat(24))).status).toBe(404)
  })

  test('anonymous visitors are sent to sign in', async () => {
    const response = await download(documentId, { cookie: null })
    expect(response.status).toBe(302)
    expect(response.location).toBe(`/signin?redirectTo=${encodeURIComponent(`/orgs/${vendor.id}/documents/${documentId}/download`)}`)
  })
})
