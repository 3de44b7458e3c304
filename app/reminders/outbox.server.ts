import { randomUUID } from 'node:crypto'
import { recordAuditEvent } from '~/audit/audit.server'
import { getEnv } from '~/config/env.server'
import { db } from '~/db/db.server'
import { getMailer, type Mailer, type SentEmail } from '~/email/email.server'
import { Prisma, type PrismaClient } from '~/generated/prisma/client'
import { emailTemplates, renderEmail, type EmailKind, type EmailLanguage, type PropsOf } from '#emails/templates'

// The transactional outbox (product.md §8): deciding to send an email writes a row in the same
// transaction as the state it depends on; a worker delivers rows over SMTP afterwards. Delivery
// is at-least-once; every attempt of one row carries the same Message-ID (fixed at creation), so
// the rare duplicate after a crash between "sent" and "marked" is recognizable as one message.

export type OutboxClient = Prisma.TransactionClient | PrismaClient

export type EmailToEnqueue<K extends EmailKind> = {
  kind: K
  to: string
  language: EmailLanguage
  /** At most one message ever exists per key, e.g. "certificate:<id>:expiry:30:vendor:<contactId>". */
  dedupeKey: string
  props: PropsOf<K>
  /** The recipient's organization: a permanent refusal marks its contact; admins filter by it. */
  organizationId?: string | null
}

/** The domain part of generated Message-IDs: the sender's domain, so receivers see one origin. */
export function messageIdDomain(): string {
  const { MAIL_FROM, APP_URL } = getEnv()
  const fromDomain = /@([A-Za-z0-9.-]+)/.exec(MAIL_FROM)?.[1]
  if (fromDomain) return fromDomain
  return APP_URL ? new URL(APP_URL).hostname : 'portal.localhost'
}

export function newMessageId(): string {
  return `<${randomUUID()}@${messageIdDomain()}>`
}

/**
 * Queue an email inside the caller's transaction. Returns false when a message with the same
 * dedupe key already exists (nothing is written): the unique key makes each reminder exist once.
 */
export async function enqueueEmail<K extends EmailKind>(tx: OutboxClient, email: EmailToEnqueue<K>): Promise<boolean> {
  const { count } = await tx.outboxMessage.createMany({
    data: [
      {
        kind: email.kind,
        recipient: email.to,
        language: email.language,
        dedupeKey: email.dedupeKey,
        payload: email.props as Prisma.InputJsonValue,
        messageId: newMessageId(),
        organizationId: email.organizationId ?? null,
      },
    ],
    skipDuplicates: true,
  })
  return count === 1
}

// ───────────────────────────── Delivery ─────────────────────────────

export type DeliveryOptions = {
  client?: OutboxClient
  /** Defaults to the process mailer (SMTP_URL, or the local catcher). */
  mailer?: Mailer
  /** The clock; tests move it forward to reach retries and expired leases. */
  now?: () => Date
  random?: () => number
  batchSize?: number
  /** Messages sent at the same time. */
  concurrency?: number
  /** Attempts before a message that keeps failing temporarily is marked failed. */
  maxAttempts?: number
  /** How long a claimed message is reserved; after that another drain may send it again (the crash case). */
  leaseMs?: number
  backoffBaseMs?: number
  backoffMaxMs?: number
  /** Stop claiming after this many batches (default: until nothing is due). */
  maxBatches?: number
  /** Called between a successful send and marking it sent (tests simulate a crash here). */
  afterSend?: (message: ClaimedMessage) => Promise<void> | void
}

export const DELIVERY_DEFAULTS = {
  batchSize: 50,
  concurrency: 8,
  maxAttempts: 8,
  leaseMs: 2 * 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 60 * 60_000,
} as const

export type ClaimedMessage = {
  id: string
  kind: string
  recipient: string
  language: string
  payload: unknown
  messageId: string
  attempts: number
  organizationId: string | null
}

export type DrainResult = { claimed: number; sent: number; retrying: number; failed: number }

/** Exponential backoff with "equal jitter": half the delay fixed, half random, capped. */
export function retryDelayMs(attempts: number, { baseMs, maxMs, random }: { baseMs: number; maxMs: number; random: () => number }): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}

// A conservative check of a single address: no spaces, commas or angle brackets (which would make
// nodemailer read several recipients or a display name), one @, a dotted domain of valid labels.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/

export function isDeliverableAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address)
}

class PermanentFailure extends Error {
  constructor(
    message: string,
    readonly recipientRefused: boolean,
  ) {
    super(message)
  }
}

const iso = (date: Date) => date.toISOString()
// Columns are `timestamp without time zone` holding UTC (Prisma's convention).
const utc = (date: Date) => Prisma.sql`(CAST(${iso(date)} AS timestamptz) AT TIME ZONE 'UTC')`

/**
 * Reserve up to `limit` due messages for this drain. SKIP LOCKED lets several instances drain at
 * once without waiting on each other or claiming the same row; a 'sending' row whose lease ran
 * out was claimed by a drain that died, and is claimed again (same Message-ID).
 */
export async function claimDueMessages(client: OutboxClient, { now, limit, leaseMs }: { now: Date; limit: number; leaseMs: number }) {
  return client.$queryRaw<ClaimedMessage[]>`
    UPDATE "OutboxMessage"
       SET status = 'sending', attempts = attempts + 1, "nextAttemptAt" = ${utc(new Date(now.getTime() + leaseMs))}, "updatedAt" = ${utc(now)}
     WHERE id IN (
       SELECT id FROM "OutboxMessage"
        WHERE status IN ('pending', 'sending') AND "nextAttemptAt" <= ${utc(now)}
        ORDER BY "nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, recipient, language, payload, "messageId", attempts, "organizationId"`
}

function isEmailKind(kind: string): kind is EmailKind {
  return Object.hasOwn(emailTemplates, kind)
}

async function send(mailer: Mailer, message: ClaimedMessage): Promise<SentEmail> {
  if (!isDeliverableAddress(message.recipient)) {
    throw new PermanentFailure(`Invalid recipient address: "${message.recipient}"`, true)
  }
  if (!isEmailKind(message.kind)) throw new PermanentFailure(`Unknown email template "${message.kind}"`, false)
  const language: EmailLanguage = message.language === 'es' ? 'es' : 'en'
  // The payload was written by enqueueEmail (or the scan) for this kind.
  const rendered = await renderEmail(message.kind, message.payload as PropsOf<typeof message.kind>, language)
  return mailer.send({ to: message.recipient, ...rendered, messageId: message.messageId })
}

type SmtpError = Error & { responseCode?: number; code?: string }

function describe(error: unknown): string {
  const smtp = error as SmtpError
  const text = error instanceof Error ? error.message : String(error)
  const prefix = smtp.responseCode ? `${smtp.responseCode} ` : smtp.code ? `${smtp.code}: ` : ''
  return `${prefix}${text}`.slice(0, 1000)
}

/** The server's own id for the accepted message ("250 … queued as ABC123"), else its whole reply. */
function providerId(sent: SentEmail): string {
  return (/queued as\s+(\S+)/i.exec(sent.response)?.[1] ?? sent.response).slice(0, 500)
}

async function markSent(client: OutboxClient, message: ClaimedMessage, sent: SentEmail, now: Date) {
  await client.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'sent', "sentAt" = ${utc(now)}, "providerMessageId" = ${providerId(sent)}, "lastError" = NULL, "updatedAt" = ${utc(now)}
     WHERE id = ${message.id} AND status = 'sending'`
}

async function markFailure(
  client: OutboxClient,
  message: ClaimedMessage,
  error: unknown,
  { now, maxAttempts, backoffBaseMs, backoffMaxMs, random }: { now: Date; maxAttempts: number; backoffBaseMs: number; backoffMaxMs: number; random: () => number },
): Promise<'retrying' | 'failed'> {
  const smtp = error as SmtpError
  // RFC 5321 §4.2.1: a 5yz reply is a permanent failure; the client should not repeat the request.
  const permanent = error instanceof PermanentFailure || (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500 && smtp.responseCode < 600)
  const reason = describe(error)
  if (permanent || message.attempts >= maxAttempts) {
    await client.$executeRaw`
      UPDATE "OutboxMessage" SET status = 'failed', "lastError" = ${reason}, "updatedAt" = ${utc(now)}
       WHERE id = ${message.id} AND status = 'sending'`
    // A refused or malformed address: mark the contact so the organization sees it (product.md §8).
    const recipientRefused = error instanceof PermanentFailure ? error.recipientRefused : permanent && smtp.code === 'EENVELOPE'
    if (recipientRefused && message.organizationId) {
      await client.$executeRaw`
        UPDATE "OrganizationContact" SET "bouncedAt" = ${utc(now)}
         WHERE "organizationId" = ${message.organizationId} AND lower(email) = lower(${message.recipient}) AND "bouncedAt" IS NULL`
    }
    return 'failed'
  }
  const delay = retryDelayMs(message.attempts, { baseMs: backoffBaseMs, maxMs: backoffMaxMs, random })
  await client.$executeRaw`
    UPDATE "OutboxMessage" SET status = 'pending', "nextAttemptAt" = ${utc(new Date(now.getTime() + delay))}, "lastError" = ${reason}, "updatedAt" = ${utc(now)}
     WHERE id = ${message.id} AND status = 'sending'`
  return 'retrying'
}

/** Deliver every due message (in batches), then return what happened. */
export async function drainOutbox(options: DeliveryOptions = {}): Promise<DrainResult> {
  const client = options.client ?? db()
  const mailer = options.mailer ?? getMailer()
  const clock = options.now ?? (() => new Date())
  const random = options.random ?? Math.random
  const settings = { ...DELIVERY_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => typeof v === 'number')) }
  const result: DrainResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 }

  for (let batch = 0; options.maxBatches === undefined || batch < options.maxBatches; batch++) {
    const claimed = await claimDueMessages(client, { now: clock(), limit: settings.batchSize, leaseMs: settings.leaseMs })
    if (claimed.length === 0) break
    result.claimed += claimed.length
    let next = 0
    const lane = async () => {
      for (let message = claimed[next++]; message; message = claimed[next++]) {
        try {
          const sent = await send(mailer, message)
          await options.afterSend?.(message)
          await markSent(client, message, sent, clock())
          result.sent++
        } catch (error) {
          const outcome = await markFailure(client, message, error, { ...settings, now: clock(), random })
          result[outcome]++
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, claimed.length) }, lane))
  }
  return result
}

// ───────────────────────────── Platform admins ─────────────────────────────

/** Send a failed message again (a platform admin decided to); audited. False if it was not failed. */
export async function retryOutboxMessage({ id, actorUserId, organizationId, now = new Date() }: { id: string; actorUserId: string; organizationId: string; now?: Date }): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.outboxMessage.updateMany({
      where: { id, status: 'failed' },
      data: { status: 'pending', attempts: 0, nextAttemptAt: now },
    })
    if (count === 0) return false
    await recordAuditEvent(tx, { action: 'outbox.retried', actorUserId, organizationId, targetType: 'OutboxMessage', targetId: id, data: {} })
    return true
  })
}
