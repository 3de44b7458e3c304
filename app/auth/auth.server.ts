import { getEnv } from '~/config/env.server'
import { db } from '~/db/db.server'
import { Prisma } from '~/generated/prisma/client'
import { recordAuditEvent } from '~/audit/audit.server'
import type { MessageKey } from '~/i18n/i18n'
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './password.server'
import { hitRateLimit, RATE_LIMITS, resetRateLimit } from './rate-limit.server'
import { hashToken, newToken } from './tokens.server'

// Account workflows as plain functions (no HTTP): sign-up, email verification, sign-in, password
// reset and change. Routes call these and turn the results into pages.

export const VERIFY_EMAIL_HOURS = 24
export const RESET_PASSWORD_MINUTES = 60

export type FieldErrors = Partial<Record<string, MessageKey>>
export type Failure = { ok: false; fieldErrors?: FieldErrors; formError?: MessageKey; retryAfterMinutes?: number }

function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

function uniqueTarget(error: Prisma.PrismaClientKnownRequestError): string {
  // The pg adapter reports the violated constraint in meta; fall back to the message.
  return JSON.stringify(error.meta ?? {}) + error.message
}

export function appUrl(path: string): string {
  const env = getEnv()
  const base = env.APP_URL ?? `http://localhost:${env.PORT}`
  return new URL(path, base).toString()
}

async function issueAccountToken(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: 'verify_email' | 'reset_password',
  now: Date,
) {
  const token = newToken()
  const lifetimeMs = purpose === 'verify_email' ? VERIFY_EMAIL_HOURS * 3_600_000 : RESET_PASSWORD_MINUTES * 60_000
  // A new link replaces older unused ones of the same purpose.
  await tx.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } })
  await tx.accountToken.create({
    data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + lifetimeMs) },
  })
  return token
}

export type SignUpInput = { legalName: string; uei: string; name: string; email: string; password: string }

/**
 * Create a vendor organization with its first user as owner, in one transaction. Returns the
 * verification token to email, or field errors (duplicate UEI or email) with nothing written.
 */
export async function signUp(
  input: SignUpInput,
  { ip, now = new Date(), language = 'en' }: { ip: string; now?: Date; language?: string },
): Promise<{ ok: true; userId: string; organizationId: string; verifyToken: string } | Failure> {
  const limit = await hitRateLimit(db(), { key: `signup:ip:${ip}`, ...RATE_LIMITS.signUpPerIp, now })
  if (!limit.allowed) return { ok: false, formError: 'errors.rateLimited', retryAfterMinutes: Math.ceil(limit.retryAfterSeconds / 60) }

  const fieldErrors: FieldErrors = {}
  const [existingUser, existingOrg] = await Promise.all([
    db().user.findUnique({ where: { email: input.email }, select: { id: true } }),
    db().organization.findUnique({ where: { uei: input.uei }, select: { id: true } }),
  ])
  if (existingUser) fieldErrors.email = 'errors.emailTaken'
  if (existingOrg) fieldErrors.uei = 'errors.ueiTaken'
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors }

  const passwordHash = await hashPassword(input.password)
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash, preferredLanguage: language },
        select: { id: true },
      })
      const organization = await tx.organization.create({
        data: {
          kind: 'vendor',
          legalName: input.legalName,
          uei: input.uei,
          preferredLanguage: language,
          // Reminders go to compliance contacts (product.md §3); the founder is the first one.
          contacts: {
            create: [
              { kind: 'primary', name: input.name, email: input.email, language },
              { kind: 'compliance', name: input.name, email: input.email, language },
            ],
          },
        },
        select: { id: true },
      })
      await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, role: 'owner' } })
      const verifyToken = await issueAccountToken(tx, user.id, 'verify_email', now)
      await recordAuditEvent(tx, {
        action: 'organization.created',
        actorUserId: user.id,
        organizationId: organization.id,
        targetType: 'Organization',
        targetId: organization.id,
        data: { legalName: input.legalName, uei: input.uei, ip },
      })
      return { ok: true as const, userId: user.id, organizationId: organization.id, verifyToken }
    })
  } catch (error) {
    // Two sign-ups racing for the same email or UEI: the unique index decides, nothing is written.
    if (isUniqueViolation(error)) {
      const target = uniqueTarget(error)
      return { ok: false, fieldErrors: target.includes('uei') ? { uei: 'errors.ueiTaken' } : { email: 'errors.emailTaken' } }
    }
    throw error
  }
}

/** A new verification link for a signed-in user who has not confirmed yet. */
export async function createVerificationToken(userId: string, now = new Date()) {
  return db().$transaction((tx) => issueAccountToken(tx, userId, 'verify_email', now))
}

type TokenCheck = { ok: true; userId: string; tokenId: string } | { ok: false; formError: MessageKey }

async function checkToken(
  tx: Prisma.TransactionClient,
  token: string,
  purpose: 'verify_email' | 'reset_password',
  now: Date,
): Promise<TokenCheck> {
  // FOR UPDATE: two clicks on the same link cannot both use it.
  const rows = await tx.$queryRaw<{ id: string; userId: string; expiresAt: Date; usedAt: Date | null; purpose: string }[]>`
    SELECT id, "userId", "expiresAt", "usedAt", purpose::text AS purpose FROM "AccountToken"
    WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`
  const row = rows[0]
  if (!row || row.purpose !== purpose || row.usedAt) return { ok: false, formError: 'errors.tokenInvalid' }
  if (row.expiresAt <= now) return { ok: false, formError: 'errors.tokenExpired' }
  return { ok: true, userId: row.userId, tokenId: row.id }
}

/** Peek at a link without using it (to show the right page before the person confirms). */
export async function inspectToken(token: string, purpose: 'verify_email' | 'reset_password', now = new Date()) {
  return db().$transaction((tx) => checkToken(tx, token, purpose, now))
}

export async function verifyEmail(token: string, now = new Date()): Promise<{ ok: true; userId: string } | Failure> {
  return db().$transaction(async (tx) => {
    const check = await checkToken(tx, token, 'verify_email', now)
    if (!check.ok) return { ok: false, formError: check.formError }
    await tx.accountToken.update({ where: { id: check.tokenId }, data: { usedAt: now } })
    await tx.user.update({ where: { id: check.userId }, data: { emailVerifiedAt: now } })
    await recordAuditEvent(tx, { action: 'user.email_verified', actorUserId: check.userId, targetType: 'User', targetId: check.userId })
    return { ok: true, userId: check.userId }
  })
}

/**
 * Check an email and password. Unknown email and wrong password give the same answer and take
 * the same time; attempts are limited per IP and per account (in PostgreSQL, across instances).
 */
export async function signIn(
  { email, password }: { email: string; password: string },
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<{ ok: true; userId: string } | Failure> {
  const [perIp, perAccount] = await Promise.all([
    hitRateLimit(db(), { key: `signin:ip:${ip}`, ...RATE_LIMITS.signInPerIp, now }),
    hitRateLimit(db(), { key: `signin:account:${email}`, ...RATE_LIMITS.signInPerAccount, now }),
  ])
  if (!perIp.allowed || !perAccount.allowed) {
    const seconds = Math.max(perIp.allowed ? 0 : perIp.retryAfterSeconds, perAccount.allowed ? 0 : perAccount.retryAfterSeconds)
    return { ok: false, formError: 'errors.rateLimited', retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) }
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, passwordHash: true } })
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password)
  if (!user || !valid) return { ok: false, formError: 'errors.invalidCredentials' }
  await resetRateLimit(db(), `signin:account:${email}`)
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } })
    await recordAuditEvent(tx, { action: 'user.signed_in', actorUserId: user.id, targetType: 'User', targetId: user.id, data: { ip } })
  })
  return { ok: true, userId: user.id }
}

/**
 * Start a password reset. The answer never says whether the address has an account; the token
 * is returned only so the caller can email it to that account.
 */
export async function requestPasswordReset(
  email: string,
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<{ ok: true; reset?: { token: string; name: string; language: string } } | Failure> {
  const [perIp, perAccount] = await Promise.all([
    hitRateLimit(db(), { key: `reset:ip:${ip}`, ...RATE_LIMITS.resetPerIp, now }),
    hitRateLimit(db(), { key: `reset:account:${email}`, ...RATE_LIMITS.resetPerAccount, now }),
  ])
  if (!perIp.allowed || !perAccount.allowed) {
    const seconds = Math.max(perIp.allowed ? 0 : perIp.retryAfterSeconds, perAccount.allowed ? 0 : perAccount.retryAfterSeconds)
    return { ok: false, formError: 'errors.rateLimited', retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) }
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, preferredLanguage: true } })
  if (!user) return { ok: true }
  const token = await db().$transaction(async (tx) => {
    const created = await issueAccountToken(tx, user.id, 'reset_password', now)
    await recordAuditEvent(tx, { action: 'user.password_reset_requested', actorUserId: user.id, targetType: 'User', targetId: user.id, data: { ip } })
    return created
  })
  return { ok: true, reset: { token, name: user.name, language: user.preferredLanguage } }
}

/** Use a reset link: new password, every existing session signed out. */
export async function resetPassword(
  token: string,
  password: string,
  now = new Date(),
): Promise<{ ok: true; userId: string } | Failure> {
  const passwordHash = await hashPassword(password)
  return db().$transaction(async (tx) => {
    const check = await checkToken(tx, token, 'reset_password', now)
    if (!check.ok) return { ok: false, formError: check.formError }
    await tx.accountToken.update({ where: { id: check.tokenId }, data: { usedAt: now } })
    // The link arrived by email, so it also proves the address.
    const user = await tx.user.update({ where: { id: check.userId }, data: { passwordHash }, select: { emailVerifiedAt: true } })
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: check.userId }, data: { emailVerifiedAt: now } })
    await tx.session.deleteMany({ where: { userId: check.userId } })
    await recordAuditEvent(tx, { action: 'user.password_reset', actorUserId: check.userId, targetType: 'User', targetId: check.userId })
    return { ok: true, userId: check.userId }
  })
}

/** Change a password knowing the current one; every other session is signed out. */
export async function changePassword(
  { userId, currentPassword, newPassword, keepSessionId }: { userId: string; currentPassword: string; newPassword: string; keepSessionId: string },
): Promise<{ ok: true } | Failure> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } })
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, fieldErrors: { currentPassword: 'errors.currentPassword' } }
  }
  const passwordHash = await hashPassword(newPassword)
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } })
    await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } })
    await recordAuditEvent(tx, { action: 'user.password_changed', actorUserId: userId, targetType: 'User', targetId: userId })
  })
  return { ok: true }
}
