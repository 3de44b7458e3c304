import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hitRateLimit, pruneRateLimits, RATE_LIMITS, resetRateLimit } from '~/auth/rate-limit.server'
import { createPrismaClient, db } from '~/db/db.server'
import type { PrismaClient } from '~/generated/prisma/client'
import { testDatabaseUrl } from '#tests/support/worker-database'

// The worker database is shared with other test files, so every test uses keys of its own.
const uniqueKey = (label: string) => `test:${label}:${randomBytes(6).toString('hex')}`
const t0 = new Date('2025-03-01T12:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

// A second client with its own connection pool: a second app instance on the same database.
let otherInstance: PrismaClient
beforeAll(() => {
  otherInstance = createPrismaClient(testDatabaseUrl)
})
afterAll(async () => {
  await otherInstance.$disconnect()
})

describe('hitRateLimit', () => {
  test('allows exactly `limit` hits in a window, then refuses with Retry-After', async () => {
    const key = uniqueKey('exact')
    const policy = { key, limit: 3, windowMs: 60_000 }
    expect(await hitRateLimit(db(), { ...policy, now: at(0) })).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 })
    expect(await hitRateLimit(db(), { ...policy, now: at(1_000) })).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 })
    expect(await hitRateLimit(db(), { ...policy, now: at(2_000) })).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 })
    // The window started at t0 and lasts 60 s: 50 s left at t0 + 10 s; 49.5 s rounds up to 50.
    expect(await hitRateLimit(db(), { ...policy, now: at(10_000) })).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 })
    expect(await hitRateLimit(db(), { ...policy, now: at(10_500) })).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 50 })

    const row = await db().rateLimit.findUniqueOrThrow({ where: { key } })
    // Refused hits count too; the window start is the first hit's time, stored exactly (UTC).
    expect(row).toEqual({ key, hits: 5, windowStart: t0 })
  })

  test('a limit of 0 refuses everything', async () => {
    const result = await hitRateLimit(db(), { key: uniqueKey('zero'), limit: 0, windowMs: 1_000, now: t0 })
    expect(result).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 })
  })

  test('a new window starts once the old one has fully elapsed', async () => {
    const key = uniqueKey('expiry')
    const policy = { key, limit: 2, windowMs: 60_000 }
    await hitRateLimit(db(), { ...policy, now: at(0) })
    await hitRateLimit(db(), { ...policy, now: at(0) })
    // 1 ms before the window ends: still refused, and that refusal does not extend the window.
    expect(await hitRateLimit(db(), { ...policy, now: at(59_999) })).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 })
    // Exactly at the end: a fresh window starting now.
    expect(await hitRateLimit(db(), { ...policy, now: at(60_000) })).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 })
    expect(await db().rateLimit.findUniqueOrThrow({ where: { key } })).toEqual({ key, hits: 1, windowStart: at(60_000) })
    expect(await hitRateLimit(db(), { ...policy, now: at(119_000) })).toEqual({ allowed: true, remaining: 0, retryAfterSeconds: 0 })
    expect(await hitRateLimit(db(), { ...policy, now: at(119_999) })).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 })
    // Long after: fresh again.
    expect(await hitRateLimit(db(), { ...policy, now: at(3_600_000) })).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 })
  })

  test('30 concurrent hits with a limit of 10: exactly 10 are allowed', async () => {
    const key = uniqueKey('concurrent')
    const results = await Promise.all(
      Array.from({ length: 30 }, () => hitRateLimit(db(), { key, limit: 10, windowMs: 60_000, now: t0 })),
    )
    const allowed = results.filter((r) => r.allowed)
    expect(allowed).toHaveLength(10)
    // Each allowed hit saw a different count: no two read the same value.
    expect(allowed.map((r) => r.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect((await db().rateLimit.findUniqueOrThrow({ where: { key } })).hits).toBe(30)
  })

  test('two app instances (separate clients and pools) share one count', async () => {
    const key = uniqueKey('instances')
    const policy = { key, limit: 4, windowMs: 60_000, now: t0 }
    expect((await hitRateLimit(db(), policy)).remaining).toBe(3)
    expect((await hitRateLimit(otherInstance, policy)).remaining).toBe(2)
    expect((await hitRateLimit(db(), policy)).remaining).toBe(1)
    expect((await hitRateLimit(otherInstance, policy)).remaining).toBe(0)
    expect((await hitRateLimit(db(), policy)).allowed).toBe(false)
    expect((await hitRateLimit(otherInstance, policy)).allowed).toBe(false)

    // And concurrently from both: 12 + 12 hits, limit 10.
    const concurrentKey = uniqueKey('instances_concurrent')
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        hitRateLimit(i % 2 === 0 ? db() : otherInstance, { key: concurrentKey, limit: 10, windowMs: 60_000, now: t0 }),
      ),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(10)
  })

  test('works inside a transaction and rolls back with it', async () => {
    const key = uniqueKey('tx')
    await expect(
      db().$transaction(async (tx) => {
        await hitRateLimit(tx, { key, limit: 1, windowMs: 60_000, now: t0 })
        throw new Error('abandoned')
      }),
    ).rejects.toThrow('abandoned')
    expect(await db().rateLimit.findUnique({ where: { key } })).toBeNull()
  })

  test('rejects a nonsensical policy', async () => {
    await expect(hitRateLimit(db(), { key: uniqueKey('bad'), limit: 1.5, windowMs: 1_000 })).rejects.toThrow(RangeError)
    await expect(hitRateLimit(db(), { key: uniqueKey('bad'), limit: 1, windowMs: 0 })).rejects.toThrow(RangeError)
  })
})

describe('resetRateLimit and pruneRateLimits', () => {
  test('reset clears one key and leaves others alone', async () => {
    const key = uniqueKey('reset')
    const other = uniqueKey('reset_other')
    const policy = { limit: 2, windowMs: 60_000, now: t0 }
    for (let i = 0; i < 3; i++) {
      await hitRateLimit(db(), { ...policy, key })
      await hitRateLimit(db(), { ...policy, key: other })
    }
    expect((await hitRateLimit(db(), { ...policy, key })).allowed).toBe(false)

    await resetRateLimit(db(), key)
    expect(await db().rateLimit.findUnique({ where: { key } })).toBeNull()
    expect(await hitRateLimit(db(), { ...policy, key })).toEqual({ allowed: true, remaining: 1, retryAfterSeconds: 0 })
    expect((await hitRateLimit(db(), { ...policy, key: other })).allowed).toBe(false)
    // Resetting a key that has no row is not an error.
    await expect(resetRateLimit(db(), uniqueKey('never_hit'))).resolves.toBeUndefined()
  })

  test('prune deletes only counters whose window started before the cut-off', async () => {
    const old = uniqueKey('prune_old')
    const recent = uniqueKey('prune_recent')
    const cutoff = new Date('1990-06-01T00:00:00.000Z')
    await hitRateLimit(db(), { key: old, limit: 5, windowMs: 60_000, now: new Date('1990-05-31T23:59:59.999Z') })
    await hitRateLimit(db(), { key: recent, limit: 5, windowMs: 60_000, now: cutoff })

    expect(await pruneRateLimits(db(), cutoff)).toBeGreaterThanOrEqual(1)
    expect(await db().rateLimit.findUnique({ where: { key: old } })).toBeNull()
    expect(await db().rateLimit.findUnique({ where: { key: recent } })).not.toBeNull()
  })
})

test('the auth policies are sane', () => {
  for (const policy of Object.values(RATE_LIMITS)) {
    expect(Number.isInteger(policy.limit) && policy.limit > 0).toBe(true)
    expect(policy.windowMs).toBeGreaterThanOrEqual(60_000)
  }
  // Per-account limits stop guessing one password from many addresses, so they are the tight ones;
  // per-IP limits must leave room for many people behind one office address.
  expect(RATE_LIMITS.signInPerAccount.limit).toBeLessThan(RATE_LIMITS.signInPerIp.limit)
  expect(RATE_LIMITS.resetPerAccount.limit).toBeLessThan(RATE_LIMITS.resetPerIp.limit)
})
