import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { syncTemplates } from '~/attestations/templates.server'
import { createPrismaClient, db } from '~/db/db.server'
import { createCertificateForReminders } from '~/demo/reminders.server'
import { createContact, createOrganization, utcDate, type CreatedOrganization } from '~/demo/factories.server'
import { createMailer } from '~/email/email.server'
import { startMailCatcher, type MailCatcher } from '~/email/mail-catcher.server'
import { drainOutbox } from '~/reminders/outbox.server'
import { runReminderScan } from '~/reminders/scan.server'
import { testDatabaseUrl } from '#tests/support/worker-database'

// The daily reminder scan (product.md §8): which reminders are due, in the agency's time zone,
// exactly once per certificate, stage and recipient however often (and on however many
// instances) it runs. Dates are in the 2030s so certificates of other test files never fall due.

const DAY = 86_400_000
const at = (iso: string) => new Date(iso)

let agency: CreatedOrganization
let vendor: CreatedOrganization
let english: string
let spanish: string
let agencyContact: string

beforeAll(async () => {
  agency = await createOrganization(db(), { kind: 'agency' })
  vendor = await createOrganization(db(), { kind: 'vendor' })
  english = (await createContact(db(), { organizationId: vendor.id, kind: 'compliance', language: 'en' })).email
  spanish = (await createContact(db(), { organizationId: vendor.id, kind: 'compliance', language: 'es' })).email
  // Neither a primary contact nor a bounced address receives reminders.
  await createContact(db(), { organizationId: vendor.id, kind: 'primary' })
  await createContact(db(), { organizationId: vendor.id, kind: 'compliance', bouncedAt: new Date() })
  agencyContact = (await createContact(db(), { organizationId: agency.id, kind: 'compliance' })).email
})

async function messagesFor(certificateId: string) {
  return db().outboxMessage.findMany({
    where: { dedupeKey: { startsWith: `certificate:${certificateId}:` } },
    orderBy: { dedupeKey: 'asc' },
    select: { recipient: true, language: true, dedupeKey: true, payload: true, status: true, messageId: true },
  })
}

const stagesOf = (rows: { dedupeKey: string }[]) => [...new Set(rows.map((r) => Number(r.dedupeKey.split(':')[3])))].sort((a, b) => b - a)

describe('certificate expiry', () => {
  test('"days before" counts calendar days in the agency time zone (America/Los_Angeles by default)', async () => {
    // 07:30 UTC on 1 March is still 28 February in Los Angeles: 30 days after 29 January there, 31 in UTC.
    const certificate = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: at('2035-03-01T07:30:00Z') })
    await runReminderScan({ now: at('2035-01-29T20:00:00Z') })
    const rows = await messagesFor(certificate.id)
    expect(rows.map((r) => [r.recipient, r.language])).toEqual(
      expect.arrayContaining([
        [english, 'en'],
        [spanish, 'es'],
      ]),
    )
    expect(rows).toHaveLength(2)
    expect(stagesOf(rows)).toEqual([30])
    expect(rows[0]?.payload).toMatchObject({
      certificateNumber: certificate.number,
      validUntil: '2035-02-28',
      daysBefore: 30,
      audience: 'vendor',
      vendorName: vendor.legalName,
      agencyName: agency.legalName,
      url: `http://portal.test/orgs/${vendor.id}/attestations`,
    })
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(2)
  })

  test('each stage goes out once, on its day; skipped stages collapse into the latest due one; the last one escalates to the agency', async () => {
    const certificate = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: at('2036-06-30T19:00:00Z') })
    // Issued (or first seen) 10 days before expiry: only the 14-day reminder, not 60 and 30 as well.
    await runReminderScan({ now: at('2036-06-20T19:00:00Z') })
    expect(stagesOf(await messagesFor(certificate.id))).toEqual([14])
    // Every day until a week after expiry, several times a day.
    for (let day = 21; day <= 37; day++) {
      const now = new Date(Date.UTC(2036, 5, day, 18))
      for (let run = 0; run < 3; run++) await runReminderScan({ now })
    }
    const rows = await messagesFor(certificate.id)
    expect(stagesOf(rows)).toEqual([14, 7, 1, 0, -7])
    // Two vendor contacts per stage, and the agency once at the end.
    expect(rows).toHaveLength(5 * 2 + 1)
    const escalation = rows.filter((r) => r.recipient === agencyContact)
    expect(escalation).toHaveLength(1)
    expect(escalation[0]?.dedupeKey).toContain(':expiry:-7:agency:')
    expect(escalation[0]?.payload).toMatchObject({ audience: 'agency', daysBefore: -7, url: `http://portal.test/orgs/${agency.id}/reviews` })
    // Weeks later nothing more is sent.
    await runReminderScan({ now: at('2036-08-30T18:00:00Z') })
    expect(await messagesFor(certificate.id)).toHaveLength(11)
  })

  test('exactly one reminder per certificate and stage when two instances scan at the same moment, many times', async () => {
    const certificates = await Promise.all(
      [4, 5, 6, 7].map((day) => createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: new Date(Date.UTC(2037, 2, day, 20)) })),
    )
    const second = createPrismaClient(testDatabaseUrl)
    try {
      const now = at('2037-02-05T20:00:00Z') // 28–31 days before: every certificate is at its 30-day stage
      for (let round = 0; round < 5; round++) {
        await Promise.all([runReminderScan({ now }), runReminderScan({ now, client: second }), runReminderScan({ now, client: second })])
      }
    } finally {
      await second.$disconnect()
    }
    for (const certificate of certificates) {
      const rows = await messagesFor(certificate.id)
      expect(rows.map((r) => r.recipient).sort()).toEqual([english, spanish].sort())
      expect(stagesOf(rows)).toEqual([30])
    }
  })

  test('renewing stops the remaining reminders of the old certificate', async () => {
    const old = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: at('2038-04-01T19:00:00Z') })
    await runReminderScan({ now: at('2038-03-02T19:00:00Z') })
    expect(stagesOf(await messagesFor(old.id))).toEqual([30])
    const renewed = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: at('2039-04-01T19:00:00Z') })
    await db().certificate.update({ where: { id: old.id }, data: { status: 'superseded', supersededById: renewed.id } })
    for (const iso of ['2038-03-18T19:00:00Z', '2038-03-31T19:00:00Z', '2038-04-01T19:00:00Z', '2038-04-08T19:00:00Z']) {
      await runReminderScan({ now: at(iso) })
    }
    expect(stagesOf(await messagesFor(old.id))).toEqual([30])
    expect(await messagesFor(renewed.id)).toEqual([])
  })

  test("the agency's own stages and time zone apply", async () => {
    const eastern = await createOrganization(db(), { kind: 'agency', policy: { timeZone: 'America/New_York', reminderDays: [45, 3] } })
    const certificate = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: eastern.id, validUntil: at('2040-05-20T03:30:00Z') })
    // 03:30 UTC on 20 May is 19 May in New York (18 May 20:30 in Los Angeles would say otherwise).
    await runReminderScan({ now: at('2040-04-04T12:00:00Z') }) // 45 days before 19 May
    await runReminderScan({ now: at('2040-05-15T12:00:00Z') }) // 4 days before: nothing (no stage 7 here)
    expect(stagesOf(await messagesFor(certificate.id))).toEqual([45])
    await runReminderScan({ now: at('2040-05-16T12:00:00Z') })
    const rows = await messagesFor(certificate.id)
    expect(stagesOf(rows)).toEqual([45, 3])
    expect(rows.find((r) => r.dedupeKey.includes(':expiry:3:'))?.payload).toMatchObject({ validUntil: '2040-05-19', daysBefore: 3 })
  })
})

describe('digests and drafts', () => {
  let trainingVendor: CreatedOrganization
  let trainingContact: string

  beforeAll(async () => {
    trainingVendor = await createOrganization(db(), { kind: 'vendor' })
    trainingContact = (await createContact(db(), { organizationId: trainingVendor.id, kind: 'compliance', language: 'es' })).email
  })

  test('training refreshers: one digest per organization, each worker listed once when their record enters the 30-day window', async () => {
    const module = await db().trainingModule.create({
      data: { code: `refresher-${trainingVendor.id}`, titles: { en: 'Worker rights', es: 'Derechos laborales' }, languages: ['en', 'es'], validityMonths: 12, audience: 'all_workers' },
    })
    const record = async (workerRef: string, expiresOn: Date) => {
      const worker = await db().worker.create({ data: { organizationId: trainingVendor.id, workerRef, displayName: `Worker ${workerRef}` } })
      await db().trainingRecord.create({
        data: { workerId: worker.id, moduleId: module.id, completedOn: new Date(expiresOn.getTime() - 365 * DAY), language: 'es', deliveredBy: 'Trainer', expiresOn },
      })
    }
    await record('W-1', utcDate(2041, 1, 10))
    await record('W-2', utcDate(2041, 1, 20))
    await record('W-3', utcDate(2041, 2, 25))
    const digests = () =>
      db().outboxMessage.findMany({ where: { organizationId: trainingVendor.id, kind: 'trainingRefresher' }, orderBy: { dedupeKey: 'asc' }, select: { recipient: true, payload: true } })

    await runReminderScan({ now: at('2041-01-21T20:00:00Z') }) // W-1 and W-2 within 30 days
    await runReminderScan({ now: at('2041-01-21T21:00:00Z') })
    await runReminderScan({ now: at('2041-01-22T20:00:00Z') }) // nothing new
    let rows = await digests()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.recipient).toBe(trainingContact)
    const workers = (rows[0]?.payload as { workers: { workerRef: string; expiresOn: string }[] }).workers
    expect(workers.map((w) => [w.workerRef, w.expiresOn])).toEqual([
      ['W-1', '2041-02-10'],
      ['W-2', '2041-02-20'],
    ])
    await runReminderScan({ now: at('2041-02-24T20:00:00Z') }) // W-3 enters its window
    rows = await digests()
    expect(rows).toHaveLength(2)
    expect((rows[1]?.payload as { workers: { workerRef: string }[] }).workers.map((w) => w.workerRef)).toEqual(['W-3'])
  })

  test('a draft idle for 7 days is reminded once; editing it starts a new idle period', async () => {
    await syncTemplates(db())
    const template = await db().attestationTemplate.findFirstOrThrow({ select: { id: true } })
    const draft = await db().attestation.create({ data: { organizationId: trainingVendor.id, templateId: template.id } })
    await db().$executeRaw`UPDATE "Attestation" SET "updatedAt" = ${'2042-03-01T12:00:00Z'}::timestamptz AT TIME ZONE 'UTC' WHERE id = ${draft.id}`
    const reminders = () => db().outboxMessage.count({ where: { dedupeKey: { startsWith: `draft:${draft.id}:` } } })
    await runReminderScan({ now: at('2042-03-07T12:00:00Z') })
    expect(await reminders()).toBe(0)
    await runReminderScan({ now: at('2042-03-08T13:00:00Z') })
    await runReminderScan({ now: at('2042-03-09T13:00:00Z') })
    expect(await reminders()).toBe(1)
    await db().$executeRaw`UPDATE "Attestation" SET "updatedAt" = ${'2042-03-10T12:00:00Z'}::timestamptz AT TIME ZONE 'UTC' WHERE id = ${draft.id}`
    await runReminderScan({ now: at('2042-03-17T13:00:00Z') })
    expect(await reminders()).toBe(2)
    await db().attestation.delete({ where: { id: draft.id } })
  })

  test('the weekly agency digest: once per week, listing certificates that expire within 30 days', async () => {
    const digestAgency = await createOrganization(db(), { kind: 'agency' })
    await createContact(db(), { organizationId: digestAgency.id, kind: 'compliance' })
    const soon = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: digestAgency.id, validUntil: at('2043-02-10T20:00:00Z') })
    const digests = () => db().outboxMessage.findMany({ where: { organizationId: digestAgency.id, kind: 'agencyDigest' }, select: { payload: true } })
    // Monday 2043-01-19 and the rest of that ISO week.
    for (const day of [19, 20, 23, 25]) await runReminderScan({ now: new Date(Date.UTC(2043, 0, day, 20)) })
    const rows = await digests()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.payload).toMatchObject({ pendingReviews: 0, expiring: [{ certificateNumber: soon.number, vendorName: vendor.legalName }], revoked: [] })
    await runReminderScan({ now: at('2043-01-26T20:00:00Z') })
    expect(await digests()).toHaveLength(2)
  })
})

describe('from the scan to the inbox', () => {
  let catcher: MailCatcher
  beforeAll(async () => {
    catcher = await startMailCatcher()
  })
  afterAll(async () => {
    await catcher.stop()
  })

  test('a queued reminder arrives in the recipient language with the number, the date, a link and the hotline', async () => {
    const certificate = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: at('2044-07-08T19:00:00Z') })
    await runReminderScan({ now: at('2044-07-01T19:00:00Z') })
    const mailer = createMailer({ smtpUrl: catcher.url, from: 'Portal <no-reply@portal.test>' })
    try {
      await drainOutbox({ mailer })
    } finally {
      mailer.close()
    }
    const rows = await messagesFor(certificate.id)
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent'])
    // (The agency's weekly digest lists the certificate too; it goes to the agency.)
    const received = catcher.messages().filter((m) => m.text.includes(certificate.number) && !m.to.includes(agencyContact))
    expect(received).toHaveLength(2)
    const es = received.find((m) => m.to.includes(spanish))
    expect(es?.subject).toBe('Su certificado contra la trata de personas vence en 7 días')
    expect(es?.text).toContain('8 de julio de 2044')
    expect(es?.text).toContain(`http://portal.test/orgs/${vendor.id}/attestations`)
    expect(es?.text).toContain('1-888-373-7888')
    expect(es?.messageId).toBe(rows.find((r) => r.recipient === spanish)?.messageId)
    expect(received.find((m) => m.to.includes(english))?.subject).toBe('Your anti-trafficking certificate expires in 7 days')
  })
})
