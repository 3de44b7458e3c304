import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createMailer } from '~/email/email.server'
import { startMailCatcher, type MailCatcher } from '~/email/mail-catcher.server'
import { drainOutbox, enqueueEmail } from '~/reminders/outbox.server'
import { emailSamples } from '#emails/samples'
import { testDatabaseUrl } from '#tests/support/worker-database'

// The process killed (SIGKILL) in the middle of a drain, after sending a message and before
// marking it: after a restart every message is delivered, the resent one with the same Message-ID.

let catcher: MailCatcher
beforeAll(async () => {
  catcher = await startMailCatcher()
})
afterAll(async () => {
  await catcher.stop()
})

test('a drain killed between sending and marking: after restart every message is delivered', { timeout: 60_000 }, async () => {
  const recipients = Array.from({ length: 5 }, (_, i) => `crash-${Date.now()}-${i}@example.test`)
  await db().$transaction(async (tx) => {
    for (const to of recipients) await enqueueEmail(tx, { kind: 'draftReminder', to, language: 'en', dedupeKey: `test:crash:${to}`, props: emailSamples.draftReminder })
  })

  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/drain-child.ts')], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl, SMTP_URL: catcher.url, NODE_ENV: 'test', APP_URL: 'http://portal.test', LOG_REQUESTS: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('sent-twice')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`The drain exited early (${code})`)))
  })
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')

  const before = await db().outboxMessage.findMany({ where: { recipient: { in: recipients } }, select: { status: true } })
  expect(before.filter((r) => r.status === 'sending').length).toBeGreaterThanOrEqual(1)

  // Restart: once the dead drain's lease has run out, its claimed messages are sent again.
  const mailer = createMailer({ smtpUrl: catcher.url, from: 'Portal <no-reply@portal.test>' })
  try {
    await drainOutbox({ mailer, now: () => new Date(Date.now() + 61_000) })
  } finally {
    mailer.close()
  }
  const rows = await db().outboxMessage.findMany({ where: { recipient: { in: recipients } }, select: { recipient: true, status: true, messageId: true } })
  expect(rows.every((r) => r.status === 'sent')).toBe(true)
  const counts = recipients.map((to) => catcher.messages().filter((m) => m.to.includes(to)).length).sort()
  // Each at least once; only the message sent but not marked before the kill goes out twice.
  // (Other rows due in this database may be claimed first, so it may not be one of these five.)
  expect(counts.every((count) => count === 1 || count === 2)).toBe(true)
  expect(counts.filter((count) => count === 2).length).toBeLessThanOrEqual(1)
  for (const row of rows) {
    const ids = new Set(catcher.messages().filter((m) => m.to.includes(row.recipient)).map((m) => m.messageId))
    expect(ids).toEqual(new Set([row.messageId]))
  }
})
