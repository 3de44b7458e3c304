import { createHash } from 'node:crypto'
import type { AuditEvent, Prisma, PrismaClient } from '~/generated/prisma/client'

// The audit log is a hash chain: every AuditEvent stores the hash of the event before it
// (`prevHash`) and its own `hash` = SHA-256(prevHash + canonical JSON of its content). The database
// refuses UPDATE/DELETE on the table (trigger "AuditEvent_append_only"); the chain is what exposes
// tampering by someone able to bypass that trigger (a superuser), via `verifyAuditChain`.

/** `prevHash` of the very first event. */
export const GENESIS_HASH = '0'.repeat(64)

// Arbitrary constant key for pg_advisory_xact_lock, distinct from the migration lock (72707369).
// Every appender takes it before reading the last hash, so appends are serialized (see below).
const AUDIT_CHAIN_LOCK_KEY = 4_271_338_001n

export type AuditClient = Prisma.TransactionClient | PrismaClient

export type AuditEventInput = {
  action: string
  actorUserId?: string | null
  organizationId?: string | null
  targetType?: string | null
  targetId?: string | null
  data?: Record<string, unknown>
  occurredAt?: Date
}

/** The hashed content of an event. `sequence` is left out: the database assigns it. */
export type AuditEventContent = {
  occurredAt: Date
  actorUserId: string | null
  organizationId: string | null
  action: string
  targetType: string | null
  targetId: string | null
  /** As stored: the output of JSON (see toStoredJson). */
  data: unknown
}

export type AuditChainVerification =
  | { ok: true; count: number }
  | {
      ok: false
      count: number
      brokenAt: { sequence: bigint | string; reason: 'hash_mismatch' | 'prev_hash_mismatch' }
    }

/**
 * Deterministic JSON: object keys sorted (UTF-16 code unit order), no whitespace. Applied to values
 * that already went through JSON (see `toStoredJson`), so only JSON types occur here.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // Strings, finite numbers and booleans; anything else was already turned into null by toStoredJson.
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/**
 * SHA-256 hex of `prevHash` + the canonical serialization of the event's content. `occurredAt`
 * is an ISO string with milliseconds, exactly what TIMESTAMP(3) stores and returns.
 */
export function computeAuditHash(prevHash: string, content: AuditEventContent): string {
  const payload = canonicalJson({
    action: content.action,
    actorUserId: content.actorUserId,
    data: content.data,
    occurredAt: content.occurredAt.toISOString(),
    organizationId: content.organizationId,
    targetId: content.targetId,
    targetType: content.targetType,
  })
  return createHash('sha256').update(prevHash).update(payload).digest('hex')
}

/**
 * `data` as PostgreSQL will store and return it: through JSON once (Dates become ISO strings,
 * undefined properties disappear, NaN becomes null). Hashing this form, not the caller's object,
 * is what makes the hash recomputable from the stored row.
 */
function toStoredJson(data: Record<string, unknown>): Prisma.InputJsonObject {
  const parsed: unknown = JSON.parse(JSON.stringify(data))
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('Audit event data must serialize to a JSON object.')
  }
  return jsonObject(parsed)
}

// Prisma silently drops "__proto__" keys when writing JSON, so drop them here too, before hashing.
function jsonObject(value: object): Prisma.InputJsonObject {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '__proto__')
      .map(([k, v]) => [k, asJson(v)]),
  )
}

/** Type the output of JSON.parse (only JSON types can occur). */
function asJson(value: unknown): Prisma.InputJsonValue | null {
  if (value === null) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (Array.isArray(value)) return value.map(asJson)
  if (typeof value === 'object') return jsonObject(value)
  throw new TypeError(`Unexpected ${typeof value} in audit event data.`)
}

// Prisma 7 transaction clients also have `$transaction` (nested transactions), so tell them apart
// by `$disconnect`, which Prisma removes from transaction clients.
function isPlainClient(client: AuditClient): client is PrismaClient {
  return '$disconnect' in client
}

/**
 * Append an audit event to the chain. Pass the transaction client of the change being audited, so
 * the event commits or rolls back with it; with the plain client a transaction is opened here.
 *
 * Concurrency: the transaction-scoped advisory lock is taken BEFORE reading the last hash and held
 * until commit/rollback. Without it, two transactions could read the same last hash and both chain
 * to it (a fork that verification reports as tampering). Holding it to commit also makes sequence
 * order equal chain order. The read is a separate statement after the lock so that, under
 * READ COMMITTED, its snapshot includes the event committed by the previous lock holder; under
 * REPEATABLE READ/SERIALIZABLE the snapshot may predate it, so those levels are refused.
 *
 * Call it as the LAST statement of the transaction: the lock serializes every auditing transaction
 * from this point to its commit, and taking row locks after it invites deadlocks.
 */
export async function recordAuditEvent(client: AuditClient, event: AuditEventInput): Promise<AuditEvent> {
  if (isPlainClient(client)) {
    return client.$transaction((tx) => recordAuditEvent(tx, event), { isolationLevel: 'ReadCommitted' })
  }
  const tx = client

  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY}::bigint)`
  const [last] = await tx.$queryRaw<{ isolation: string; hash: string | null }[]>`
    SELECT current_setting('transaction_isolation') AS isolation,
           (SELECT "hash" FROM "AuditEvent" ORDER BY "sequence" DESC LIMIT 1) AS hash`
  if (last?.isolation !== 'read committed') {
    throw new Error(
      `recordAuditEvent needs a READ COMMITTED transaction (got ${last?.isolation ?? 'none'}): ` +
        'a snapshot taken before the audit lock could miss the latest event and fork the chain.',
    )
  }
  const prevHash = last.hash ?? GENESIS_HASH

  const content: Omit<AuditEventContent, 'data'> = {
    // Truncated to whole milliseconds by Date itself, matching TIMESTAMP(3).
    occurredAt: new Date((event.occurredAt ?? new Date()).getTime()),
    actorUserId: event.actorUserId ?? null,
    organizationId: event.organizationId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
  }
  const data = toStoredJson(event.data ?? {})
  const hash = computeAuditHash(prevHash, { ...content, data })
  const created = await tx.auditEvent.create({ data: { ...content, data, prevHash, hash } })
  // The row as stored must verify; if some value did not survive storage unchanged, refuse (and
  // roll back the audited change) rather than write an event that would read as tampering.
  if (computeAuditHash(created.prevHash, created) !== created.hash) {
    throw new Error(`Audit event ${content.action} did not survive storage unchanged; refusing to record it.`)
  }
  return created
}

/**
 * Walk the whole chain in sequence order, `batchSize` rows at a time (keyset pagination, constant
 * memory), and report the first broken link:
 * - `hash_mismatch`: the row's content no longer matches its hash (the row was edited);
 * - `prev_hash_mismatch`: the row does not point at the row before it (that row was deleted, or
 *   edited and re-hashed).
 * Gaps in `sequence` are NOT evidence: PostgreSQL sequences skip numbers when a transaction rolls
 * back. Deleting the newest events cannot be seen from the chain alone; compare the latest hash
 * with one recorded elsewhere for that.
 */
export async function verifyAuditChain(
  client: AuditClient,
  { batchSize = 1000 }: { batchSize?: number } = {},
): Promise<AuditChainVerification> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer')
  let expectedPrev = GENESIS_HASH
  let after: bigint | undefined
  let count = 0
  for (;;) {
    const rows = await client.auditEvent.findMany({
      where: after === undefined ? {} : { sequence: { gt: after } },
      orderBy: { sequence: 'asc' },
      take: batchSize,
    })
    for (const row of rows) {
      count++
      if (row.prevHash !== expectedPrev) {
        return { ok: false, count, brokenAt: { sequence: row.sequence, reason: 'prev_hash_mismatch' } }
      }
      if (computeAuditHash(row.prevHash, row) !== row.hash) {
        return { ok: false, count, brokenAt: { sequence: row.sequence, reason: 'hash_mismatch' } }
      }
      expectedPrev = row.hash
      after = row.sequence
    }
    if (rows.length < batchSize) return { ok: true, count }
  }
}
