import { createCookie, redirect } from '@remix-run/node'
import { getEnv } from '~/config/env.server'
import { db } from '~/db/db.server'
import { clientIp, safeRedirect } from '~/http/responses.server'
import { hashToken, newToken } from './tokens.server'

// Sessions live in the database (docs/decisions/003-sessions.md): the cookie holds a random token,
// signed with rotatable secrets; the database holds only its hash, so any session can be revoked.

const COOKIE_NAME = '__session'

function sessionCookie() {
  const env = getEnv()
  return createCookie(COOKIE_NAME, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production' && (env.APP_URL ?? '').startsWith('https://'),
    secrets: env.SESSION_SECRETS ?? [],
    maxAge: env.SESSION_DAYS * 24 * 60 * 60,
  })
}

export type CurrentSession = {
  id: string
  activeOrganizationId: string | null
  user: { id: string; email: string; name: string; emailVerifiedAt: Date | null; preferredLanguage: string }
}

async function readToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** The signed-in session for this request, or null (no cookie, forged, expired or revoked). */
export async function getSession(request: Request, now = new Date()): Promise<CurrentSession | null> {
  const token = await readToken(request)
  if (!token) return null
  const session = await db().session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      activeOrganizationId: true,
      user: { select: { id: true, email: true, name: true, emailVerifiedAt: true, preferredLanguage: true } },
    },
  })
  if (!session) return null
  if (session.expiresAt <= now) {
    await db().session.deleteMany({ where: { id: session.id } })
    return null
  }
  // Refresh "last seen" at most every 10 minutes to keep reads cheap.
  if (now.getTime() - session.lastSeenAt.getTime() > 10 * 60_000) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: now } })
  }
  return { id: session.id, activeOrganizationId: session.activeOrganizationId, user: session.user }
}

/** Create a session for `userId` and return the Set-Cookie header value. */
export async function createSession(
  request: Request,
  userId: string,
  { activeOrganizationId, now = new Date() }: { activeOrganizationId?: string | null; now?: Date } = {},
) {
  const token = newToken()
  const env = getEnv()
  await db().session.create({
    data: {
      tokenHash: hashToken(token),
      userId,
      activeOrganizationId: activeOrganizationId ?? null,
      expiresAt: new Date(now.getTime() + env.SESSION_DAYS * 24 * 60 * 60_000),
      ipAddress: clientIp(request),
      userAgent: request.headers.get('User-Agent')?.slice(0, 300) ?? null,
    },
  })
  return sessionCookie().serialize(token)
}

/** Delete this request's session and return the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request) {
  const token = await readToken(request)
  if (token) await db().session.deleteMany({ where: { tokenHash: hashToken(token) } })
  return sessionCookie().serialize('', { maxAge: 0 })
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireSession(request: Request): Promise<CurrentSession> {
  const session = await getSession(request)
  if (!session) {
    const url = new URL(request.url)
    const back = safeRedirect(`${url.pathname}${url.search}`)
    throw redirect(`/signin?redirectTo=${encodeURIComponent(back)}`)
  }
  return session
}

/** Redirect signed-in people away from pages meant for visitors (sign-in, sign-up). */
export async function requireAnonymous(request: Request) {
  if (await getSession(request)) throw redirect('/')
}
