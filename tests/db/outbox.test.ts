import { createServer } from 'node:net'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createPrismaClient, db } from '~/db/db.server'
import { createContact, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { createMailer, type Mailer } from '~/email/email.server'
import { startMailCatcher, type MailCatcher, type MailCatcherOptions } from '~/email/mail-catcher.server'
import { drainOutbox, enqueueEmail, type DeliveryOptions } from '~/reminders/outbox.server'
import { emailSamples } from '#emails/samples'
import { testDatabaseUrl } from '#tests/support/worker-database'

// Delivery of the outbox over a real SMTP server (product.md §8): retried with backoff while the
// server is down or answers 4xx, failed (visible, not retried) on a permanent refusal, nothing
// lost and nothing sent twice — also when two drains run at once or one dies half-way.

let vendor: CreatedOrganization
const running: { catchers: MailCatcher[]; mailers: Mailer[] } = { catchers: [], mailers: [] }

beforeAll(async () => {
  vendor = await createOrganization(db(), { kind: 'vendor' })
})

afterEach(async () => {
  for (const mailer of running.mailers.splice(0)) mailer.close()
  for (const catcher of running.catchers.splice(0)) await catcher.stop()
})

async function catcherOn(options: MailCatcherOptions = {}) {
  const catcher = await startMailCatcher(options)
  running.catchers.push(catcher)
  return catcher
}

function mailerFor(url: string) {
  const mailer = createMailer({ smtpUrl: url, from: 'Portal <no-reply@portal.test>' })
  running.mailers.push(mailer)
  return mailer
}

/** A port nothing listens on (taken and released). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

let counter = 0
/** Queue `count` messages to fresh addresses; returns them. */
async function queue(count: number, recipient = (i: number) => `outbox-${process.pid}-${Date.now()}-${counter}-${i}@example.test`) {
  counter++
  const recipients = Array.from({ length: count }, (_, i) => recipient(i))
  await db().$transaction(async (tx) => {
    for (const [i, to] of recipients.entries()) {
      await enqueueEmail(tx, {
        kind: 'draftReminder',
        to,
        language: 'en',
        dedupeKey: `test:${counter}:${i}:${to}`,
        props: emailSamples.draftReminder,
        organizationId: vendor.id,
      })
    }
  })
  return recipients
}

const rowsFor = (recipients: string[]) =>
  db().outboxMessage.findMany({ where: { recipient: { in: recipients } }, orderBy: { recipient: 'asc' } })
const receivedBy = (catcher: MailCatcher, to: string) => catcher.messages().filter((m) => m.to.includes(to.toLowerCase()))

// A clock the tests move: each drain runs "later", past every backoff.
function clock(start = Date.now()) {
  let now = start
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) }
}

const fast: DeliveryOptions = { backoffBaseMs: 1000, backoffMaxMs: 8000 }

test('enqueueEmail keeps one message per dedupe key', async () => {
  const key = `test:dedupe:${Date.now()}`
  const once = await db().$transaction((tx) =>
    enqueueEmail(tx, { kind: 'draftReminder', to: 'a@example.test', language: 'en', dedupeKey: key, props: emailSamples.draftReminder }),
  )
  const twice = await enqueueEmail(db(), { kind: 'draftReminder', to: 'a@example.test', language: 'en', dedupeKey: key, props: emailSamples.draftReminder })
  expect([once, twice]).toEqual([true, false])
  expect(await db().outboxMessage.count({ where: { dedupeKey: key } })).toBe(1)
})

test('a message rolled back with its transaction is never sent', async () => {
  const key = `test:rollback:${Date.now()}`
  await expect(
    db().$transaction(async (tx) => {
      await enqueueEmail(tx, { kind: 'draftReminder', to: 'b@example.test', language: 'en', dedupeKey: key, props: emailSamples.draftReminder })
      throw new Error('the state change failed')
    }),
  ).rejects.toThrow('the state change failed')
  expect(await db().outboxMessage.count({ where: { dedupeKey: key } })).toBe(0)
})

test('delivered messages are marked sent with the server id, carrying the Message-ID fixed at creation', async () => {
  const catcher = await catcherOn()
  const recipients = await queue(3)
  await drainOutbox({ mailer: mailerFor(catcher.url) })
  for (const row of await rowsFor(recipients)) {
    expect(row.status).toBe('sent')
    expect(row.attempts).toBe(1)
    expect(row.sentAt).toBeInstanceOf(Date)
    const [received] = receivedBy(catcher, row.recipient)
    expect(received?.messageId).toBe(row.messageId)
    // The catcher answers "250 Message queued as <its id>".
    expect(row.providerMessageId).toBe(received?.id)
  }
})

test('the server down (connection refused, then 4xx): retried with growing delays, then everything delivered exactly once', async () => {
  const port = await freePort()
  const mailer = mailerFor(`smtp://127.0.0.1:${port}`)
  const recipients = await queue(4)
  const time = clock()

  // Nothing listens: connection refused.
  let result = await drainOutbox({ ...fast, mailer, now: time.now, random: () => 1 })
  expect(result.sent).toBe(0)
  let rows = await rowsFor(recipients)
  expect(rows.map((r) => [r.status, r.attempts])).toEqual(recipients.map(() => ['pending', 1]))
  expect(rows[0]?.lastError).toMatch(/ECONNREFUSED|ECONNECTION/)
  const firstDelay = (rows[0]?.nextAttemptAt.getTime() ?? 0) - time.now().getTime()
  expect(firstDelay).toBe(1000)
  // Not due yet: a drain right now sends nothing.
  await drainOutbox({ ...fast, mailer, now: time.now })
  expect((await rowsFor(recipients)).map((r) => r.attempts)).toEqual(recipients.map(() => 1))

  // The server is back but refuses for now (451).
  const catcher = await catcherOn({ port, reject: () => ({ code: 451, message: 'Greylisted, try again later' }) })
  time.advance(1000)
  result = await drainOutbox({ ...fast, mailer, now: time.now, random: () => 1 })
  expect(result.retrying).toBeGreaterThanOrEqual(4)
  rows = await rowsFor(recipients)
  expect(rows[0]?.lastError).toContain('451')
  expect((rows[0]?.nextAttemptAt.getTime() ?? 0) - time.now().getTime()).toBe(2000) // doubled

  catcher.setReject(undefined)
  time.advance(2000)
  result = await drainOutbox({ ...fast, mailer, now: time.now })
  expect(result.sent).toBeGreaterThanOrEqual(4)
  rows = await rowsFor(recipients)
  expect(rows.map((r) => [r.status, r.attempts])).toEqual(recipients.map(() => ['sent', 3]))
  for (const to of recipients) expect(receivedBy(catcher, to)).toHaveLength(1)
  // Later drains send nothing again.
  time.advance(60_000)
  await drainOutbox({ ...fast, mailer, now: time.now })
  for (const to of recipients) expect(receivedBy(catcher, to)).toHaveLength(1)
})

test('temporary failures that never end: failed after the attempt limit, then left alone', async () => {
  const catcher = await catcherOn({ reject: () => ({ code: 421, message: 'Service not available' }) })
  const mailer = mailerFor(catcher.url)
  const [to] = await queue(1)
  const time = clock()
  for (let i = 0; i < 6; i++) {
    await drainOutbox({ ...fast, mailer, now: time.now, maxAttempts: 3 })
    time.advance(10_000)
  }
  const [row] = await rowsFor([to ?? ''])
  expect(row?.status).toBe('failed')
  expect(row?.attempts).toBe(3)
  expect(row?.lastError).toContain('421')
})

test('a permanent 5xx refusal: failed at once, visible, not retried, and the contact is marked bounced', async () => {
  const contact = await createContact(db(), { organizationId: vendor.id, kind: 'compliance', email: `gone-${Date.now()}@example.test` })
  const catcher = await catcherOn({ reject: ({ to }) => (to === contact.email ? { code: 550, message: 'No such user here' } : undefined) })
  const mailer = mailerFor(catcher.url)
  const others = await queue(2)
  await queue(1, () => contact.email)
  const time = clock()
  await drainOutbox({ ...fast, mailer, now: time.now })
  time.advance(3_600_000)
  await drainOutbox({ ...fast, mailer, now: time.now })

  const [bounced] = await rowsFor([contact.email])
  expect(bounced?.status).toBe('failed')
  expect(bounced?.attempts).toBe(1)
  expect(bounced?.lastError).toContain('550')
  expect(bounced?.lastError).toContain('No such user here')
  const marked = await db().organizationContact.findUniqueOrThrow({ where: { id: contact.id } })
  expect(marked.bouncedAt).toBeInstanceOf(Date)
  for (const row of await rowsFor(others)) expect(row.status).toBe('sent')
})

test('a malformed recipient fails clearly on that message only; the rest go out', async () => {
  const catcher = await catcherOn()
  const mailer = mailerFor(catcher.url)
  const good = await queue(2)
  const bad = ['not an address', 'two@example.test, three@example.test', 'nobody@', '<script>@example.test']
  await queue(bad.length, (i) => bad[i] ?? '')
  await drainOutbox({ mailer })
  for (const row of await rowsFor(bad)) {
    expect(row.status).toBe('failed')
    expect(row.lastError).toBe(`Invalid recipient address: "${row.recipient}"`)
  }
  for (const row of await rowsFor(good)) expect(row.status).toBe('sent')
  expect(catcher.messages().some((m) => m.to.some((to) => to.startsWith('two@') || to.startsWith('three@')))).toBe(false)
})

describe('concurrency and crashes', () => {
  test('two instances draining at the same time send every message exactly once', async () => {
    const catcher = await catcherOn()
    const recipients = await queue(30)
    const second = createPrismaClient(testDatabaseUrl)
    try {
      await Promise.all([
        drainOutbox({ mailer: mailerFor(catcher.url), batchSize: 5, concurrency: 2 }),
        drainOutbox({ mailer: mailerFor(catcher.url), batchSize: 5, concurrency: 2, client: second }),
        drainOutbox({ mailer: mailerFor(catcher.url), batchSize: 5, concurrency: 2, client: second }),
      ])
    } finally {
      await second.$disconnect()
    }
    for (const to of recipients) expect(receivedBy(catcher, to)).toHaveLength(1)
    expect((await rowsFor(recipients)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  test('a drain that dies between sending and marking: after restart every message is delivered, a resent one with the same Message-ID', async () => {
    const catcher = await catcherOn()
    const recipients = await queue(5)
    const time = clock()
    // The first drain "dies" after its second send: it never marks it, nor sends the rest it claimed.
    let crashed!: () => void
    const died = new Promise<void>((resolve) => (crashed = resolve))
    let sends = 0
    void drainOutbox({
      mailer: mailerFor(catcher.url),
      now: time.now,
      concurrency: 1,
      leaseMs: 60_000,
      afterSend: () => {
        if (++sends < 2) return
        crashed()
        return new Promise<void>(() => {}) // never continues
      },
    })
    await died
    let rows = await rowsFor(recipients)
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(1)
    expect(rows.filter((r) => r.status === 'sending')).toHaveLength(4)
    // Restarted before the lease ran out: nothing is taken from the (presumed) living drain.
    await drainOutbox({ mailer: mailerFor(catcher.url), now: time.now })
    expect((await rowsFor(recipients)).filter((r) => r.status === 'sending')).toHaveLength(4)
    // After the lease: the unmarked ones are claimed again.
    time.advance(61_000)
    await drainOutbox({ mailer: mailerFor(catcher.url), now: time.now })
    rows = await rowsFor(recipients)
    expect(rows.every((r) => r.status === 'sent')).toBe(true)
    const counts = recipients.map((to) => receivedBy(catcher, to).length).sort()
    // One message was sent before the crash and again after it; the others exactly once.
    expect(counts).toEqual([1, 1, 1, 1, 2])
    for (const row of rows) {
      const received = receivedBy(catcher, row.recipient)
      expect(new Set(received.map((m) => m.messageId))).toEqual(new Set([row.messageId]))
    }
  })
})
