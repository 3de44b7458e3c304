import type { Prisma, PrismaClient } from '~/generated/prisma/client'

// Fixed-window rate limiting kept in PostgreSQL (table "RateLimit"), so every app instance counts
// against the same number. One row per key: the hits in the current window and when it started.

export type RateLimitClient = Prisma.TransactionClient | PrismaClient

export type RateLimitPolicy = { readonly limit: number; readonly windowMs: number }

export type RateLimitResult = {
  allowed: boolean
  /** Hits still allowed in the current window after this one. */
  remaining: number
  /** 0 when allowed; otherwise whole seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number
}

/** The policies the auth code applies. Keys are per client IP or per (lower-cased) account email. */
export const RATE_LIMITS = {
  // Per IP: generous enough for an office or agency behind one NAT address where many staff sign
  // in at the start of the day, low enough to stop credential stuffing from a single address.
  signInPerIp: { limit: 20, windowMs: 15 * 60_000 },
  // Per account: a person who forgot their password gets several tries; guessing does not. Cleared
  // by resetRateLimit after a successful sign-in so the owner is not locked out by earlier typos.
  signInPerAccount: { limit: 5, windowMs: 15 * 60_000 },
  // Per IP per hour: a compliance team signing up together from one office fits; bulk sign-ups do not.
  signUpPerIp: { limit: 10, windowMs: 60 * 60_000 },
  // Password-reset requests send email: cap per IP to stop mail bombing and enumeration sweeps …
  resetPerIp: { limit: 10, windowMs: 60 * 60_000 },
  // … and per account so one inbox cannot be flooded with reset links.
  resetPerAccount: { limit: 3, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimitPolicy>

// hits is an INTEGER column; stop counting there instead of overflowing under a flood.
const MAX_HITS = 2_147_483_647

/**
 * Count one hit against `key` and say whether it is within `limit` for the current window.
 *
 * One atomic statement (INSERT … ON CONFLICT DO UPDATE): PostgreSQL locks the row for the upsert,
 * so concurrent hits from any number of app instances are each counted exactly once — no
 * read-then-write race. A window that ended (`windowStart <= now - windowMs`) starts over at this
 * hit. Refused hits are counted too, so hammering does not help; the window is not extended by
 * them. `now` uses the app's clock (instances are assumed NTP-synchronized); tests pass it.
 */
export async function hitRateLimit(
  client: RateLimitClient,
  { key, limit, windowMs, now = new Date() }: { key: string; limit: number; windowMs: number; now?: Date },
): Promise<RateLimitResult> {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be a non-negative integer')
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError('windowMs must be positive')
  const expiredBefore = new Date(now.getTime() - windowMs)

  // In ON CONFLICT DO UPDATE, both CASEs read the row's values from before this update.
  const rows = await client.$queryRaw<{ hits: number; windowStart: Date }[]>`
    INSERT INTO "RateLimit" ("key", "hits", "windowStart")
    VALUES (${key}, 1, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "hits" = CASE WHEN "RateLimit"."windowStart" <= ${expiredBefore} THEN 1
                    ELSE LEAST("RateLimit"."hits", ${MAX_HITS - 1}) + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= ${expiredBefore} THEN EXCLUDED."windowStart"
                           ELSE "RateLimit"."windowStart" END
    RETURNING "hits", "windowStart"`
  const row = rows[0]
  if (!row) throw new Error(`rate limit upsert for ${key} returned no row`)

  const hits = Number(row.hits)
  const allowed = hits <= limit
  const resetsInMs = row.windowStart.getTime() + windowMs - now.getTime()
  return {
    allowed,
    remaining: Math.max(0, limit - hits),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(resetsInMs / 1000)),
  }
}

/** Forget the hits on `key` (after a successful sign-in, clear the per-account counter). */
export async function resetRateLimit(client: RateLimitClient, key: string): Promise<void> {
  await client.rateLimit.deleteMany({ where: { key } })
}

/**
 * Delete counters whose window started before `olderThan` (housekeeping; pass now minus the
 * longest window). Returns how many were deleted.
 */
export async function pruneRateLimits(client: RateLimitClient, olderThan: Date): Promise<number> {
  const { count } = await client.rateLimit.deleteMany({ where: { windowStart: { lt: olderThan } } })
  return count
}
