import { randomUUID, X509Certificate } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, test } from 'vitest'
import { ensureActiveSigningKey } from '~/certificates/keys.server'
import { newCertificateNumber } from '~/certificates/number'
import { db } from '~/db/db.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { Prisma } from '~/generated/prisma/client'
import {
  REGISTRY_PAGE_SIZE,
  registryPageSql,
  registryRowsInBatches,
  searchRegistry,
  type RegistryFilters,
  type RegistryPage,
} from '~/registry/registry.server'
import { loader as csvLoader } from '~/routes/registry.csv'
import { loader as registryLoader } from '~/routes/registry'
import { loader as oneSigningCertificateLoader } from '~/routes/signing-certificate.pem'
import { loader as signingCertificatesPage } from '~/routes/signing-certificates'
import { loader as signingCertificatesPem } from '~/routes/signing-certificates.pem'
import { callRoute, getRequest, type RouteResult } from '#tests/support/routes'

// The public registry (product.md §6): only certificates valid right now, searchable by name or
// UEI, industry and agency, 25 a page, the same rows as CSV; and the published signing
// certificates. Test files share the worker's database, so every search here is narrowed to this
// file's own agencies or unique vendor names.

const DAY = 24 * 60 * 60 * 1000
const now = Date.now()
const token = randomUUID().slice(0, 8).toUpperCase()

let agencyA: CreatedOrganization
let agencyB: CreatedOrganization
const numbers: Record<string, string> = {}

async function vendorWithCertificate(
  agency: CreatedOrganization,
  legalName: string,
  {
    industries = ['janitorial'],
    certificate = {},
    uei,
  }: {
    industries?: string[]
    certificate?: Partial<Prisma.CertificateUncheckedCreateInput>
    uei?: string
  } = {},
) {
  const vendor = await createOrganization(db(), { kind: 'vendor', legalName, ...(uei ? { uei } : {}) })
  const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id, industries })
  const number = newCertificateNumber()
  await db().certificate.create({
    data: {
      number,
      organizationId: vendor.id,
      agencyId: agency.id,
      scope: { contractIds: [contract.id], contractNumbers: [contract.number] },
      issuedAt: new Date(now - 30 * DAY),
      validFrom: new Date(now - 30 * DAY),
      validUntil: new Date(now + 335 * DAY),
      ...certificate,
    },
  })
  return { vendor, contract, number }
}

beforeAll(async () => {
  agencyA = await createOrganization(db(), { kind: 'agency', legalName: `Registry Agency A ${token}` })
  agencyB = await createOrganization(db(), { kind: 'agency', legalName: `Registry Agency B ${token}` })

  // Agency A: one certificate of each state, a few industries, awkward names.
  numbers.valid = (await vendorWithCertificate(agencyA, `Acme Valid ${token} LLC`, { industries: ['construction', 'landscaping'], uei: 'R7K2M4N8P3Q5' })).number
  numbers.revoked = (
    await vendorWithCertificate(agencyA, `Revoked ${token} Inc.`, { certificate: { status: 'revoked', revokedAt: new Date(now - DAY), revocationReason: 'Recruitment fees' } })
  ).number
  const replacement = await vendorWithCertificate(agencyA, `Zeta Replaced ${token} Co.`)
  numbers.replacement = replacement.number
  numbers.superseded = (await vendorWithCertificate(agencyA, `Superseded ${token} Co.`, { certificate: { status: 'superseded' } })).number
  numbers.expired = (
    await vendorWithCertificate(agencyA, `Expired ${token} Co.`, {
      certificate: { issuedAt: new Date(now - 400 * DAY), validFrom: new Date(now - 400 * DAY), validUntil: new Date(now - 35 * DAY) },
    })
  ).number
  numbers.notYetValid = (
    await vendorWithCertificate(agencyA, `Future ${token} Co.`, { certificate: { validFrom: new Date(now + 2 * DAY), validUntil: new Date(now + 367 * DAY) } })
  ).number
  numbers.percent = (await vendorWithCertificate(agencyA, `100% Clean_Co ${token}`, { industries: ['cleaning'] })).number
  numbers.formula = (await vendorWithCertificate(agencyA, `=HYPERLINK("http://evil.example","x") ${token}`, { industries: ['hospitality'] })).number
  numbers.accents = (await vendorWithCertificate(agencyA, `Jardinería Peña ${token} S.A.`, { industries: ['landscaping'] })).number

  // Agency B: 27 valid certificates, enough for two pages.
  for (let i = 1; i <= 27; i++) {
    const { number } = await vendorWithCertificate(agencyB, `Paging ${token} ${String(i).padStart(2, '0')}`, { industries: [i % 2 ? 'security_services' : 'event_staffing'] })
    numbers[`paging${i}`] = number
  }
})

const filters = (overrides: Partial<RegistryFilters> = {}): RegistryFilters => ({ q: '', industry: '', agency: '', ...overrides })
const numbersOf = (page: RegistryPage) => page.rows.map((r) => r.number)
const page = (query: string) => callRoute(registryLoader, { request: getRequest(`/registry${query}`) })
const csv = (query: string) => callRoute(csvLoader, { request: getRequest(`/registry.csv${query}`) })
type PageData = { results: RegistryPage | null; problems: Record<string, string>; filters: RegistryFilters }
const pageData = (result: RouteResult) => result.data as PageData

function csvRows(result: RouteResult): string[][] {
  const text = String(result.data)
  return parse(text, { bom: true }) as string[][]
}

describe('searchRegistry', () => {
  test('lists only certificates valid now: not revoked, superseded, expired or not yet valid', async () => {
    const result = await searchRegistry(filters({ agency: agencyA.id }))
    const listed = new Set(numbersOf(result))
    for (const key of ['valid', 'replacement', 'percent', 'formula', 'accents']) expect(listed.has(numbers[key] ?? ''), key).toBe(true)
    for (const key of ['revoked', 'superseded', 'expired', 'notYetValid']) expect(listed.has(numbers[key] ?? ''), key).toBe(false)
    expect(result.total).toBe(5)
  })

  test('a row names the vendor, its UEI, the industries of the covered contracts, the agency and the validity', async () => {
    const result = await searchRegistry(filters({ q: `Acme Valid ${token}` }))
    expect(result.rows).toEqual([
      {
        number: numbers.valid,
        vendorName: `Acme Valid ${token} LLC`,
        uei: 'R7K2M4N8P3Q5',
        // In the order of the industry list, not alphabetical.
        industries: ['construction', 'landscaping'],
        agencyId: agencyA.id,
        agencyName: agencyA.legalName,
        validUntil: new Date(now + 335 * DAY),
      },
    ])
  })

  test('q matches part of the legal name in any case, or the exact UEI typed loosely', async () => {
    expect(numbersOf(await searchRegistry(filters({ q: `acme valid ${token.toLowerCase()}` })))).toEqual([numbers.valid])
    expect(numbersOf(await searchRegistry(filters({ q: `jardinería peña ${token.toLowerCase()}` })))).toEqual([numbers.accents])
    expect(numbersOf(await searchRegistry(filters({ q: 'r7k2 m4n8 p3q5' })))).toEqual([numbers.valid])
    // Part of a UEI is not a search by UEI.
    expect((await searchRegistry(filters({ q: 'R7K2M4N8', agency: agencyA.id }))).total).toBe(0)
  })

  test('% and _ are literal characters, not wildcards', async () => {
    expect(numbersOf(await searchRegistry(filters({ q: '%', agency: agencyA.id })))).toEqual([numbers.percent])
    expect(numbersOf(await searchRegistry(filters({ q: '_', agency: agencyA.id })))).toEqual([numbers.percent])
    expect(numbersOf(await searchRegistry(filters({ q: '100% Clean_Co', agency: agencyA.id })))).toEqual([numbers.percent])
    expect((await searchRegistry(filters({ q: '100%Clean', agency: agencyA.id }))).total).toBe(0)
    expect((await searchRegistry(filters({ q: '\\', agency: agencyA.id }))).total).toBe(0)
  })

  test('industry matches any contract the certificate covers', async () => {
    expect(numbersOf(await searchRegistry(filters({ industry: 'landscaping', agency: agencyA.id })))).toEqual([numbers.valid, numbers.accents])
    expect(numbersOf(await searchRegistry(filters({ industry: 'construction', agency: agencyA.id })))).toEqual([numbers.valid])
    expect((await searchRegistry(filters({ industry: 'agriculture', agency: agencyA.id }))).total).toBe(0)
  })

  test('agency keeps to that agency, and filters combine', async () => {
    expect((await searchRegistry(filters({ agency: agencyB.id }))).total).toBe(27)
    expect((await searchRegistry(filters({ q: `Paging ${token}`, agency: agencyA.id }))).total).toBe(0)
    expect((await searchRegistry(filters({ q: `Paging ${token}`, agency: agencyB.id, industry: 'event_staffing' }))).total).toBe(13)
  })

  test('25 a page, ordered by vendor name then number; a page past the end is empty', async () => {
    const first = await searchRegistry(filters({ agency: agencyB.id }))
    expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2 })
    expect(first.rows).toHaveLength(REGISTRY_PAGE_SIZE)
    expect(first.rows[0]?.vendorName).toBe(`Paging ${token} 01`)
    expect(first.rows[24]?.vendorName).toBe(`Paging ${token} 25`)
    const second = await searchRegistry(filters({ agency: agencyB.id }), { page: 2 })
    expect(second.rows.map((r) => r.vendorName)).toEqual([`Paging ${token} 26`, `Paging ${token} 27`])
    expect((await searchRegistry(filters({ agency: agencyB.id }), { page: 3 })).rows).toEqual([])
  })

  test('at a later time, certificates that expired by then are gone', async () => {
    const later = await searchRegistry(filters({ agency: agencyA.id }), { now: new Date(now + 340 * DAY) })
    expect(numbersOf(later)).toEqual([numbers.notYetValid])
    const soon = await searchRegistry(filters({ agency: agencyA.id }), { now: new Date(now + 3 * DAY) })
    expect(numbersOf(soon)).toContain(numbers.notYetValid)
  })

  test('the export batches return the same rows in the same order as the pages', async () => {
    const batched: string[] = []
    for await (const row of registryRowsInBatches(filters({ agency: agencyB.id }), { batchSize: 4 })) batched.push(row.number)
    const paged = [...numbersOf(await searchRegistry(filters({ agency: agencyB.id }))), ...numbersOf(await searchRegistry(filters({ agency: agencyB.id }), { page: 2 }))]
    expect(batched).toEqual(paged)
  })
})

describe('GET /registry', () => {
  test('shows the first page with its filters and no-store', async () => {
    const result = await page(`?agency=${agencyB.id}`)
    expect(result.status).toBe(200)
    expect(result.headers.get('Cache-Control')).toBe('no-store')
    const { results, filters: echoed } = pageData(result)
    expect(echoed).toEqual(filters({ agency: agencyB.id }))
    expect(results).toMatchObject({ total: 27, page: 1, pageCount: 2 })
  })

  test('page 2 and the filters kept', async () => {
    const result = await page(`?q=${encodeURIComponent(`paging ${token}`)}&agency=${agencyB.id}&page=2`)
    expect(result.status).toBe(200)
    expect(pageData(result).results?.rows).toHaveLength(2)
    expect(pageData(result).filters.q).toBe(`paging ${token}`)
  })

  test.each([
    ['page=0', ''],
    ['page=-1', ''],
    ['page=abc', ''],
    ['page=1.5', ''],
    ['page=99999999999999999999', ''],
  ])('%s redirects to the first page', async (pageParam) => {
    const result = await page(`?agency=${agencyB.id}&${pageParam}`)
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/registry?agency=${agencyB.id}`)
  })

  test('a page past the end redirects to the last page; with no results, to the first', async () => {
    const past = await page(`?agency=${agencyB.id}&page=7`)
    expect(past.status).toBe(302)
    expect(past.location).toBe(`/registry?agency=${agencyB.id}&page=2`)
    const nothing = await page(`?q=nothing-matches-${token}&page=3`)
    expect(nothing.status).toBe(302)
    expect(nothing.location).toBe(`/registry?q=nothing-matches-${token}`)
  })

  test('no match: 200 with an empty result', async () => {
    const result = await page(`?q=nothing-matches-${token}`)
    expect(result.status).toBe(200)
    expect(pageData(result).results).toMatchObject({ total: 0, rows: [], pageCount: 0 })
  })

  test.each([
    ['an unknown industry', '?industry=underwater_basket_weaving', { industry: 'registry.error.industry' }],
    ['an unknown agency', '?agency=not-an-agency', { agency: 'registry.error.agency' }],
    ['a vendor organization as agency', () => `?agency=${agencyB.id}x`, { agency: 'registry.error.agency' }],
    ['a search of 201 characters', `?q=${'a'.repeat(201)}`, { q: 'registry.error.qTooLong' }],
  ] as const)('%s: 400 with the message next to the field, no results', async (_name, query, problems) => {
    const result = await page(typeof query === 'function' ? query() : query)
    expect(result.status).toBe(400)
    expect(result.thrown).toBe(false)
    expect(pageData(result).problems).toEqual(problems)
    expect(pageData(result).results).toBeNull()
  })

  test('a search of exactly 200 characters is fine', async () => {
    const result = await page(`?q=${'a'.repeat(200)}`)
    expect(result.status).toBe(200)
  })
})

describe('GET /registry.csv', () => {
  test('every matching row (no pages), header first, UTF-8 with BOM, as an attachment with the date', async () => {
    const result = await csv(`?agency=${agencyB.id}`)
    expect(result.status).toBe(200)
    expect(result.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present')
    expect(result.headers.get('Content-Disposition')).toMatch(/^attachment; filename="certified-vendors-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(result.headers.get('Cache-Control')).toBe('no-store')
    // Response.text() drops a byte order mark, so look at the bytes.
    const raw = await csvLoader({ request: getRequest(`/registry.csv?agency=${agencyB.id}`), params: {}, context: { cspNonce: '' } })
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 'V'.charCodeAt(0)])
    const rows = csvRows(result)
    expect(rows[0]).toEqual(['Vendor', 'UEI', 'Industries', 'Agency', 'Certificate', 'Valid until', 'Verification link'])
    expect(rows).toHaveLength(28)
    expect(rows[1]?.[0]).toBe(`Paging ${token} 01`)
    expect(rows[1]?.[2]).toBe('Security guards')
    expect(rows[1]?.[3]).toBe(agencyB.legalName)
    expect(rows[1]?.[4]).toBe(numbers.paging1)
    expect(rows[1]?.[5]).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(rows[1]?.[6]).toBe(`http://portal.test/verify/${numbers.paging1}`)
  })

  test('honours q and industry; accents survive; formula cells are neutralized', async () => {
    const landscaping = csvRows(await csv(`?agency=${agencyA.id}&industry=landscaping`))
    expect(landscaping.slice(1).map((r) => r[4])).toEqual([numbers.valid, numbers.accents])
    expect(landscaping[1]?.[2]).toBe('Construction; Landscaping')
    expect(landscaping[2]?.[0]).toBe(`Jardinería Peña ${token} S.A.`)

    const formula = csvRows(await csv(`?q=${encodeURIComponent('HYPERLINK')}&agency=${agencyA.id}`))
    expect(formula).toHaveLength(2)
    expect(formula[1]?.[0]).toBe(`'=HYPERLINK("http://evil.example","x") ${token}`)

    const byUei = csvRows(await csv('?q=R7K2M4N8P3Q5'))
    expect(byUei.slice(1).map((r) => r[4])).toEqual([numbers.valid])
  })

  test('the header row follows the language', async () => {
    const result = await callRoute(csvLoader, { request: getRequest(`/registry.csv?agency=${agencyA.id}&industry=landscaping`, { headers: { 'Accept-Language': 'es-US,es' } }) })
    const rows = csvRows(result)
    expect(rows[0]?.[0]).toBe('Proveedor')
    expect(rows[1]?.[2]).toBe('Construcción; Jardinería y paisajismo')
  })

  test('no match: only the header', async () => {
    expect(csvRows(await csv(`?q=nothing-matches-${token}`))).toHaveLength(1)
  })

  test.each([
    ['?industry=nope', /no such industry/],
    ['?agency=nope', /no such agency/],
    [`?q=${'x'.repeat(201)}`, /at most 200 characters/],
  ])('%s: 400 in plain words', async (query, message) => {
    const result = await csv(query)
    expect(result.status).toBe(400)
    expect(result.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(String(result.data)).toMatch(message)
  })

  test('a bad page number does not matter to the export', async () => {
    expect((await csv(`?agency=${agencyB.id}&page=abc`)).status).toBe(200)
  })
})

describe('the registry query uses the indexes', () => {
  test('with sequential scans made expensive, the agency filter reads the certificate index', async () => {
    // Small test tables make a sequential scan the cheapest plan; this checks the index is usable
    // (bench/registry.bench.ts shows what the planner picks at realistic volume).
    const plan = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`
      const sql = registryPageSql(filters({ agency: agencyB.id }), { page: 1, now: new Date() })
      const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${sql}`)
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    })
    expect(plan).toMatch(/Index (Only )?Scan using "Certificate_agencyId_status_validUntil_idx"|Bitmap Index Scan on "Certificate_agencyId_status_validUntil_idx"/)
  })
})

describe('signing certificates', () => {
  let fingerprint: string
  beforeAll(async () => {
    fingerprint = (await ensureActiveSigningKey(db())).fingerprintSha256
  })

  test('/signing-certificates.pem: every certificate, parseable, fingerprints as stored, cached a few minutes', async () => {
    const result = await callRoute(signingCertificatesPem, { request: getRequest('/signing-certificates.pem') })
    expect(result.status).toBe(200)
    expect(result.headers.get('Content-Type')).toBe('application/x-pem-file')
    expect(result.headers.get('Cache-Control')).toBe('public, max-age=300')
    const pems = String(result.data).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
    const stored = await db().signingKey.findMany({ select: { fingerprintSha256: true } })
    expect(pems).toHaveLength(stored.length)
    const fingerprints = pems.map((pem) => new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase())
    expect(new Set(fingerprints)).toEqual(new Set(stored.map((s) => s.fingerprintSha256)))
    expect(fingerprints).toContain(fingerprint)
    expect(String(result.data)).not.toMatch(/PRIVATE KEY/)
  })

  test('/signing-certificates/<fingerprint>.pem: that one certificate', async () => {
    for (const file of [`${fingerprint}.pem`, `${fingerprint.toUpperCase()}.pem`]) {
      const result = await callRoute(oneSigningCertificateLoader, { request: getRequest(`/signing-certificates/${file}`), params: { file } })
      expect(result.status).toBe(200)
      const certificate = new X509Certificate(String(result.data))
      expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(fingerprint)
    }
  })

  test.each([['0'.repeat(64) + '.pem'], ['not-a-fingerprint.pem'], [`${'a'.repeat(64)}`], ['']])('%j → 404', async (file) => {
    const result = await callRoute(oneSigningCertificateLoader, { request: getRequest(`/signing-certificates/${file}`), params: { file } })
    expect(result.status).toBe(404)
  })

  test('/signing-certificates lists subject, fingerprint, validity and status, without the PEM text', async () => {
    const result = await callRoute(signingCertificatesPage, { request: getRequest('/signing-certificates') })
    expect(result.status).toBe(200)
    expect(result.headers.get('Cache-Control')).toBe('no-store')
    const { certificates } = result.data as { certificates: { fingerprintSha256: string; fingerprintDisplay: string; subject: string; validFrom: Date; validTo: Date; active: boolean }[] }
    const ours = certificates.find((c) => c.fingerprintSha256 === fingerprint)
    expect(ours).toMatchObject({ active: true, subject: expect.stringMatching(/^CN=/) })
    expect(ours?.fingerprintDisplay.replace(/:/g, '').toLowerCase()).toBe(fingerprint)
    expect(ours?.validTo.getTime()).toBeGreaterThan(ours?.validFrom.getTime() ?? Infinity)
    expect(JSON.stringify(certificates)).not.toMatch(/BEGIN CERTIFICATE/)
  })
})
