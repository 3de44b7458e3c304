import { beforeAll, describe, expect, test } from 'vitest'
import { crockfordCheckSymbol, CROCKFORD_CHECK_ALPHABET, newCertificateNumber } from '~/certificates/number'
import { findCertificateStatus } from '~/certificates/status.server'
import { db } from '~/db/db.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import type { Contract } from '~/generated/prisma/client'
import { action as apiAction, loader as apiLoader } from '~/routes/api.certificates.number'
import { loader as openApiLoader } from '~/routes/api.openapi'
import { loader as verifyLoader } from '~/routes/verify'
import { loader as verifyNumberLoader } from '~/routes/verify.number'
import { callRoute, getRequest, type RouteResult } from '#tests/support/routes'

// Public verification (product.md §6): anyone with a certificate number sees its status in
// plain words (page) or as JSON (API), without signing in. Unknown and malformed numbers get
// the same 404 that reveals nothing; a revocation shows on the very next request.

const DAY = 24 * 60 * 60 * 1000
const now = Date.now()

let vendor: CreatedOrganization
let agency: CreatedOrganization
let contract: Contract
const numbers = { valid: '', expired: '', revoked: '', superseded: '', replacement: '', toRevoke: '' }

async function createCertificate(number: string, overrides: { status?: 'valid' | 'revoked' | 'superseded'; issuedAt?: Date; validFrom?: Date; validUntil?: Date; revokedAt?: Date; revocationReason?: string; supersededById?: string } = {}) {
  return db().certificate.create({
    data: {
      number,
      organizationId: vendor.id,
      agencyId: agency.id,
      scope: { contractIds: [contract.id], subcontractIds: [] },
      issuedAt: new Date(now - 30 * DAY),
      validFrom: new Date(now - 30 * DAY),
      validUntil: new Date(now + 335 * DAY),
      ...overrides,
    },
  })
}

/** A well-formed number whose check character is wrong. */
function withBadCheck(number: string): string {
  const payload = number.slice(0, 5) + number.slice(6, 11)
  const good = crockfordCheckSymbol(payload)
  const bad = [...CROCKFORD_CHECK_ALPHABET].find((c) => c !== good && /[0-9A-Z]/.test(c))
  return `${number.slice(0, 12)}${bad}`
}

beforeAll(async () => {
  vendor = await createOrganization(db(), { kind: 'vendor', legalName: `Verified Vendor ${Math.random()} LLC` })
  agency = await createOrganization(db(), { kind: 'agency' })
  contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
  for (const key of Object.keys(numbers) as (keyof typeof numbers)[]) numbers[key] = newCertificateNumber()

  await createCertificate(numbers.valid)
  await createCertificate(numbers.expired, { issuedAt: new Date(now - 400 * DAY), validFrom: new Date(now - 400 * DAY), validUntil: new Date(now - 35 * DAY) })
  await createCertificate(numbers.revoked, { status: 'revoked', revokedAt: new Date(now - 2 * DAY), revocationReason: 'Recruitment fees charged to workers' })
  const replacement = await createCertificate(numbers.replacement)
  await createCertificate(numbers.superseded, { status: 'superseded', supersededById: replacement.id })
  await createCertificate(numbers.toRevoke)
})

const page = (number: string) => callRoute(verifyNumberLoader, { request: getRequest(`/verify/${number}`), params: { number } })
const api = (number: string, headers: Record<string, string> = {}) =>
  callRoute(apiLoader, { request: getRequest(`/api/v1/certificates/${number}`, { headers }), params: { number } })
const json = (result: RouteResult) => JSON.parse(String(result.data)) as Record<string, unknown>

describe('findCertificateStatus', () => {
  test('derives expired from validUntil and accepts a number typed loosely', async () => {
    expect((await findCertificateStatus(numbers.valid))?.state).toBe('valid')
    expect((await findCertificateStatus(numbers.expired))?.state).toBe('expired')
    expect((await findCertificateStatus(numbers.valid.toLowerCase().replace(/-/g, ' ')))?.number).toBe(numbers.valid)
    // At a later "now" the valid one has expired too.
    expect((await findCertificateStatus(numbers.valid, new Date(now + 400 * DAY)))?.state).toBe('expired')
  })

  test('returns vendor, agency, scope and the replacement number', async () => {
    const status = await findCertificateStatus(numbers.superseded)
    expect(status).toMatchObject({
      state: 'superseded',
      vendor: { legalName: vendor.legalName, uei: vendor.uei },
      agency: { legalName: agency.legalName },
      scope: { contractNumbers: [contract.number] },
      supersededBy: numbers.replacement,
    })
  })

  test('null for a malformed or unknown number', async () => {
    expect(await findCertificateStatus(withBadCheck(numbers.valid))).toBeNull()
    expect(await findCertificateStatus('not a number')).toBeNull()
    expect(await findCertificateStatus(newCertificateNumber())).toBeNull()
  })
})

describe('/verify', () => {
  test('shows the form', async () => {
    const result = await callRoute(verifyLoader, { request: getRequest('/verify') })
    expect(result.status).toBe(200)
    expect(result.data).toEqual({ number: '', error: false })
  })

  test('a GET submission redirects to the normalized number', async () => {
    const typed = numbers.valid.toLowerCase().replace(/-/g, '')
    const result = await callRoute(verifyLoader, { request: getRequest(`/verify?number=${encodeURIComponent(typed)}`) })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/verify/${numbers.valid}`)
  })

  test('something that cannot be a number is shown back with an error', async () => {
    const result = await callRoute(verifyLoader, { request: getRequest('/verify?number=hello') })
    expect(result.status).toBe(200)
    expect(result.data).toEqual({ number: 'hello', error: true })
  })
})

describe('/verify/:number', () => {
  test.each(['valid', 'expired', 'revoked', 'superseded'] as const)('%s', async (state) => {
    const result = await page(numbers[state])
    expect(result.status).toBe(200)
    expect(result.headers.get('Cache-Control')).toBe('no-store')
    const { certificate } = result.data as { certificate: NonNullable<Awaited<ReturnType<typeof findCertificateStatus>>> }
    expect(certificate.state).toBe(state)
    expect(certificate.number).toBe(numbers[state])
    expect(certificate.vendor.legalName).toBe(vendor.legalName)
    expect(certificate.scope.contractNumbers).toEqual([contract.number])
    if (state === 'revoked') expect(certificate.revocationReason).toBe('Recruitment fees charged to workers')
    if (state === 'superseded') expect(certificate.supersededBy).toBe(numbers.replacement)
  })

  test('a loosely typed number redirects to its canonical form', async () => {
    const typed = numbers.valid.toLowerCase()
    const result = await callRoute(verifyNumberLoader, { request: getRequest(`/verify/${typed}`), params: { number: typed } })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/verify/${numbers.valid}`)
  })

  test.each([
    ['malformed (bad check character)', () => withBadCheck(numbers.valid)],
    ['unknown', () => newCertificateNumber()],
    ['garbage', () => 'zzz'],
  ])('%s → 404 revealing nothing', async (_name, number) => {
    const result = await page(number())
    expect(result.status).toBe(404)
    expect(result.thrown).toBe(true)
    expect(result.data).toBe('Not found')
    expect(result.headers.get('Cache-Control')).toBe('no-store')
  })
})

describe('GET /api/v1/certificates/:number', () => {
  test.each(['valid', 'expired', 'revoked', 'superseded'] as const)('%s', async (state) => {
    const result = await api(numbers[state])
    expect(result.status).toBe(200)
    expect(result.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(result.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(result.headers.get('Cache-Control')).toBe('no-cache, must-revalidate')
    expect(result.headers.get('ETag')).toMatch(/^"[^"]+"$/)
    const body = json(result)
    expect(Object.keys(body).sort()).toEqual(
      ['number', 'status', 'vendor', 'agency', 'scope', 'issuedAt', 'validFrom', 'validUntil', 'revokedAt', 'revocationReason', 'supersededBy'].sort(),
    )
    expect(body).toMatchObject({
      number: numbers[state],
      status: state,
      vendor: { legalName: vendor.legalName, uei: vendor.uei },
      agency: { legalName: agency.legalName },
      scope: { contractNumbers: [contract.number] },
    })
    expect(body.validUntil).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    if (state === 'revoked') expect(body).toMatchObject({ revocationReason: 'Recruitment fees charged to workers', revokedAt: expect.stringMatching(/Z$/) })
    else expect(body).toMatchObject({ revokedAt: null, revocationReason: null })
    expect(body.supersededBy).toBe(state === 'superseded' ? numbers.replacement : null)
  })

  test.each([
    ['malformed (bad check character)', () => withBadCheck(numbers.valid)],
    ['unknown', () => newCertificateNumber()],
  ])('%s → 404 not_found', async (_name, number) => {
    const result = await api(number())
    expect(result.status).toBe(404)
    expect(json(result)).toEqual({ error: 'not_found' })
    expect(result.headers.get('Access-Control-Allow-Origin')).toBe('*')
    expect(result.headers.get('ETag')).toBeNull()
  })

  test('If-None-Match gives 304 until the certificate is revoked, then 200 with the new status', async () => {
    const first = await api(numbers.toRevoke)
    const etag = first.headers.get('ETag')
    if (!etag) throw new Error('no ETag')
    const unchanged = await api(numbers.toRevoke, { 'If-None-Match': etag })
    expect(unchanged.status).toBe(304)
    expect(unchanged.data).toBe('')
    expect(unchanged.headers.get('ETag')).toBe(etag)

    await db().certificate.update({
      where: { number: numbers.toRevoke },
      data: { status: 'revoked', revokedAt: new Date(), revocationReason: 'Forced labor found at a supplier' },
    })

    const after = await api(numbers.toRevoke, { 'If-None-Match': etag })
    expect(after.status).toBe(200)
    expect(after.headers.get('ETag')).not.toBe(etag)
    expect(json(after)).toMatchObject({ status: 'revoked', revocationReason: 'Forced labor found at a supplier' })
    const again = await api(numbers.toRevoke, { 'If-None-Match': after.headers.get('ETag') ?? '' })
    expect(again.status).toBe(304)

    const pageAfter = await page(numbers.toRevoke)
    expect((pageAfter.data as { certificate: { state: string } }).certificate.state).toBe('revoked')
  })

  test('answers a CORS preflight and refuses other methods', async () => {
    const preflight = await callRoute(apiAction, {
      request: new Request(`http://portal.test/api/v1/certificates/${numbers.valid}`, { method: 'OPTIONS' }),
      params: { number: numbers.valid },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const post = await callRoute(apiAction, {
      request: new Request(`http://portal.test/api/v1/certificates/${numbers.valid}`, { method: 'POST' }),
      params: { number: numbers.valid },
    })
    expect(post.status).toBe(405)
  })
})

test('the OpenAPI document parses and describes the certificate endpoint', async () => {
  const result = await callRoute(openApiLoader, { request: getRequest('/api/v1/openapi.json') })
  expect(result.status).toBe(200)
  expect(result.headers.get('Content-Type')).toMatch(/^application\/json/)
  const document = json(result) as { openapi: string; paths: Record<string, { get?: unknown }> }
  expect(document.openapi).toMatch(/^3\.1\./)
  expect(Object.keys(document.paths)).toEqual(['/api/v1/certificates/{number}', '/api/v1/verify'])
  expect(document.paths['/api/v1/certificates/{number}']?.get).toBeDefined()
})
