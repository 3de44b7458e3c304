import { randomUUID } from 'node:crypto'
import { getEnv } from '~/config/env.server'
import type { Prisma } from '~/generated/prisma/client'
import { createCachedSigner, loadOrCreateLocalKey, type CachedSigner, type LoadedSigningKey } from './signing-keys.server'

// The key that signs new certificate PDFs (product.md §6). The embedded default: a self-signed key
// generated once in DATA_DIR/signing (loadOrCreateLocalKey) and published as a SigningKey row
// (fingerprint unique, source "generated", active). The key is read and parsed once per process
// and per data directory; the row is upserted on every call, because one process may talk to
// more than one database (tests, seeding a fresh database) and the row belongs to each of them.

type CachedKey = { key: LoadedSigningKey; signer: CachedSigner }

// On globalThis, like db(): the server entry and the Remix build each load a copy of this module.
type Holder = { byDataDir: Map<string, Promise<CachedKey>> }
const holder: Holder = ((globalThis as { __portalSigningKeys?: Holder }).__portalSigningKeys ??= { byDataDir: new Map() })

function loadLocalKey(dataDir: string): Promise<CachedKey> {
  let pending = holder.byDataDir.get(dataDir)
  if (!pending) {
    pending = loadOrCreateLocalKey(dataDir).then((key) => ({ key, signer: createCachedSigner(key) }))
    // A failed load (unreadable directory) is not cached: the next call tries again.
    pending.catch(() => holder.byDataDir.delete(dataDir))
    holder.byDataDir.set(dataDir, pending)
  }
  return pending
}

export type ActiveSigningKey = { id: string; signer: CachedSigner; fingerprintSha256: string }

/**
 * The active signing key: its SigningKey row id and a signer over the parsed key. Safe inside a
 * transaction and under concurrency: the row is written with INSERT … ON CONFLICT, which never
 * raises a unique violation (an error would abort the caller's transaction).
 */
export async function ensureActiveSigningKey(client: Prisma.TransactionClient): Promise<ActiveSigningKey> {
  const { key, signer } = await loadLocalKey(getEnv().dataDir)
  const rows = await client.$queryRaw<{ id: string }[]>`
    INSERT INTO "SigningKey" (id, "certificatePem", "fingerprintSha256", source, active)
    VALUES (${randomUUID()}, ${key.certificatePem}, ${key.fingerprintSha256}, 'generated', true)
    ON CONFLICT ("fingerprintSha256") DO UPDATE SET "fingerprintSha256" = EXCLUDED."fingerprintSha256"
    RETURNING id`
  const row = rows[0]
  if (!row) throw new Error('The signing key row could not be stored')
  return { id: row.id, signer, fingerprintSha256: key.fingerprintSha256 }
}
