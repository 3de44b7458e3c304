import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { newCertificateNumber } from '~/certificates/number'
import { revokeCertificate } from '~/certificates/revoke.server'
import { certificateStatusAnswer, type CachedCertificateStatus, type PlainAnswer } from '~/certificates/status-api.server'
import { CertificateStatusCache } from '~/certificates/status-cache.server'
import { db } from '~/db/db.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import type { Contract } from '~/generated/prisma/client'
import { useMailCatcher } from '#tests/support/routes'
import { testDatabaseUrl } from '#tests/support/worker-database'

// The public status API answers from memory (docs/decisions/010): two caches here stand for two
// portal instances on one database. A revocation, by the portal or by hand in SQL, must show in
// both on the next request after PostgreSQL delivers the notification; a lost listening
// connection empties the cache and it serves again only once LISTEN is back.

useMailCatcher()
const DAY = 24 * 60 * 60 * 1000
const REASON = 'Workers were charged recruitment fees by the staffing agency, found in the site audit.'

let vendor: CreatedOrganization
let agency: CreatedOrganization
let contract: Contract
const caches: CertificateStatusCache<CachedCertificateStatus>[] = []

async function startCache() {
  const cache = new CertificateStatusCache<CachedCertificateStatus>({ connectionString: testDatabaseUrl, reconnectMs: 50, log: () => {} })
  await cache.start()
  caches.push(cache)
  return cache
}

/** A valid certificate, once every running cache has heard of its insertion. */
async function createCertificate(overrides: { validUntil?: Date } = {}) {
  const now = Date.now()
  const number = newCertificateNumber()
  const heard = Promise.all(caches.map((cache) => cache.nextChange(number)))
  await db().certificate.create({
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
  await heard
  return number
}

const statusOf = (answer: PlainAnswer) => (JSON.parse(answer.body ?? '{}') as { status?: string }).status

beforeAll(async () => {
  vendor = await createOrganization(db(), { kind: 'vendor' })
  agency = await createOrganization(db(), { kind: 'agency' })
  contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
})

afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.stop()))
})

afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.stop()))
})

describe('certificate status cache', () => {
  test('answers from memory once read, and a revocation shows in both instances on the next request', async () => {
    const [first, second] = [await startCache(), await startCache()]
    const number = await createCertificate()

    const before = await certificateStatusAnswer(number, null, { cache: first })
    await certificateStatusAnswer(number, null, { cache: second })
    expect(statusOf(before)).toBe('valid')
    expect([first.size, second.size]).toEqual([1, 1])
    // A change made behind the cache's back (no trigger) would not be seen: the answer is memory's.
    await db().$executeRawUnsafe('ALTER TABLE "Certificate" DISABLE TRIGGER "Certificate_status_notify"')
    try {
      await db().certificate.update({ where: { number }, data: { revocationReason: 'unseen' } })
    } finally {
      await db().$executeRawUnsafe('ALTER TABLE "Certificate" ENABLE TRIGGER "Certificate_status_notify"')
    }
    expect((await certificateStatusAnswer(number, null, { cache: first })).body).toBe(before.body)

    const applied = Promise.all([first.nextChange(number), second.nextChange(number)])
    const revoked = await revokeCertificate({ number, reason: REASON, actor: { operator: 'Operator of record' } })
    expect(revoked.ok).toBe(true)
    await applied

    for (const cache of [first, second]) {
      const after = await certificateStatusAnswer(number, before.headers.ETag ?? null, { cache })
      // A client holding the old ETag gets the new status, not a 304.
      expect(after.status).toBe(200)
      expect(statusOf(after)).toBe('revoked')
      expect(after.headers.ETag).not.toBe(before.headers.ETag)
      const again = await certificateStatusAnswer(number, after.headers.ETag ?? null, { cache })
      expect(again.status).toBe(304)
    }
  })

  test('a direct SQL update reaches the cache', async () => {
    const cache = await startCache()
    const number = await createCertificate()
    expect(statusOf(await certificateStatusAnswer(number, null, { cache }))).toBe('valid')

    const applied = cache.nextChange(number)
    await db().$executeRaw`UPDATE "Certificate" SET status = 'revoked', "revokedAt" = now(), "revocationReason" = 'By hand' WHERE number = ${number}`
    await applied
    expect(statusOf(await certificateStatusAnswer(number, null, { cache }))).toBe('revoked')
  })

  test("a renamed vendor shows at once: an organization's change empties the cache", async () => {
    const cache = await startCache()
    const number = await createCertificate()
    await certificateStatusAnswer(number, null, { cache })
    const applied = cache.nextChange(number)
    const legalName = `Renamed Vendor ${Math.random()} LLC`
    await db().organization.update({ where: { id: vendor.id }, data: { legalName } })
    await applied
    const answer = await certificateStatusAnswer(number, null, { cache })
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ vendor: { legalName } })
  })

  test('a newly issued number is found at once (unknown numbers are not cached)', async () => {
    const cache = await startCache()
    const number = newCertificateNumber()
    expect((await certificateStatusAnswer(number, null, { cache })).status).toBe(404)
    await db().certificate.create({
      data: { number, organizationId: vendor.id, agencyId: agency.id, issuedAt: new Date(), validFrom: new Date(), validUntil: new Date(Date.now() + 365 * DAY) },
    })
    expect(statusOf(await certificateStatusAnswer(number, null, { cache }))).toBe('valid')
  })

  test('expiry is derived from the time of each request, with the row in memory', async () => {
    const cache = await startCache()
    const validUntil = new Date(Date.now() + DAY)
    const number = await createCertificate({ validUntil })
    const today = await certificateStatusAnswer(number, null, { cache })
    expect(statusOf(today)).toBe('valid')
    expect(cache.size).toBe(1)

    const later = new Date(validUntil.getTime() + 1)
    const expired = await certificateStatusAnswer(number, today.headers.ETag ?? null, { cache, now: later })
    expect(expired.status).toBe(200)
    expect(statusOf(expired)).toBe('expired')
    expect(expired.headers.ETag).not.toBe(today.headers.ETag)
    // Still one entry: both answers came from the same cached row.
    expect(cache.size).toBe(1)
  })

  test('a killed listening connection empties the cache, which serves again once LISTEN is back', async () => {
    const cache = await startCache()
    const number = await createCertificate()
    await certificateStatusAnswer(number, null, { cache })
    expect(cache.size).toBe(1)
    const pid = cache.listenerPid
    expect(pid).not.toBeNull()

    const admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
    try {
      const flushed = cache.nextChange(number)
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
      await flushed
      expect(cache.isListening).toBe(false)
      expect(cache.size).toBe(0)
      // While not listening it answers from the database and keeps nothing.
      await admin.query(`UPDATE "Certificate" SET status = 'revoked', "revokedAt" = now(), "revocationReason" = 'While away' WHERE number = $1`, [number])
      if (!cache.isListening) {
        expect(statusOf(await certificateStatusAnswer(number, null, { cache }))).toBe('revoked')
        expect(cache.size).toBe(0)
      }
    } finally {
      await admin.end()
    }

    await cache.whenListening()
    expect(cache.listenerPid).not.toBe(pid)
    expect(statusOf(await certificateStatusAnswer(number, null, { cache }))).toBe('revoked')
    expect(cache.size).toBe(1)
    // And it hears notifications again.
    const applied = cache.nextChange(number)
    await db().$executeRaw`UPDATE "Certificate" SET "revocationReason" = 'Restated' WHERE number = ${number}`
    await applied
    expect(JSON.parse((await certificateStatusAnswer(number, null, { cache })).body ?? '{}')).toMatchObject({ revocationReason: 'Restated' })
  })

  test('the cache holds at most its number of entries, dropping the least recently used', async () => {
    const cache = new CertificateStatusCache<CachedCertificateStatus>({ connectionString: testDatabaseUrl, maxEntries: 2, log: () => {} })
    await cache.start()
    caches.push(cache)
    const [a, b, c] = [await createCertificate(), await createCertificate(), await createCertificate()]
    await certificateStatusAnswer(a, null, { cache })
    await certificateStatusAnswer(b, null, { cache })
    expect(cache.get(a)).toBeDefined()
    await certificateStatusAnswer(c, null, { cache })
    expect(cache.size).toBe(2)
    expect(cache.get(b)).toBeUndefined()
    expect(cache.get(a)).toBeDefined()
  })
})
