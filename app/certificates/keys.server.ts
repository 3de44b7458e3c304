import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { recordAuditEvent } from '~/audit/audit.server'
import { getEnv, type Env } from '~/config/env.server'
import type { Database } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import {
  addLocalKey,
  createCachedSigner,
  loadOrCreateLocalKey,
  loadPkcs12File,
  readLocalKeys,
  type CachedSigner,
  type LoadedSigningKey,
} from './signing-keys.server'

// The key that signs new certificate PDFs (product.md §6). Two sources:
//
// - Production: a PKCS#12 file from configuration (SIGNING_KEY_PKCS12_FILE and
//   SIGNING_KEY_PASSPHRASE), read once per process. Rotating it is a configuration change: at the
//   next start the configured key becomes the active SigningKey and the others are retired.
// - The embedded default: keys generated into DATA_DIR/signing (signing-keys.server.ts
//   readLocalKeys). The first is generated on first use; `npm run certificates -- rotate-key` adds
//   another and makes it the active one.
//
// Which key is active is recorded in the database (SigningKey.active). Every issuance reads that
// row (one indexed query) and signs with the matching key, so a rotation done by the command
// reaches a running portal at its next certificate, without a restart. Retired keys keep their
// row (with the certificate PEM) and their files: certificates they signed keep verifying.

export const SIGNING_KEY_ROTATED_ACTION = 'signing-key.rotated'

export type SigningKeySource = 'generated' | 'pkcs12'

type CachedKey = { key: LoadedSigningKey; signer: CachedSigner }

// On globalThis, like db(): the server entry and the Remix build each load a copy of this module.
type Holder = {
  /** Local keys by data directory, then by fingerprint; refreshed from disk when one is missing. */
  local: Map<string, Map<string, CachedKey>>
  /** The configured PKCS#12 key by file and passphrase. */
  pkcs12: Map<string, Promise<CachedKey>>
}
const holder: Holder = ((globalThis as { __portalSigningKeys?: Holder }).__portalSigningKeys ??= {
  local: new Map(),
  pkcs12: new Map(),
})

function cached(key: LoadedSigningKey): CachedKey {
  return { key, signer: createCachedSigner(key) }
}

/** True when this configuration signs with a PKCS#12 file rather than local keys. */
export function usesPkcs12(env: Env): boolean {
  return env.SIGNING_KEY_PKCS12_FILE !== undefined
}

/**
 * The configured PKCS#12 key, read and parsed once per process. Throws one sentence naming the
 * setting to fix (start-up reports it and exits before serving).
 */
export function loadConfiguredSigningKey(env: Env): Promise<CachedKey> {
  const file = env.SIGNING_KEY_PKCS12_FILE
  if (file === undefined) throw new Error('SIGNING_KEY_PKCS12_FILE is not set')
  const passphrase = env.SIGNING_KEY_PASSPHRASE ?? ''
  const cacheKey = `${path.resolve(file)}\0${passphrase}`
  let pending = holder.pkcs12.get(cacheKey)
  if (!pending) {
    pending = loadPkcs12File(file, passphrase).then(cached)
    // A failed load is not cached: a corrected file is read on the next attempt.
    pending.catch(() => holder.pkcs12.delete(cacheKey))
    holder.pkcs12.set(cacheKey, pending)
  }
  return pending
}

async function localKeysOf(dataDir: string, { refresh }: { refresh: boolean }): Promise<Map<string, CachedKey>> {
  let keys = holder.local.get(dataDir)
  if (keys && !refresh) return keys
  const previous = keys ?? new Map<string, CachedKey>()
  keys = new Map()
  for (const key of await readLocalKeys(dataDir)) keys.set(key.fingerprintSha256, previous.get(key.fingerprintSha256) ?? cached(key))
  holder.local.set(dataDir, keys)
  return keys
}

/** The local key with this fingerprint: from memory, or read again from disk (a rotation). */
async function findLocalKey(dataDir: string, fingerprintSha256: string): Promise<CachedKey | undefined> {
  const known = (await localKeysOf(dataDir, { refresh: false })).get(fingerprintSha256)
  if (known) return known
  return (await localKeysOf(dataDir, { refresh: true })).get(fingerprintSha256)
}

/** The newest local key, generated (in the original single-key layout) when there is none. */
async function newestLocalKey(dataDir: string): Promise<CachedKey> {
  const keys = await localKeysOf(dataDir, { refresh: true })
  const newest = [...keys.values()][0]
  if (newest) return newest
  const created = cached(await loadOrCreateLocalKey(dataDir))
  keys.set(created.key.fingerprintSha256, created)
  return created
}

/**
 * Makes `key` the one active SigningKey: stores its row when new (INSERT … ON CONFLICT, which never
 * raises a unique violation that would abort the caller's transaction), marks it active, and
 * retires every other active key. Returns the row id and the fingerprints it retired.
 */
export async function activateSigningKey(
  client: Prisma.TransactionClient,
  key: LoadedSigningKey,
  source: SigningKeySource,
  at: Date = new Date(),
): Promise<{ id: string; retired: string[] }> {
  const rows = await client.$queryRaw<{ id: string }[]>`
    INSERT INTO "SigningKey" (id, "certificatePem", "fingerprintSha256", source, active)
    VALUES (${randomUUID()}, ${key.certificatePem}, ${key.fingerprintSha256}, ${source}, true)
    ON CONFLICT ("fingerprintSha256") DO UPDATE SET active = true, "retiredAt" = NULL
    RETURNING id`
  const row = rows[0]
  if (!row) throw new Error('The signing key row could not be stored')
  const retired = await client.$queryRaw<{ fingerprintSha256: string }[]>`
    UPDATE "SigningKey" SET active = false, "retiredAt" = ${at}
    WHERE active AND id <> ${row.id}
    RETURNING "fingerprintSha256"`
  return { id: row.id, retired: retired.map((r) => r.fingerprintSha256) }
}

export type ActiveSigningKey = { id: string; signer: CachedSigner; fingerprintSha256: string }

/**
 * The active signing key: its SigningKey row id and a signer over the parsed key. One query when
 * nothing changed; after a rotation the new key is read from disk once. Safe inside a
 * transaction and under concurrency.
 */
export async function ensureActiveSigningKey(client: Prisma.TransactionClient): Promise<ActiveSigningKey> {
  const env = getEnv()
  const [active] = await client.$queryRaw<{ id: string; fingerprintSha256: string; source: string }[]>`
    SELECT id, "fingerprintSha256", source FROM "SigningKey" WHERE active ORDER BY "createdAt" DESC LIMIT 1`

  let chosen: CachedKey
  let source: SigningKeySource
  if (usesPkcs12(env)) {
    chosen = await loadConfiguredSigningKey(env)
    source = 'pkcs12'
  } else {
    const local = active ? await findLocalKey(env.dataDir, active.fingerprintSha256) : undefined
    if (active && local) return { id: active.id, signer: local.signer, fingerprintSha256: local.key.fingerprintSha256 }
    if (active?.source === 'pkcs12') {
      // Never replace the production key with a local one because a command ran without its settings.
      throw new Error(
        'The active signing key comes from a PKCS#12 file: give this process the same SIGNING_KEY_PKCS12_FILE and SIGNING_KEY_PASSPHRASE as the portal.',
      )
    }
    // No active key yet, or one whose files are not in this data directory (another DATA_DIR
    // used the same database): the newest local key becomes the active one.
    chosen = await newestLocalKey(env.dataDir)
    source = 'generated'
  }
  if (active && active.fingerprintSha256 === chosen.key.fingerprintSha256) {
    return { id: active.id, signer: chosen.signer, fingerprintSha256: chosen.key.fingerprintSha256 }
  }
  const { id } = await activateSigningKey(client, chosen.key, source)
  return { id, signer: chosen.signer, fingerprintSha256: chosen.key.fingerprintSha256 }
}

/**
 * At start-up, after the database is ready: the key this process will sign with is on record
 * as the active one. With a PKCS#12 file that is a new key (the configuration changed), the
 * previous keys are retired and the change is audited. Locally, the first key is generated here.
 */
export async function registerSigningKeyAtStartup(client: Database, { at = new Date() }: { at?: Date } = {}) {
  const env = getEnv()
  if (!usesPkcs12(env)) {
    const key = await client.$transaction((tx) => ensureActiveSigningKey(tx))
    return { fingerprintSha256: key.fingerprintSha256, source: 'generated' as const, changed: false }
  }
  const { key } = await loadConfiguredSigningKey(env)
  return client.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ active: boolean }[]>`
      SELECT active FROM "SigningKey" WHERE "fingerprintSha256" = ${key.fingerprintSha256}`
    const others = await tx.signingKey.count({ where: { active: true, fingerprintSha256: { not: key.fingerprintSha256 } } })
    if (row?.active && others === 0) return { fingerprintSha256: key.fingerprintSha256, source: 'pkcs12' as const, changed: false }
    const { id, retired } = await activateSigningKey(tx, key, 'pkcs12', at)
    await recordAuditEvent(tx, {
      action: SIGNING_KEY_ROTATED_ACTION,
      targetType: 'SigningKey',
      targetId: id,
      occurredAt: at,
      data: { fingerprintSha256: key.fingerprintSha256, source: 'pkcs12', retired, by: 'configuration' },
    })
    return { fingerprintSha256: key.fingerprintSha256, source: 'pkcs12' as const, changed: true }
  })
}

export class RotationNotAvailableError extends Error {
  override name = 'RotationNotAvailableError'
}

/**
 * `rotate-key` for the embedded default: a new key in DATA_DIR/signing (the old files stay),
 * recorded as the active SigningKey; the previous one is retired. With a PKCS#12 file rotation
 * is a configuration change, so this refuses and says how.
 */
export async function rotateLocalSigningKey(
  client: Database,
  { operator, at = new Date() }: { operator: string; at?: Date },
): Promise<{ id: string; fingerprintSha256: string; retired: string[]; file: string }> {
  const env = getEnv()
  if (usesPkcs12(env)) {
    throw new RotationNotAvailableError(
      'This portal signs with the PKCS#12 file named by SIGNING_KEY_PKCS12_FILE, so rotation is a configuration change: ' +
        'point SIGNING_KEY_PKCS12_FILE (and SIGNING_KEY_PASSPHRASE) at the new file and restart the portal. ' +
        'At start-up it becomes the active key and the previous one is retired; certificates it signed keep verifying.',
    )
  }
  const key = await addLocalKey(env.dataDir, { now: at })
  const keys = await localKeysOf(env.dataDir, { refresh: false })
  keys.set(key.fingerprintSha256, cached(key))
  const result = await client.$transaction(async (tx) => {
    const activated = await activateSigningKey(tx, key, 'generated', at)
    await recordAuditEvent(tx, {
      action: SIGNING_KEY_ROTATED_ACTION,
      targetType: 'SigningKey',
      targetId: activated.id,
      occurredAt: at,
      data: { fingerprintSha256: key.fingerprintSha256, source: 'generated', retired: activated.retired, by: 'command', operator },
    })
    return activated
  })
  return {
    ...result,
    fingerprintSha256: key.fingerprintSha256,
    file: path.join(env.dataDir, 'signing', 'keys', key.fingerprintSha256.slice(0, 16), 'cert.pem'),
  }
}
