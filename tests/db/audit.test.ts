import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { computeAuditHash, GENESIS_HASH, recordAuditEvent, verifyAuditChain } from '~/audit/audit.server'
import { createPrismaClient } from '~/db/db.server'
import { dropDatabase, ensureDatabase, withDatabase } from '~/db/postgres.server'
import type { Prisma, PrismaClient } from '~/generated/prisma/client'

// Every test here runs in a database of its own, cloned from the migrated template: the chain is
// global to a database, so exact counts and tampering must not meet other test files' events.

const adminUrl = inject('postgresAdminUrl')

type FreshDatabase = { client: PrismaClient; drop(): Promise<void> }

async function freshDatabase(label: string): Promise<FreshDatabase> {
  const name = `portal_test_${inject('runId')}_audit_${label}_${randomBytes(4).toString('hex')}`
  for (let attempt = 0; ; attempt++) {
    try {
      await ensureDatabase(adminUrl, name, { template: inject('templateDatabase') })
      break
    } catch (error) {
      // Another worker is cloning the template at this moment.
      const busy = error instanceof Error && /being accessed by other users/.test(error.message)
      if (!busy || attempt > 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    }
  }
  const client = createPrismaClient(withDatabase(adminUrl, name))
  return {
    client,
    async drop() {
      await client.$disconnect()
      await dropDatabase(adminUrl, name)
    },
  }
}

async function seedEvents(client: PrismaClient, n: number) {
  const events = []
  for (let i = 1; i <= n; i++) {
    events.push(await recordAuditEvent(client, { action: 'test.seeded', targetType: 'Thing', targetId: `t${i}`, data: { i } }))
  }
  return events
}

/** Tamper as a superuser would: lift the append-only trigger just for this statement. */
async function asSuperuser(client: PrismaClient, statement: (tx: Prisma.TransactionClient) => Promise<unknown>) {
  await client.$transaction(async (tx) => {
    await tx.$executeRaw`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`
    await statement(tx)
    await tx.$executeRaw`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"`
  })
}

describe('recording and verifying the audit chain', () => {
  let database: FreshDatabase
  let client: PrismaClient
  beforeAll(async () => {
    database = await freshDatabase('chain')
    client = database.client
  })
  afterAll(async () => {
    await database.drop()
  })

  test('an empty log verifies', async () => {
    await expect(verifyAuditChain(client)).resolves.toEqual({ ok: true, count: 0 })
  })

  test('the first event chains to 64 zeros; its hash is SHA-256 of prevHash + canonical content', async () => {
    const user = await client.user.create({ data: { email: `a-${randomBytes(4).toString('hex')}@example.test`, name: 'Ada', passwordHash: 'x' } })
    const org = await client.organization.create({ data: { kind: 'vendor', legalName: 'Acme Supply LLC' } })
    const event = await recordAuditEvent(client, {
      action: 'certificate.issued',
      actorUserId: user.id,
      organizationId: org.id,
      targetType: 'Certificate',
      targetId: 'cert_1',
      occurredAt: new Date('2025-01-02T03:04:05.678Z'),
      data: {
        zeta: 1,
        alpha: { when: new Date('2024-05-06T07:08:09.010Z'), nothing: undefined, list: [1, 'two', null, { y: true, x: false }] },
        é: 'accent',
      },
    })

    // The serialization is pinned here on purpose: changing it invalidates every stored chain.
    const canonical =
      `{"action":"certificate.issued","actorUserId":"${user.id}",` +
      `"data":{"alpha":{"list":[1,"two",null,{"x":false,"y":true}],"when":"2024-05-06T07:08:09.010Z"},"zeta":1,"é":"accent"},` +
      `"occurredAt":"2025-01-02T03:04:05.678Z","organizationId":"${org.id}","targetId":"cert_1","targetType":"Certificate"}`
    expect(event.prevHash).toBe(GENESIS_HASH)
    expect(GENESIS_HASH).toBe('0'.repeat(64))
    expect(event.hash).toBe(createHash('sha256').update(GENESIS_HASH + canonical).digest('hex'))

    const stored = await client.auditEvent.findUniqueOrThrow({ where: { sequence: event.sequence } })
    expect(stored.occurredAt.toISOString()).toBe('2025-01-02T03:04:05.678Z')
    expect(stored.data).toEqual({ zeta: 1, alpha: { when: '2024-05-06T07:08:09.010Z', list: [1, 'two', null, { y: true, x: false }] }, é: 'accent' })
    await expect(verifyAuditChain(client)).resolves.toEqual({ ok: true, count: 1 })
  })

  test('many events, through transactions and the plain client, verify in any batch size', async () => {
    let previous = (await client.auditEvent.findFirstOrThrow({ orderBy: { sequence: 'desc' } })).hash
    for (let i = 0; i < 20; i++) {
      const event =
        i % 2 === 0
          ? await client.$transaction((tx) => recordAuditEvent(tx, { action: 'test.tx', data: { i, nested: { b: [i], a: 'x' } } }))
          : await recordAuditEvent(client, { action: 'test.plain', targetType: 'Thing', targetId: String(i) })
      expect(event.prevHash).toBe(previous)
      previous = event.hash
    }
    // 21 events: batch sizes that divide it, don't, and exceed it.
    for (const batchSize of [1, 7, 8, 1000]) {
      await expect(verifyAuditChain(client, { batchSize })).resolves.toEqual({ ok: true, count: 21 })
    }
  })

  test('awkward JSON (floats, big numbers, unicode, empty containers, "__proto__") still verifies after storage', async () => {
    const count = await client.auditEvent.count()
    const data = JSON.parse(
      '{"__proto__": {"polluted": true}, "float": 0.1, "big": 12345678901234567890, "tiny": 5e-324, "exp": 1e21,' +
        ' "neg": -0, "text": "line\\nbreak \\"quoted\\" 🚫 雇用", "empty": {}, "list": [], "nan": null, "deep": [[[{"z": 1, "a": 2}]]]}',
    )
    await recordAuditEvent(client, { action: 'test.awkward', data: { ...data, nested: data, notANumber: Number.NaN, at: new Date(0) } })
    const stored = await client.auditEvent.findFirstOrThrow({ where: { action: 'test.awkward' } })
    // Prisma drops "__proto__" keys when writing JSON; the hash must have been computed without it.
    expect(stored.data).not.toHaveProperty('polluted')
    expect(Object.keys(stored.data ?? {})).not.toContain('__proto__')
    await expect(verifyAuditChain(client)).resolves.toEqual({ ok: true, count: count + 1 })
  })

  test('20 concurrent appends still form one valid chain with distinct hashes', async () => {
    const before = await client.auditEvent.count()
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? recordAuditEvent(client, { action: 'test.concurrent', data: { i } })
          : client.$transaction(async (tx) => {
              // Work in the same transaction before the audit call, as a real mutation would do.
              await tx.organization.create({ data: { kind: 'vendor', legalName: `Concurrent ${i}` } })
              return recordAuditEvent(tx, { action: 'test.concurrent', data: { i } })
            }),
      ),
    )
    const rows = await client.auditEvent.findMany({ orderBy: { sequence: 'asc' } })
    expect(rows).toHaveLength(before + 20)
    expect(new Set(rows.map((r) => r.hash)).size).toBe(rows.length)
    // No fork: no two events point at the same predecessor.
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(rows.length)
    await expect(verifyAuditChain(client, { batchSize: 6 })).resolves.toEqual({ ok: true, count: rows.length })
  })

  test('an event recorded in a transaction that rolls back is not stored, and the chain goes on', async () => {
    const last = await client.auditEvent.findFirstOrThrow({ orderBy: { sequence: 'desc' } })
    const count = await client.auditEvent.count()
    await expect(
      client.$transaction(async (tx) => {
        await recordAuditEvent(tx, { action: 'test.rolled_back' })
        throw new Error('the audited change failed')
      }),
    ).rejects.toThrow('the audited change failed')
    expect(await client.auditEvent.count()).toBe(count)
    expect(await client.auditEvent.count({ where: { action: 'test.rolled_back' } })).toBe(0)

    const next = await recordAuditEvent(client, { action: 'test.after_rollback' })
    expect(next.prevHash).toBe(last.hash)
    // The rolled-back insert used up a sequence number: gaps are normal and must not fail verification.
    expect(next.sequence).toBeGreaterThan(last.sequence + 1n)
    await expect(verifyAuditChain(client)).resolves.toEqual({ ok: true, count: count + 1 })
  })

  test('refuses to append inside a REPEATABLE READ transaction (its snapshot could miss the latest event)', async () => {
    const count = await client.auditEvent.count()
    await expect(
      client.$transaction((tx) => recordAuditEvent(tx, { action: 'test.repeatable_read' }), { isolationLevel: 'RepeatableRead' }),
    ).rejects.toThrow(/READ COMMITTED/)
    expect(await client.auditEvent.count()).toBe(count)
  })

  test('the database refuses a plain UPDATE or DELETE of an audit event', async () => {
    const event = await client.auditEvent.findFirstOrThrow({ orderBy: { sequence: 'asc' } })
    await expect(client.$executeRaw`UPDATE "AuditEvent" SET "action" = 'forged' WHERE "sequence" = ${event.sequence}`).rejects.toThrow(/append-only/)
    await expect(client.$executeRaw`DELETE FROM "AuditEvent" WHERE "sequence" = ${event.sequence}`).rejects.toThrow(/append-only/)
    await expect(client.auditEvent.update({ where: { sequence: event.sequence }, data: { action: 'forged' } })).rejects.toThrow(/append-only/)
    await expect(client.auditEvent.deleteMany({})).rejects.toThrow(/append-only/)
    const after = await client.auditEvent.findUniqueOrThrow({ where: { sequence: event.sequence } })
    expect(after).toEqual(event)
    const verification = await verifyAuditChain(client)
    expect(verification.ok).toBe(true)
  })
})

describe('tampering is detected', () => {
  const databases: FreshDatabase[] = []
  async function chainOf(label: string, n: number) {
    const database = await freshDatabase(label)
    databases.push(database)
    return { client: database.client, events: await seedEvents(database.client, n) }
  }
  afterAll(async () => {
    for (const database of databases) await database.drop()
  })

  test('editing a row’s data → hash_mismatch at that row', async () => {
    const { client, events } = await chainOf('edit', 6)
    const target = events[2]!
    await asSuperuser(client, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "data" = '{"i": 999}' WHERE "sequence" = ${target.sequence}`)
    await expect(verifyAuditChain(client, { batchSize: 2 })).resolves.toEqual({
      ok: false,
      count: 3,
      brokenAt: { sequence: target.sequence, reason: 'hash_mismatch' },
    })
  })

  test('editing a row’s timestamp → hash_mismatch at that row', async () => {
    const { client, events } = await chainOf('time', 4)
    const target = events[1]!
    await asSuperuser(client, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "occurredAt" = "occurredAt" - interval '1 millisecond' WHERE "sequence" = ${target.sequence}`)
    const result = await verifyAuditChain(client)
    expect(result).toEqual({ ok: false, count: 2, brokenAt: { sequence: target.sequence, reason: 'hash_mismatch' } })
  })

  test('deleting a middle row → prev_hash_mismatch at the row after it', async () => {
    const { client, events } = await chainOf('delete', 6)
    const deleted = events[3]!
    const following = events[4]!
    await asSuperuser(client, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "sequence" = ${deleted.sequence}`)
    await expect(verifyAuditChain(client, { batchSize: 4 })).resolves.toEqual({
      ok: false,
      count: 4,
      brokenAt: { sequence: following.sequence, reason: 'prev_hash_mismatch' },
    })
  })

  test('deleting the first row → prev_hash_mismatch at the new first row', async () => {
    const { client, events } = await chainOf('delete_first', 3)
    await asSuperuser(client, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "sequence" = ${events[0]!.sequence}`)
    await expect(verifyAuditChain(client)).resolves.toEqual({
      ok: false,
      count: 1,
      brokenAt: { sequence: events[1]!.sequence, reason: 'prev_hash_mismatch' },
    })
  })

  test('editing a row and recomputing its hash → prev_hash_mismatch at the next row', async () => {
    const { client, events } = await chainOf('rehash', 5)
    const target = events[1]!
    const forgedData = { i: 999 }
    const forgedHash = computeAuditHash(target.prevHash, { ...target, data: forgedData })
    await asSuperuser(
      client,
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "data" = ${JSON.stringify(forgedData)}::jsonb, "hash" = ${forgedHash} WHERE "sequence" = ${target.sequence}`,
    )
    await expect(verifyAuditChain(client)).resolves.toEqual({
      ok: false,
      count: 3,
      brokenAt: { sequence: events[2]!.sequence, reason: 'prev_hash_mismatch' },
    })
  })
})
