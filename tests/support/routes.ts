import { randomBytes } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { afterAll, beforeAll } from 'vitest'
import { createSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { createMember, type CreatedMember } from '~/demo/factories.server'
import { createMailer, setMailerForProcess, type Mailer } from '~/email/email.server'
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '~/email/mail-catcher.server'
import { action as signInAction } from '~/routes/signin'

// Call route modules (loader/action) the way Remix does, without an HTTP server: build a real
// Request, pass `{ request, params, context }`, and normalize whatever comes back — a returned
// or thrown Response (redirects, 404/403/405), a `data()` result (single fetch), or a plain
// object — into one shape the tests can assert on.

export const APP_URL = 'http://portal.test'

export type RouteArgs = { request: Request; params: Record<string, string | undefined>; context: AppLoadContext }
export type RouteFunction = (args: RouteArgs) => unknown

export type RouteResult = {
  status: number
  headers: Headers
  /** Location header of a redirect, else null. */
  location: string | null
  /** Set-Cookie header, else null. */
  setCookie: string | null
  /** The payload of a `data()` result or plain object; the body text of a Response. */
  data: unknown
  /** True when the route threw (Remix shows the ErrorBoundary, or follows a thrown redirect). */
  thrown: boolean
}

type DataWithInit = { type: 'DataWithResponseInit'; data: unknown; init: ResponseInit | null }

function isDataWithInit(value: unknown): value is DataWithInit {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'DataWithResponseInit' && 'data' in value
}

async function normalize(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    return {
      status: value.status,
      headers: value.headers,
      location: value.headers.get('Location'),
      setCookie: value.headers.get('Set-Cookie'),
      data: await value.text(),
      thrown,
    }
  }
  if (isDataWithInit(value)) {
    const headers = new Headers(value.init?.headers)
    return {
      status: value.init?.status ?? 200,
      headers,
      location: headers.get('Location'),
      setCookie: headers.get('Set-Cookie'),
      data: value.data,
      thrown,
    }
  }
  if (thrown) throw value
  return { status: 200, headers: new Headers(), location: null, setCookie: null, data: value, thrown }
}

/** Run a loader or action; thrown Responses (and thrown `data()`) become results, other errors propagate. */
export async function callRoute(
  fn: RouteFunction,
  { request, params = {}, context = { cspNonce: '' } }: { request: Request; params?: Record<string, string | undefined>; context?: AppLoadContext },
): Promise<RouteResult> {
  let value: unknown
  try {
    value = await fn({ request, params, context })
  } catch (error) {
    return normalize(error, true)
  }
  return normalize(value, false)
}

/** A client address nobody else uses: rate limits are per IP and live in the shared database. */
export function uniqueIp(): string {
  const hex = randomBytes(8).toString('hex')
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 12)}:${hex.slice(12, 16)}::1`
}

type RequestOptions = { cookie?: string | null; ip?: string; headers?: Record<string, string> }

function buildHeaders({ cookie, ip, headers }: RequestOptions): Headers {
  const result = new Headers(headers)
  result.set('x-portal-client-ip', ip ?? uniqueIp())
  if (cookie) result.set('Cookie', cookie)
  return result
}

function absolute(url: string): string {
  return new URL(url, APP_URL).toString()
}

/** A form POST (application/x-www-form-urlencoded), as a browser sends it. */
export function formRequest(url: string, fields: Record<string, string | string[]> = {}, options: RequestOptions = {}): Request {
  const body = new URLSearchParams()
  // A list is sent as the same name repeated, like a checkbox group or a multiple select.
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item)
  return new Request(absolute(url), { method: 'POST', body, headers: buildHeaders(options) })
}

/** A GET request (a page load). */
export function getRequest(url: string, options: RequestOptions = {}): Request {
  return new Request(absolute(url), { method: 'GET', headers: buildHeaders(options) })
}

/** The `name=value` part of a Set-Cookie header, ready for a Cookie header. */
export function cookieFrom(setCookie: string | null | undefined): string {
  if (!setCookie) throw new Error('Expected a Set-Cookie header, got none')
  const pair = setCookie.split(';')[0]
  if (!pair || !pair.includes('=')) throw new Error(`Not a cookie: ${setCookie}`)
  return pair
}

/** Sign in through the real sign-in action and return the session cookie for later requests. */
export async function signInAs(user: { email: string; password: string }, { ip }: { ip?: string } = {}): Promise<string> {
  const result = await callRoute(signInAction, {
    request: formRequest('/signin', { email: user.email, password: user.password }, { ip }),
  })
  if (result.status !== 302 || !result.setCookie) {
    throw new Error(`signInAs(${user.email}) failed: ${result.status} ${JSON.stringify(result.data)}`)
  }
  return cookieFrom(result.setCookie)
}

/** A session created directly (no password check, no rate limit), e.g. for an unverified user. */
export async function sessionCookieFor(
  userId: string,
  options: { activeOrganizationId?: string | null; now?: Date } = {},
): Promise<string> {
  return cookieFrom(await createSession(getRequest('/'), userId, options))
}

// ───────────────────────────── Mail ─────────────────────────────

export type MailBox = {
  catcher: () => MailCatcher
  /** The message to `to` (already received or arriving within the timeout). */
  waitForMailTo: (to: string, timeoutMs?: number) => Promise<CaughtMessage>
  /** Every message received so far for `to`. */
  messagesTo: (to: string) => CaughtMessage[]
}

/**
 * Start a real SMTP server for this test file and make the app send its mail there, so the mail
 * actions send really arrives. Call once at the top level of a test file.
 */
export function useMailCatcher(): MailBox {
  let catcher: MailCatcher | undefined
  let mailer: Mailer | undefined
  beforeAll(async () => {
    catcher = await startMailCatcher()
    mailer = createMailer({ smtpUrl: catcher.url, from: 'Trafficking-Free Vendor Portal <no-reply@portal.test>' })
    setMailerForProcess(mailer)
  })
  afterAll(async () => {
    setMailerForProcess(undefined)
    mailer?.close()
    await catcher?.stop()
  })
  const current = () => {
    if (!catcher) throw new Error('The mail catcher is not running (useMailCatcher registers it in beforeAll)')
    return catcher
  }
  return {
    catcher: current,
    waitForMailTo: (to, timeoutMs) => current().waitFor((m) => m.to.includes(to.toLowerCase()), timeoutMs),
    messagesTo: (to) => current().messages().filter((m) => m.to.includes(to.toLowerCase())),
  }
}

/** The first link in a received email's text that starts with APP_URL + `path`. */
export function linkIn(message: CaughtMessage, path: string): string {
  const escaped = `${APP_URL}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const match = new RegExp(`${escaped}[^\\s<>()\\[\\]"']*`).exec(message.text)
  if (!match) throw new Error(`No link to ${APP_URL}${path} in "${message.subject}":\n${message.text}`)
  return match[0]
}

/** The `token` query parameter of a link. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token')
  if (!token) throw new Error(`No token in ${link}`)
  return token
}

// ───────────────────────────── People ─────────────────────────────

export type SignedInMember = CreatedMember & { cookie: string }

/** A new member of `organizationId` with `role`, already signed in (their session cookie). */
export async function signedInMember(organizationId: string, role: CreatedMember['role']): Promise<SignedInMember> {
  const member = await createMember(db(), { organizationId, role })
  return { ...member, cookie: await sessionCookieFor(member.id) }
}
