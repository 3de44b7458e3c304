import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import PDFDocument from 'pdfkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CERTIFICATE_PORTAL_NAME } from '~/certificates/issue.server'
import { ensureActiveSigningKey } from '~/certificates/keys.server'
import { newCertificateNumber } from '~/certificates/number'
import { CURRENT_TEMPLATE_VERSION, renderCertificatePdf, signPdf } from '~/certificates/pdf.server'
import { createCachedSigner, generateSigningKey, type SigningKeyPem } from '~/certificates/signing-keys.server'
import { MAX_VERIFY_PDF_BYTES } from '~/certificates/verify-pdf-checks'
import { verifyCertificatePdf, type PdfVerdict } from '~/certificates/verify-pdf.server'
import { VERIFY_PDF_RATE_LIMIT, hitVerifyPdfRateLimit } from '~/certificates/verify-upload.server'
import { getEnv, setEnv, type Env } from '~/config/env.server'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { sanitizeFileName } from '~/documents/file-names'
import { setDocumentSettings } from '~/documents/settings.server'
import { getStorage } from '~/documents/storage.server'
import type { Certificate } from '~/generated/prisma/client'
import { loader as openApiLoader } from '~/routes/api.openapi'
import { action as apiAction, loader as apiLoader } from '~/routes/api.verify'
import { action as pageAction, loader as pageLoader } from '~/routes/verify.pdf'
import { APP_URL, callRoute, getRequest, signedInMember, uniqueIp, type RouteResult } from '#tests/support/routes'

// Verify a PDF (product.md §6): a real certificate is issued, then the file itself and damaged,
// re-signed and foreign copies of it are uploaded to the page (/verify/pdf) and to the API
// (POST /api/v1/verify). Each gets the answer that names the check that failed; nothing is stored.

let dataDir: string
let previousEnv: Env
let agency: CreatedOrganization
let certificate: Certificate
let issuedPdf: Buffer
let foreignKey: SigningKeyPem

async function issueRealCertificate(): Promise<{ certificate: Certificate; pdf: Buffer }> {
  const vendor = await createOrganization(db(), { kind: 'vendor' })
  const owner = await signedInMember(vendor.id, 'owner')
  const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
  const declaration = await makeDeclaration(db(), {
    organizationId: vendor.id,
    contractIds: [contract.id],
    signer: { id: owner.id, name: owner.name, title: 'Owner' },
  })
  const issued = await db().certificate.findFirstOrThrow({ where: { attestationId: declaration.attestationId } })
  const pdf = await buffer(await getStorage().get(issued.pdfStorageKey ?? ''))
  return { certificate: issued, pdf }
}

/** A certificate drawn like the portal draws one, signed with the given signer. */
async function renderAndSign(
  certificateNumber: string,
  signer: ReturnType<typeof createCachedSigner>,
  signingTime = new Date(),
): Promise<Buffer> {
  const unsigned = await renderCertificatePdf({
    number: certificateNumber,
    language: 'en',
    portalName: CERTIFICATE_PORTAL_NAME,
    agencyName: agency.legalName,
    vendorLegalName: 'Copy Vendor LLC',
    uei: '—',
    scope: ['Contract copy'],
    validFrom: new Date('2026-01-01T00:00:00Z'),
    validUntil: new Date('2027-01-01T00:00:00Z'),
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    templateVersion: CURRENT_TEMPLATE_VERSION,
    verifyUrl: `${APP_URL}/verify/${certificateNumber}`,
  })
  return signPdf(
    unsigned,
    signer,
    {
      reason: `Certificate of compliance ${certificateNumber}`,
      name: CERTIFICATE_PORTAL_NAME,
      location: new URL(APP_URL).host,
      contactInfo: `${APP_URL}/verify/${certificateNumber}`,
    },
    { signingTime },
  )
}

async function portalSigner() {
  return (await ensureActiveSigningKey(db())).signer
}

function unsignedPdf(): Promise<Buffer> {
  const doc = new PDFDocument()
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.text('Certificate of Compliance')
  doc.end()
  return done
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c636000000200015e2b0d0a0000000049454e44ae426082',
  'hex',
)

function uploadRequest(
  url: string,
  bytes: Uint8Array | null,
  { fileName = 'certificate.pdf', field = 'file', ip = uniqueIp() } = {},
): Request {
  const form = new FormData()
  if (bytes) form.append(field, new Blob([Uint8Array.from(bytes)], { type: 'application/pdf' }), fileName)
  else form.append('note', 'no file here')
  return new Request(new URL(url, APP_URL), { method: 'POST', body: form, headers: { 'x-portal-client-ip': ip } })
}

type PageAnswer = {
  error: { key: string } | null
  result: {
    verdict: PdfVerdict
    checks: { id: string; status: string }[]
    certificate: { number: string; state: string } | null
    fileName: string
  } | null
}

const checkOnPage = async (bytes: Uint8Array | null, options?: Parameters<typeof uploadRequest>[2]) => {
  const result = await callRoute(pageAction, { request: uploadRequest('/verify/pdf', bytes, options) })
  return { ...result, answer: result.data as PageAnswer }
}
const checkWithApi = async (bytes: Uint8Array | null, options?: Parameters<typeof uploadRequest>[2]) => {
  const result = await callRoute(apiAction, { request: uploadRequest('/api/v1/verify', bytes, options) })
  return { ...result, json: JSON.parse(String(result.data)) as Record<string, unknown> & { verdict?: PdfVerdict } }
}

/** The first check that failed in a check list. */
const failedCheck = (checks: { id: string; status: string }[]) =>
  checks.find((check) => check.status === 'failed')?.id ?? null

async function counts() {
  const [certificates, auditEvents, signingKeys, stored] = await Promise.all([
    db().certificate.count(),
    db().auditEvent.count(),
    db().signingKey.count(),
    fs.readdir(path.join(dataDir, 'uploads'), { recursive: true }).then((files) => files.length),
  ])
  return { certificates, auditEvents, signingKeys, stored }
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-verify-pdf-'))
  previousEnv = getEnv()
  setEnv({ ...previousEnv, DATA_DIR: dataDir, dataDir })
  setDocumentSettings({
    maxUploadBytes: 1024 * 1024,
    storage: { driver: 'local', root: path.join(dataDir, 'uploads') },
  })
  // No review tier: a compliant declaration is certified on submission.
  agency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [] } })
  ;({ certificate, pdf: issuedPdf } = await issueRealCertificate())
  foreignKey = generateSigningKey({ commonName: 'Someone Else Entirely', validityYears: 1 })
})

afterAll(async () => {
  setDocumentSettings(undefined)
  setEnv(previousEnv)
  await fs.rm(dataDir, { recursive: true, force: true })
})

describe('an untouched certificate file', () => {
  test('page: authentic, every check passed, the current status shown', async () => {
    const { status, headers, answer } = await checkOnPage(issuedPdf, {
      fileName: `certificate-${certificate.number}.pdf`,
    })
    expect(status).toBe(200)
    expect(headers.get('Cache-Control')).toBe('no-store')
    expect(answer.error).toBeNull()
    expect(answer.result?.verdict).toBe('authentic')
    expect(answer.result?.checks.every((check) => check.status === 'passed')).toBe(true)
    expect(answer.result?.certificate).toMatchObject({ number: certificate.number, state: 'valid' })
    // Shown as received, made safe like any uploaded name (a check symbol * becomes _).
    expect(answer.result?.fileName).toBe(sanitizeFileName(`certificate-${certificate.number}.pdf`))
  })

  test('API: the same answer as JSON, with the status in the shape of GET /api/v1/certificates/:number', async () => {
    const { status, headers, json } = await checkWithApi(issuedPdf)
    expect(status).toBe(200)
    expect(headers.get('Cache-Control')).toBe('no-store')
    expect(headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(json.verdict).toBe('authentic')
    expect(json.checks).toHaveLength(11)
    expect(json.file).toEqual({ sha256: certificate.pdfSha256, sizeBytes: issuedPdf.length })
    expect(json.certificate).toMatchObject({
      number: certificate.number,
      status: 'valid',
      revokedAt: null,
      supersededBy: null,
    })
  })

  test('a revoked certificate: the file is authentic, and the answer says it is revoked', async () => {
    const { certificate: revoked, pdf } = await issueRealCertificate()
    await db().certificate.update({
      where: { id: revoked.id },
      data: { status: 'revoked', revokedAt: new Date(), revocationReason: 'Recruitment fees charged to workers' },
    })
    const page = await checkOnPage(pdf)
    expect(page.answer.result?.verdict).toBe('authentic')
    expect(page.answer.result?.certificate).toMatchObject({ number: revoked.number, state: 'revoked' })
    const api = await checkWithApi(pdf)
    expect(api.json).toMatchObject({
      verdict: 'authentic',
      certificate: {
        number: revoked.number,
        status: 'revoked',
        revocationReason: 'Recruitment fees charged to workers',
      },
    })
  })
})

describe('changed, damaged and foreign files get the answer that names the failed check', () => {
  test.each<[string, () => Promise<Uint8Array> | Uint8Array, PdfVerdict, string]>([
    [
      'one byte changed inside the signed range',
      () => {
        const edited = Buffer.from(issuedPdf)
        edited[2000] = edited[2000]! ^ 0x20
        return edited
      },
      'digest_mismatch',
      'digest',
    ],
    [
      'bytes appended after signing',
      () => Buffer.concat([issuedPdf, Buffer.from('\n% saved again by an editor\n')]),
      'appended',
      'whole_file',
    ],
    ['truncated by a few bytes', () => issuedPdf.subarray(0, issuedPdf.length - 7), 'truncated', 'complete'],
    ['cut in half', () => issuedPdf.subarray(0, Math.floor(issuedPdf.length / 2)), 'truncated', 'complete'],
    ['an unsigned PDF', () => unsignedPdf(), 'no_signature', 'signature_present'],
    [
      're-signed by a foreign key on top of the portal signature',
      () =>
        signPdf(issuedPdf, createCachedSigner(foreignKey), {
          reason: 'Mine now',
          name: 'X',
          location: 'X',
          contactInfo: 'X',
        }),
      'foreign_signer',
      'portal_key',
    ],
    [
      'drawn like a certificate and signed by a foreign key',
      () => renderAndSign(certificate.number, createCachedSigner(foreignKey)),
      'foreign_signer',
      'portal_key',
    ],
  ])('%s', async (_name, make, verdict, check) => {
    const bytes = await make()
    const before = await counts()
    const page = await checkOnPage(bytes)
    expect(page.status).toBe(200)
    expect(page.answer.result?.verdict).toBe(verdict)
    expect(failedCheck(page.answer.result?.checks ?? [])).toBe(check)
    // Nothing after the failed check is claimed.
    const checks = page.answer.result?.checks ?? []
    expect(checks.slice(checks.findIndex((c) => c.id === check) + 1).every((c) => c.status === 'not_reached')).toBe(
      true,
    )
    expect(page.answer.result?.certificate).toBeNull()

    const api = await checkWithApi(bytes)
    expect(api.status).toBe(200)
    expect(api.json.verdict).toBe(verdict)
    expect(api.json).not.toHaveProperty('certificate')
    expect(await counts()).toEqual(before)
  })

  test('a copy signed by the portal that is not the one on record points to the certificate', async () => {
    // As if an operator had drawn the certificate again: same number, same key, different bytes.
    const olderCopy = await renderAndSign(certificate.number, await portalSigner(), new Date('2026-02-01T00:00:00Z'))
    const page = await checkOnPage(olderCopy)
    expect(page.status).toBe(200)
    expect(page.answer.result?.verdict).toBe('not_current_copy')
    expect(failedCheck(page.answer.result?.checks ?? [])).toBe('registered')
    expect(page.answer.result?.certificate).toMatchObject({ number: certificate.number })
    expect((await checkWithApi(olderCopy)).json).toMatchObject({
      verdict: 'not_current_copy',
      certificate: { number: certificate.number },
    })

    // Signed by the portal for a number that was never issued: no record at all.
    const unknown = await renderAndSign(newCertificateNumber(), await portalSigner())
    const answer = await verifyCertificatePdf(unknown)
    expect(answer.verdict).toBe('not_registered')
    expect(answer.certificate).toBeNull()
  })
})

describe('bad input', () => {
  test('a PNG and random bytes: not a PDF (page 415, API 200 with the verdict)', async () => {
    for (const bytes of [PNG, randomBytes(3000)]) {
      const page = await checkOnPage(bytes, { fileName: 'photo.png' })
      expect(page.status).toBe(415)
      expect(page.answer.result?.verdict).toBe('not_pdf')
      expect(failedCheck(page.answer.result?.checks ?? [])).toBe('pdf')
      const api = await checkWithApi(bytes)
      expect(api.status).toBe(200)
      expect(api.json.verdict).toBe('not_pdf')
    }
  })

  test('an empty file (page 400, API 200 with the verdict)', async () => {
    const page = await checkOnPage(Buffer.alloc(0))
    expect(page.status).toBe(400)
    expect(page.answer.result?.verdict).toBe('empty')
    expect((await checkWithApi(Buffer.alloc(0))).json.verdict).toBe('empty')
  })

  test('over the size limit: 413 on the page and from the API, nothing stored', async () => {
    const before = await counts()
    const tooLarge = Buffer.concat([issuedPdf, Buffer.alloc(MAX_VERIFY_PDF_BYTES + 1 - issuedPdf.length, 0x20)])
    const page = await checkOnPage(tooLarge)
    expect(page.status).toBe(413)
    expect(page.answer).toEqual({ error: { key: 'certVerify.file.error.tooLarge', vars: { limit: 5 } }, result: null })
    const api = await checkWithApi(tooLarge)
    expect(api.status).toBe(413)
    expect(api.json).toEqual({ error: 'too_large' })
    // A declared oversize body is refused before it is read.
    const declared = new Request(new URL('/api/v1/verify', APP_URL), {
      method: 'POST',
      body: 'x',
      headers: {
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(MAX_VERIFY_PDF_BYTES * 2),
        'x-portal-client-ip': uniqueIp(),
      },
    })
    expect((await callRoute(apiAction, { request: declared })).status).toBe(413)
    expect(await counts()).toEqual(before)
  })

  test('no file, not multipart, a second file: 400', async () => {
    const page = await checkOnPage(null)
    expect(page.status).toBe(400)
    expect(page.answer.error?.key).toBe('certVerify.file.error.noFile')
    // The browser's "no file chosen": an empty part with an empty name.
    const unchosen = await checkOnPage(Buffer.alloc(0), { fileName: '' })
    expect(unchosen.status).toBe(400)
    expect(unchosen.answer.error?.key).toBe('certVerify.file.error.noFile')

    const api = await checkWithApi(null)
    expect(api.status).toBe(400)
    expect(api.json).toEqual({ error: 'no_file' })
    const wrongField = await checkWithApi(issuedPdf, { field: 'document' })
    expect(wrongField.json).toEqual({ error: 'no_file' })

    const json = await callRoute(apiAction, {
      request: new Request(new URL('/api/v1/verify', APP_URL), {
        method: 'POST',
        body: JSON.stringify({ file: 'abc' }),
        headers: { 'Content-Type': 'application/json', 'x-portal-client-ip': uniqueIp() },
      }),
    })
    expect(json.status).toBe(400)
    expect(JSON.parse(String(json.data))).toEqual({ error: 'not_multipart' })

    const form = new FormData()
    form.append('file', new Blob([Uint8Array.from(issuedPdf)]), 'one.pdf')
    form.append('file', new Blob([Uint8Array.from(issuedPdf)]), 'two.pdf')
    const twoFiles = await callRoute(apiAction, {
      request: new Request(new URL('/api/v1/verify', APP_URL), {
        method: 'POST',
        body: form,
        headers: { 'x-portal-client-ip': uniqueIp() },
      }),
    })
    expect(twoFiles.status).toBe(400)

    // Other fields are ignored, but not without end.
    const crowded = new FormData()
    for (let i = 0; i < 60; i++) crowded.append(`field${i}`, 'x')
    crowded.append('file', new Blob([Uint8Array.from(issuedPdf)]), 'certificate.pdf')
    const tooManyFields = await callRoute(apiAction, {
      request: new Request(new URL('/api/v1/verify', APP_URL), {
        method: 'POST',
        body: crowded,
        headers: { 'x-portal-client-ip': uniqueIp() },
      }),
    })
    expect(tooManyFields.status).toBe(400)
    expect(JSON.parse(String(tooManyFields.data))).toEqual({ error: 'unreadable' })
  })

  test('too many checks from one address: 429 with Retry-After, page and API', async () => {
    const ip = uniqueIp()
    for (let i = 0; i < VERIFY_PDF_RATE_LIMIT.limit; i++) await hitVerifyPdfRateLimit(ip)
    const page = await checkOnPage(issuedPdf, { ip })
    expect(page.status).toBe(429)
    expect(page.answer.error?.key).toBe('certVerify.file.error.rateLimited')
    const api = await checkWithApi(issuedPdf, { ip })
    expect(api.status).toBe(429)
    expect(Number(api.headers.get('Retry-After'))).toBeGreaterThan(0)
    // Another address is not affected.
    expect((await checkWithApi(issuedPdf)).status).toBe(200)
  })
})

describe('routes', () => {
  test('GET /verify/pdf shows the form alone; GET /api/v1/verify is 405', async () => {
    const page = await callRoute(pageLoader, { request: getRequest('/verify/pdf') })
    expect(page.status).toBe(200)
    expect(page.data).toBeNull()
    const api: RouteResult = await callRoute(apiLoader, { request: getRequest('/api/v1/verify') })
    expect(api.status).toBe(405)
    expect(api.headers.get('Allow')).toBe('POST, OPTIONS')
  })

  test('CORS preflight for the API', async () => {
    const result = await callRoute(apiAction, {
      request: new Request(new URL('/api/v1/verify', APP_URL), { method: 'OPTIONS' }),
    })
    expect(result.status).toBe(204)
    expect(result.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(result.headers.get('Access-Control-Allow-Methods')).toContain('POST')
  })

  test('the OpenAPI document describes POST /api/v1/verify', async () => {
    const result = await callRoute(openApiLoader, { request: getRequest('/api/v1/openapi.json') })
    const document = JSON.parse(String(result.data)) as {
      paths: Record<string, { post?: { requestBody?: unknown; responses?: Record<string, unknown> } }>
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> }
    }
    const post = document.paths['/api/v1/verify']?.post
    expect(post?.requestBody).toBeDefined()
    expect(Object.keys(post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '413', '429']))
    expect(document.components.schemas.PdfVerification?.properties?.verdict?.enum).toContain('digest_mismatch')
  })
})
