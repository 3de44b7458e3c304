import { afterAll, beforeAll, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createContact, createOrganization } from '~/demo/factories.server'
import { createCertificateForReminders } from '~/demo/reminders.server'
import { createMailer, setMailerForProcess, type Mailer } from '~/email/email.server'
import { startMailCatcher, type MailCatcher } from '~/email/mail-catcher.server'
import { enqueueEmail } from '~/reminders/outbox.server'
import { startReminderWorker, type ReminderWorker } from '~/reminders/worker.server'
import { emailSamples } from '#emails/samples'
import { testDatabaseUrl } from '#tests/support/worker-database'

// The jobs as the portal runs them (pg-boss on the portal's database): two instances started
// together deliver what is queued, each message once.

let catcher: MailCatcher
let mailer: Mailer
const workers: ReminderWorker[] = []

beforeAll(async () => {
  catcher = await startMailCatcher()
  mailer = createMailer({ smtpUrl: catcher.url, from: 'Portal <no-reply@portal.test>' })
  setMailerForProcess(mailer)
})

afterAll(async () => {
  for (const worker of workers) await worker.stop()
  setMailerForProcess(undefined)
  mailer.close()
  await catcher.stop()
})

test('two instances of the worker deliver every queued message exactly once', { timeout: 60_000 }, async () => {
  const recipients = Array.from({ length: 12 }, (_, i) => `worker-${Date.now()}-${i}@example.test`)
  await db().$transaction(async (tx) => {
    for (const to of recipients) {
      await enqueueEmail(tx, { kind: 'draftReminder', to, language: 'es', dedupeKey: `test:worker:${to}`, props: emailSamples.draftReminder })
    }
  })
  const quiet = () => {}
  workers.push(...(await Promise.all([1, 2].map(() => startReminderWorker({ connectionString: testDatabaseUrl, log: quiet })))))
  await Promise.all(recipients.map((to) => catcher.waitFor((m) => m.to.includes(to), 20_000)))
  // Both drain loops keep running; give them the chance to send something twice.
  await Promise.all(workers.map((worker) => worker.drainNow()))
  for (const to of recipients) expect(catcher.messages().filter((m) => m.to.includes(to))).toHaveLength(1)
  const rows = await db().outboxMessage.findMany({ where: { recipient: { in: recipients } }, select: { status: true } })
  expect(rows.every((r) => r.status === 'sent')).toBe(true)
})

test('a reminder queued by the scan (real clock) reaches its recipient through the worker', { timeout: 60_000 }, async () => {
  const agency = await createOrganization(db(), { kind: 'agency' })
  const vendor = await createOrganization(db(), { kind: 'vendor' })
  const contact = await createContact(db(), { organizationId: vendor.id, kind: 'compliance' })
  // Expires in 7 days from now (the worker's scan runs on the real clock).
  const certificate = await createCertificateForReminders(db(), { organizationId: vendor.id, agencyId: agency.id, validUntil: new Date(Date.now() + 7 * 86_400_000) })
  const { runReminderScan } = await import('~/reminders/scan.server')
  await runReminderScan()
  const [worker] = workers
  await worker?.drainNow()
  const received = await catcher.waitFor((m) => m.to.includes(contact.email), 10_000)
  expect(received.text).toContain(certificate.number)
})
