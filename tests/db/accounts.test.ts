import { randomBytes } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { verifyEmail } from '~/auth/auth.server'
import { verifyPassword } from '~/auth/password.server'
import { getSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { loader as rootLoader } from '~/root'
import { action as accountAction, loader as accountLoader } from '~/routes/account'
import { action as forgotPasswordAction } from '~/routes/forgot-password'
import { action as resetPasswordAction, loader as resetPasswordLoader } from '~/routes/reset-password'
import { action as signInAction } from '~/routes/signin'
import { action as signOutAction, loader as signOutLoader } from '~/routes/signout'
import { action as signUpAction } from '~/routes/signup'
import { action as verifyEmailAction, loader as verifyEmailLoader } from '~/routes/verify-email'
import { createUser, uniqueUei } from '~/demo/factories.server'
import {
  callRoute,
  cookieFrom,
  formRequest,
  getRequest,
  linkIn,
  signInAs,
  tokenOf,
  uniqueIp,
  useMailCatcher,
  type RouteResult,
} from '#tests/support/routes'

// Accounts end to end through the real route modules, the test database and a real SMTP server:
// what a person signing up, signing in, confirming an address or resetting a password would see.

const mail = useMailCatcher()

const suffix = () => randomBytes(4).toString('hex')
const NEW_PASSWORD = 'a brand new passphrase 2025'

type SignUpFields = { legalName: string; uei: string; name: string; email: string; password: string }

function signUpFields(overrides: Partial<SignUpFields> = {}): SignUpFields {
  const id = suffix()
  return {
    legalName: `Harbor Janitorial ${id} LLC`,
    uei: uniqueUei(),
    name: `Ana Pérez ${id}`,
    email: `founder-${id}@example.test`,
    password: 'correct horse battery staple',
    ...overrides,
  }
}

function signUp(fields: Record<string, string>, ip = uniqueIp()) {
  return callRoute(signUpAction, { request: formRequest('/signup', fields, { ip }) })
}

function signIn(email: string, password: string, { ip = uniqueIp(), redirectTo }: { ip?: string; redirectTo?: string } = {}) {
  const fields: Record<string, string> = { email, password }
  if (redirectTo !== undefined) fields.redirectTo = redirectTo
  return callRoute(signInAction, { request: formRequest('/signin', fields, { ip }) })
}

/** What the sign-in page would show for a cookie: signed in (account page) or sent to sign in. */
function visitAccount(cookie: string | null) {
  return callRoute(accountLoader, { request: getRequest('/account', { cookie }) })
}

function expectSentToSignIn(result: RouteResult, from: string) {
  expect(result.status).toBe(302)
  expect(result.location).toBe(`/signin?redirectTo=${encodeURIComponent(from)}`)
}

async function rowCounts() {
  const [organizations, users, memberships, contacts, sessions, accountTokens] = await Promise.all([
    db().organization.count(),
    db().user.count(),
    db().membership.count(),
    db().organizationContact.count(),
    db().session.count(),
    db().accountToken.count(),
  ])
  return { organizations, users, memberships, contacts, sessions, accountTokens }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The echoed form values with the email replaced, to compare two answers for different addresses. */
function withEmailMasked(data: unknown): unknown {
  if (!isRecord(data)) return data
  const masked: Record<string, unknown> = { ...data }
  if (isRecord(masked.values)) masked.values = { ...masked.values, email: '<email>' }
  if (typeof masked.sentTo === 'string') masked.sentTo = '<email>'
  return masked
}

// ───────────────────────────── Sign-up and email verification ─────────────────────────────

describe('sign-up', () => {
  test('creates the vendor, its owner and compliance contact, and a verification mail whose link confirms the address', async () => {
    const fields = signUpFields()
    const before = await rowCounts()
    const result = await signUp(fields)

    expect(result.status).toBe(302)
    expect(result.location).toBe('/verify-email?sent=1')
    const cookie = cookieFrom(result.setCookie)

    const user = await db().user.findUniqueOrThrow({
      where: { email: fields.email },
      select: { id: true, name: true, emailVerifiedAt: true, memberships: { select: { role: true, organizationId: true } } },
    })
    expect(user.name).toBe(fields.name)
    expect(user.emailVerifiedAt).toBeNull()
    expect(user.memberships).toHaveLength(1)
    const membership = user.memberships[0]
    expect(membership?.role).toBe('owner')

    const organization = await db().organization.findUniqueOrThrow({
      where: { uei: fields.uei },
      select: { id: true, kind: true, legalName: true, contacts: { select: { kind: true, name: true, email: true } } },
    })
    expect(organization).toMatchObject({ id: membership?.organizationId, kind: 'vendor', legalName: fields.legalName })
    expect(organization.contacts).toEqual(
      expect.arrayContaining([
        { kind: 'compliance', name: fields.name, email: fields.email },
        { kind: 'primary', name: fields.name, email: fields.email },
      ]),
    )
    expect(await rowCounts()).toMatchObject({
      organizations: before.organizations + 1,
      users: before.users + 1,
      memberships: before.memberships + 1,
    })

    // The new session is signed in, with the new organization active.
    const session = await getSession(getRequest('/', { cookie }))
    expect(session?.user.id).toBe(user.id)
    expect(session?.activeOrganizationId).toBe(organization.id)

    // The verification mail really arrives, addressed to the person, with a working link.
    const message = await mail.waitForMailTo(fields.email)
    expect(message.text).toContain(fields.name)
    const link = linkIn(message, '/verify-email?token=')

    // Opening the link shows the confirmation page; it does not confirm by itself (link scanners).
    const page = await callRoute(verifyEmailLoader, { request: getRequest(link, { cookie }) })
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ token: tokenOf(link), tokenError: null, verified: false, email: fields.email })
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull()

    // Pressing the button confirms.
    const confirmed = await callRoute(verifyEmailAction, { request: formRequest('/verify-email', { token: tokenOf(link) }, { cookie }) })
    expect(confirmed.status).toBe(302)
    expect(confirmed.location).toBe('/verify-email?done=1')
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date)
    const done = await callRoute(verifyEmailLoader, { request: getRequest('/verify-email?done=1', { cookie }) })
    expect(done.data).toMatchObject({ verified: true })

    // The link works once.
    const reopened = await callRoute(verifyEmailLoader, { request: getRequest(link) })
    expect(reopened.status).toBe(400)
    expect(reopened.data).toMatchObject({ tokenError: 'errors.tokenInvalid' })
    const reused = await callRoute(verifyEmailAction, { request: formRequest('/verify-email', { token: tokenOf(link) }) })
    expect(reused.status).toBe(400)
    expect(reused.data).toEqual({ formError: 'errors.tokenInvalid' })
  })

  test('stores a UEI typed in lower case with spaces the way SAM shows it', async () => {
    const uei = uniqueUei()
    const typed = `${uei.slice(0, 4)} ${uei.slice(4, 8)}-${uei.slice(8)}`.toLowerCase()
    const fields = signUpFields({ uei: typed, email: `Mixed.Case-${suffix()}@Example.TEST` })
    const result = await signUp(fields)
    expect(result.status).toBe(302)
    expect(await db().organization.count({ where: { uei } })).toBe(1)
    const email = fields.email.toLowerCase()
    expect(await db().user.count({ where: { email } })).toBe(1)
    await mail.waitForMailTo(email)
  })

  test("the verification mail is in the browser's language, which the account and organization keep", async () => {
    const fields = signUpFields()
    const result = await callRoute(signUpAction, {
      request: formRequest('/signup', fields, { headers: { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' } }),
    })
    expect(result.status).toBe(302)
    const message = await mail.waitForMailTo(fields.email)
    expect(message.subject).toBe('Confirme su dirección de correo electrónico')
    expect(await db().user.findUniqueOrThrow({ where: { email: fields.email } })).toMatchObject({ preferredLanguage: 'es' })
    expect(await db().organization.findUniqueOrThrow({ where: { uei: fields.uei } })).toMatchObject({ preferredLanguage: 'es' })
  })

  test('an expired verification link is refused with errors.tokenExpired and confirms nothing', async () => {
    const fields = signUpFields()
    expect((await signUp(fields)).status).toBe(302)
    const token = tokenOf(linkIn(await mail.waitForMailTo(fields.email), '/verify-email?token='))
    const user = await db().user.findUniqueOrThrow({ where: { email: fields.email } })

    // After the 24 hours (the function takes the clock), the token is expired, not invalid.
    const later = new Date(Date.now() + 25 * 3_600_000)
    expect(await verifyEmail(token, later)).toEqual({ ok: false, formError: 'errors.tokenExpired' })

    // The same through the pages, with the row's expiry moved into the past.
    await db().accountToken.updateMany({
      where: { userId: user.id, purpose: 'verify_email', usedAt: null },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    })
    const page = await callRoute(verifyEmailLoader, { request: getRequest(`/verify-email?token=${encodeURIComponent(token)}`) })
    expect(page.status).toBe(400)
    expect(page.data).toMatchObject({ tokenError: 'errors.tokenExpired' })
    const confirm = await callRoute(verifyEmailAction, { request: formRequest('/verify-email', { token }) })
    expect(confirm.status).toBe(400)
    expect(confirm.data).toEqual({ formError: 'errors.tokenExpired' })
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull()
  })

  test('an unknown verification token is invalid', async () => {
    const result = await callRoute(verifyEmailAction, { request: formRequest('/verify-email', { token: randomBytes(32).toString('base64url') }) })
    expect(result.status).toBe(400)
    expect(result.data).toEqual({ formError: 'errors.tokenInvalid' })
  })

  test('a UEI that is already registered: 400 errors.ueiTaken, nothing written, no mail', async () => {
    const first = signUpFields()
    expect((await signUp(first)).status).toBe(302)
    await mail.waitForMailTo(first.email)

    const second = signUpFields({ uei: first.uei.toLowerCase() })
    const before = await rowCounts()
    const result = await signUp(second)
    expect(result.status).toBe(400)
    expect(result.setCookie).toBeNull()
    expect(result.data).toMatchObject({ fieldErrors: { uei: 'errors.ueiTaken' } })
    expect(await rowCounts()).toEqual(before)
    expect(await db().user.findUnique({ where: { email: second.email } })).toBeNull()
    expect(mail.messagesTo(second.email)).toEqual([])
  })

  test('an email that already has an account (any case): 400 errors.emailTaken, nothing written', async () => {
    const first = signUpFields()
    expect((await signUp(first)).status).toBe(302)
    await mail.waitForMailTo(first.email)

    const second = signUpFields({ email: ` ${first.email.toUpperCase()} ` })
    const before = await rowCounts()
    const result = await signUp(second)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { email: 'errors.emailTaken' } })
    expect(await rowCounts()).toEqual(before)
    expect(await db().organization.findUnique({ where: { uei: second.uei } })).toBeNull()
    expect(mail.messagesTo(first.email)).toHaveLength(1)
  })

  test('both taken at once: both field errors', async () => {
    const first = signUpFields()
    expect((await signUp(first)).status).toBe(302)
    const before = await rowCounts()
    const result = await signUp(signUpFields({ email: first.email, uei: first.uei }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { email: 'errors.emailTaken', uei: 'errors.ueiTaken' } })
    expect(await rowCounts()).toEqual(before)
  })

  test('two sign-ups racing for the same email or UEI: one wins, the other gets the field error, no half-written rows', async () => {
    const sameEmail = signUpFields()
    const sameUei = signUpFields()
    const before = await rowCounts()
    const otherUei = { ...signUpFields(), uei: sameUei.uei }
    const results = await Promise.all([
      signUp(sameEmail),
      signUp({ ...signUpFields(), email: sameEmail.email }),
      signUp(sameUei),
      signUp(otherUei),
    ])
    const [emailA, emailB, ueiA, ueiB] = results
    expect([emailA?.status, emailB?.status].sort()).toEqual([302, 400])
    expect([ueiA?.status, ueiB?.status].sort()).toEqual([302, 400])
    expect([emailA, emailB].find((r) => r?.status === 400)?.data).toMatchObject({ fieldErrors: { email: 'errors.emailTaken' } })
    expect([ueiA, ueiB].find((r) => r?.status === 400)?.data).toMatchObject({ fieldErrors: { uei: 'errors.ueiTaken' } })
    // Exactly two vendors with their owners: the losers left nothing behind.
    expect(await rowCounts()).toMatchObject({
      organizations: before.organizations + 2,
      users: before.users + 2,
      memberships: before.memberships + 2,
      contacts: before.contacts + 4,
    })
    await mail.waitForMailTo(sameEmail.email)
    await mail.waitForMailTo(ueiA?.status === 302 ? sameUei.email : otherUei.email)
  })

  test.each([
    ['a character outside letters and digits', 'ABC$EFGH1234', 'errors.uei.characters'],
    ['too short', 'ABC123', 'errors.uei.length'],
    ['too long', 'ABCDEFGH12345', 'errors.uei.length'],
    ['the letter O', 'ABCDEFGH1O34', 'errors.uei.letters'],
    ['the letter I', 'ABCDEFGH1I34', 'errors.uei.letters'],
    ['a leading zero', '0BCDEFGH1234', 'errors.uei.firstZero'],
    ['nothing but spaces', '   ', 'errors.required'],
  ])('a UEI with %s is refused (%s → %s) and nothing is written', async (_label, uei, error) => {
    const fields = signUpFields({ uei })
    const before = await rowCounts()
    const result = await signUp(fields)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { uei: error } })
    expect(await rowCounts()).toEqual(before)
    expect(await db().user.findUnique({ where: { email: fields.email } })).toBeNull()
  })

  test.each([['not-an-email'], ['two@@example.test'], ['missing-domain@'], ['spaces in@example.test']])(
    'an invalid email %s is refused and nothing is written',
    async (email) => {
      const before = await rowCounts()
      const result = await signUp(signUpFields({ email }))
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ fieldErrors: { email: 'errors.email' } })
      expect(await rowCounts()).toEqual(before)
    },
  )

  test('over-long values are refused with field errors (and the password is never echoed)', async () => {
    const fields = signUpFields({
      legalName: 'L'.repeat(10_000),
      name: 'N'.repeat(121),
      email: `${'e'.repeat(250)}@example.test`,
      password: 'p'.repeat(129),
    })
    const before = await rowCounts()
    const result = await signUp(fields)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      fieldErrors: {
        legalName: 'errors.tooLong',
        name: 'errors.tooLong',
        email: 'errors.tooLong',
        password: 'errors.password.long',
      },
    })
    expect(result.data).toMatchObject({ values: { name: 'N'.repeat(121) } })
    expect(JSON.stringify(result.data)).not.toContain('p'.repeat(129))
    expect(await rowCounts()).toEqual(before)
  })

  test('a legal name far beyond the form limit (100,000 characters) is refused the same way', async () => {
    const before = await rowCounts()
    const result = await signUp(signUpFields({ legalName: 'L'.repeat(100_000) }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { legalName: 'errors.tooLong' } })
    expect(await rowCounts()).toEqual(before)
  })

  test('the longest allowed values are accepted', async () => {
    const id = suffix()
    const fields = signUpFields({
      legalName: `${id} ${'L'.repeat(200 - id.length - 1)}`,
      name: `${id} ${'N'.repeat(120 - id.length - 1)}`,
      password: 'p'.repeat(128),
    })
    const result = await signUp(fields)
    expect(result.status).toBe(302)
    const organization = await db().organization.findUniqueOrThrow({ where: { uei: fields.uei } })
    expect(organization.legalName).toHaveLength(200)
    await mail.waitForMailTo(fields.email)
  })

  test('missing fields: every one gets errors.required, a short password its own error, nothing is written', async () => {
    const before = await rowCounts()
    const empty = await signUp({})
    expect(empty.status).toBe(400)
    expect(empty.data).toMatchObject({
      fieldErrors: {
        legalName: 'errors.required',
        uei: 'errors.required',
        name: 'errors.required',
        email: 'errors.required',
        password: 'errors.required',
      },
    })
    const blanks = await signUp({ legalName: '   ', uei: '', name: ' ', email: ' ', password: '' })
    expect(blanks.status).toBe(400)
    expect(blanks.data).toMatchObject({
      fieldErrors: { legalName: 'errors.required', uei: 'errors.required', name: 'errors.required', email: 'errors.required', password: 'errors.required' },
    })
    const shortPassword = await signUp(signUpFields({ password: 'short' }))
    expect(shortPassword.status).toBe(400)
    expect(shortPassword.data).toMatchObject({ fieldErrors: { password: 'errors.password.short' } })
    expect(await rowCounts()).toEqual(before)
  })

  test('a filled honeypot looks like success to the bot but creates nothing and sends nothing', async () => {
    const fields = { ...signUpFields(), website: 'http://spam.example' }
    const before = await rowCounts()
    const result = await signUp(fields)
    expect(result.status).toBe(302)
    expect(result.location).toBe('/verify-email?sent=1')
    expect(result.setCookie).toBeNull()
    expect(await rowCounts()).toEqual(before)
    expect(await db().user.findUnique({ where: { email: fields.email } })).toBeNull()
    expect(await db().organization.findUnique({ where: { uei: fields.uei } })).toBeNull()
    expect(mail.messagesTo(fields.email)).toEqual([])
  })
})

// ───────────────────────────── Sign-in ─────────────────────────────

describe('sign-in', () => {
  test('the right password signs in and goes back to redirectTo; another site is never a target', async () => {
    const user = await createUser(db())
    const result = await signIn(user.email.toUpperCase(), user.password, { redirectTo: '/account' })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/account')
    const cookie = cookieFrom(result.setCookie)
    const account = await visitAccount(cookie)
    expect(account.status).toBe(200)
    expect(account.data).toMatchObject({ user: { email: user.email } })
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).toBeInstanceOf(Date)

    const offsite = await signIn(user.email, user.password, { redirectTo: '//evil.example/steal' })
    expect(offsite.status).toBe(302)
    expect(offsite.location).toBe('/')
  })

  // Browsers drop tabs and newlines from a URL before resolving it (WHATWG URL), so "/\t/evil.example"
  // in a Location header takes the person to //evil.example: redirectTo must not smuggle them in.
  test.each([
    ['a tab', '/\t/evil.example/phish'],
    ['a tab before a backslash', '/\t\\evil.example/phish'],
    ['a newline', '/\n/evil.example/phish'],
    ['a carriage return', '/\r/evil.example/phish'],
  ])('a redirectTo hiding another site behind %s lands on this site', async (_label, redirectTo) => {
    const user = await createUser(db())
    const result = await signIn(user.email, user.password, { redirectTo })
    expect(result.status).toBe(302)
    expect(result.setCookie).not.toBeNull()
    const target = new URL(result.location ?? '', 'http://portal.test/signin')
    expect(target.origin).toBe('http://portal.test')
  })

  test('a wrong password and an unknown email get the identical answer', async () => {
    const user = await createUser(db())
    const wrong = await signIn(user.email, 'not the right password')
    const unknown = await signIn(`nobody-${suffix()}@example.test`, 'not the right password')
    expect(wrong.status).toBe(400)
    expect(wrong.data).toMatchObject({ formError: 'errors.invalidCredentials' })
    expect(unknown.status).toBe(wrong.status)
    expect(withEmailMasked(unknown.data)).toEqual(withEmailMasked(wrong.data))
    expect(wrong.setCookie).toBeNull()
    expect(unknown.setCookie).toBeNull()
    // The password is never sent back to the page.
    expect(JSON.stringify(wrong.data)).not.toContain('not the right password')
  })

  test('after 5 failures in 15 minutes the account is locked (429) even with the right password, from any address', async () => {
    const user = await createUser(db())
    for (let attempt = 1; attempt <= 5; attempt++) {
      const result = await signIn(user.email, `wrong password ${attempt}`, { ip: uniqueIp() })
      expect(result.status, `attempt ${attempt}`).toBe(400)
    }
    const locked = await signIn(user.email, user.password, { ip: uniqueIp() })
    expect(locked.status).toBe(429)
    expect(locked.data).toMatchObject({ formError: 'errors.rateLimited', formErrorVars: { minutes: 15 } })
    expect(locked.setCookie).toBeNull()
    // The same address in another case is the same account.
    const shouted = await signIn(user.email.toUpperCase(), user.password, { ip: uniqueIp() })
    expect(shouted.status).toBe(429)
    expect(await db().session.count({ where: { userId: user.id } })).toBe(0)
  })

  test('a successful sign-in before the limit clears the earlier failures', async () => {
    const user = await createUser(db())
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await signIn(user.email, `typo ${attempt}`)).status).toBe(400)
    }
    expect((await signIn(user.email, user.password)).status).toBe(302)
    // Four more typos are still answered normally, and the right password still works.
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await signIn(user.email, `typo again ${attempt}`)).status, `attempt ${attempt}`).toBe(400)
    }
    expect((await signIn(user.email, user.password)).status).toBe(302)
  })

  test('a filled honeypot never signs in', async () => {
    const user = await createUser(db())
    const result = await callRoute(signInAction, {
      request: formRequest('/signin', { email: user.email, password: user.password, website: 'x' }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ formError: 'errors.invalidCredentials' })
    expect(result.setCookie).toBeNull()
  })
})

// ───────────────────────────── Password reset and change ─────────────────────────────

function forgotPassword(email: string, ip = uniqueIp()) {
  return callRoute(forgotPasswordAction, { request: formRequest('/forgot-password', { email }, { ip }) })
}

describe('password reset', () => {
  test('the mailed link works once, signs out every old session, and only the new password works', async () => {
    const user = await createUser(db())
    const laptop = await signInAs(user)
    const phone = await signInAs(user)
    expect((await visitAccount(laptop)).status).toBe(200)

    const requested = await forgotPassword(user.email)
    expect(requested.status).toBe(200)
    expect(requested.data).toEqual({ sentTo: user.email })

    const message = await mail.waitForMailTo(user.email)
    const link = linkIn(message, '/reset-password?token=')
    const token = tokenOf(link)

    const page = await callRoute(resetPasswordLoader, { request: getRequest(link) })
    expect(page.status).toBe(200)
    expect(page.data).toEqual({ token, tokenError: null })

    const reset = await callRoute(resetPasswordAction, { request: formRequest('/reset-password', { token, password: NEW_PASSWORD }) })
    expect(reset.status).toBe(302)
    expect(reset.location).toBe('/account?reset=1')
    const fresh = cookieFrom(reset.setCookie)
    expect((await visitAccount(fresh)).status).toBe(200)

    // The old sessions are gone: each old cookie is treated as signed out.
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1)
    for (const old of [laptop, phone]) {
      expectSentToSignIn(await visitAccount(old), '/account')
      const root = await callRoute(rootLoader, { request: getRequest('/', { cookie: old }) })
      expect(root.data).toMatchObject({ user: null })
    }

    // The link works once.
    const again = await callRoute(resetPasswordAction, { request: formRequest('/reset-password', { token, password: 'yet another passphrase' }) })
    expect(again.status).toBe(400)
    expect(again.data).toMatchObject({ formError: 'errors.tokenInvalid' })
    const reopened = await callRoute(resetPasswordLoader, { request: getRequest(link) })
    expect(reopened.status).toBe(400)
    expect(reopened.data).toMatchObject({ tokenError: 'errors.tokenInvalid' })

    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(await verifyPassword(stored.passwordHash, NEW_PASSWORD)).toBe(true)
    expect((await signIn(user.email, user.password)).status).toBe(400)
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(302)
  })

  test('a reset link also confirms an unverified address', async () => {
    const user = await createUser(db(), { verified: false })
    expect((await forgotPassword(user.email)).status).toBe(200)
    const token = tokenOf(linkIn(await mail.waitForMailTo(user.email), '/reset-password?token='))
    const reset = await callRoute(resetPasswordAction, { request: formRequest('/reset-password', { token, password: NEW_PASSWORD }) })
    expect(reset.status).toBe(302)
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date)
  })

  test('an expired reset link is refused and changes nothing', async () => {
    const user = await createUser(db())
    expect((await forgotPassword(user.email)).status).toBe(200)
    const token = tokenOf(linkIn(await mail.waitForMailTo(user.email), '/reset-password?token='))
    await db().accountToken.updateMany({ where: { userId: user.id, purpose: 'reset_password' }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const page = await callRoute(resetPasswordLoader, { request: getRequest(`/reset-password?token=${token}`) })
    expect(page.status).toBe(400)
    expect(page.data).toMatchObject({ tokenError: 'errors.tokenExpired' })
    const reset = await callRoute(resetPasswordAction, { request: formRequest('/reset-password', { token, password: NEW_PASSWORD }) })
    expect(reset.status).toBe(400)
    expect(reset.data).toMatchObject({ formError: 'errors.tokenExpired' })
    expect((await signIn(user.email, user.password)).status).toBe(302)
  })

  test('an unknown email gets exactly the answer a known one gets, and nothing is sent', async () => {
    const known = await createUser(db())
    const unknownEmail = `nobody-${suffix()}@example.test`
    const tokensBefore = await db().accountToken.count()

    const forUnknown = await forgotPassword(unknownEmail)
    const forKnown = await forgotPassword(known.email)
    expect(forUnknown.status).toBe(forKnown.status)
    expect(forUnknown.setCookie).toBe(forKnown.setCookie)
    expect(forUnknown.data).toEqual({ sentTo: unknownEmail })
    expect(withEmailMasked(forUnknown.data)).toEqual(withEmailMasked(forKnown.data))

    // The known address gets its mail; by then the unknown one would have had its mail too.
    await mail.waitForMailTo(known.email)
    expect(mail.messagesTo(unknownEmail)).toEqual([])
    expect(await db().accountToken.count()).toBe(tokensBefore + 1)
  })
})

describe('change password', () => {
  test('a wrong current password: 400 errors.currentPassword and nothing changes', async () => {
    const user = await createUser(db())
    const here = await signInAs(user)
    const elsewhere = await signInAs(user)
    const hashBefore = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash

    const result = await callRoute(accountAction, {
      request: formRequest('/account', { intent: 'change-password', currentPassword: 'not my password', newPassword: NEW_PASSWORD }, { cookie: here }),
    })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { currentPassword: 'errors.currentPassword' } })
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(hashBefore)
    expect((await visitAccount(elsewhere)).status).toBe(200)
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(400)
    expect((await signIn(user.email, user.password)).status).toBe(302)
  })

  test('the right current password changes it and signs out the other sessions only', async () => {
    const user = await createUser(db())
    const here = await signInAs(user)
    const elsewhere = await signInAs(user)
    const result = await callRoute(accountAction, {
      request: formRequest('/account', { intent: 'change-password', currentPassword: user.password, newPassword: NEW_PASSWORD }, { cookie: here }),
    })
    expect(result.status).toBe(200)
    expect(result.data).toEqual({ done: 'passwordChanged' })
    expect((await visitAccount(here)).status).toBe(200)
    expectSentToSignIn(await visitAccount(elsewhere), '/account')
    expect((await signIn(user.email, user.password)).status).toBe(400)
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(302)
  })

  test('signed out, the account page and its action send you to sign in', async () => {
    expectSentToSignIn(await visitAccount(null), '/account')
    const result = await callRoute(accountAction, {
      request: formRequest('/account', { intent: 'change-password', currentPassword: 'x', newPassword: NEW_PASSWORD }),
    })
    expectSentToSignIn(result, '/account')
  })
})

// ───────────────────────────── Sessions ─────────────────────────────

const TEST_SECRET = 'test-session-secret-0123456789abcdef0123456789'

describe('sessions', () => {
  test('a tampered cookie is treated as signed out', async () => {
    const user = await createUser(db())
    const cookie = await signInAs(user)
    expect((await visitAccount(cookie)).status).toBe(200)

    const [name, value = ''] = cookie.split('=')
    const signed = decodeURIComponent(value)
    const dot = signed.lastIndexOf('.')
    const payload = signed.slice(0, dot)
    const signature = signed.slice(dot + 1)
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`
    const forgeries = [
      `${name}=${encodeURIComponent(`${flip(payload, 3)}.${signature}`)}`,
      `${name}=${encodeURIComponent(`${payload}.${flip(signature, 3)}`)}`,
      `${name}=${encodeURIComponent(payload)}`,
    ]
    // The right token signed with a secret the server does not know.
    const token: unknown = await createCookie('__session', { secrets: [TEST_SECRET] }).parse(cookie)
    expect(typeof token).toBe('string')
    forgeries.push(cookieFrom(await createCookie('__session', { secrets: ['an attacker secret of at least 32 chars!!'] }).serialize(token)))

    for (const forged of forgeries) {
      expectSentToSignIn(await callRoute(accountLoader, { request: getRequest('/account?tab=sessions', { cookie: forged }) }), '/account?tab=sessions')
      const root = await callRoute(rootLoader, { request: getRequest('/', { cookie: forged }) })
      expect(root.status).toBe(200)
      expect(root.data).toMatchObject({ user: null })
    }
    // The real cookie still works: forgery attempts did not disturb the session.
    expect((await visitAccount(cookie)).status).toBe(200)
  })

  test('an expired session is treated as signed out and removed', async () => {
    const user = await createUser(db())
    const cookie = await signInAs(user)
    const session = await getSession(getRequest('/', { cookie }))
    if (!session) throw new Error('expected a session')
    await db().session.update({ where: { id: session.id }, data: { expiresAt: new Date(Date.now() - 1000) } })

    expectSentToSignIn(await visitAccount(cookie), '/account')
    expect(await db().session.findUnique({ where: { id: session.id } })).toBeNull()
    const root = await callRoute(rootLoader, { request: getRequest('/', { cookie }) })
    expect(root.data).toMatchObject({ user: null })
  })

  test('signing out with POST deletes the session row and clears the cookie', async () => {
    const user = await createUser(db())
    const cookie = await signInAs(user)
    const other = await signInAs(user)
    const session = await getSession(getRequest('/', { cookie }))
    if (!session) throw new Error('expected a session')

    const result = await callRoute(signOutAction, { request: formRequest('/signout', {}, { cookie }) })
    expect(result.status).toBe(302)
    expect(result.location).toBe('/')
    expect(result.setCookie).toMatch(/^__session=;/)
    expect(result.setCookie).toMatch(/Max-Age=0/i)
    expect(await db().session.findUnique({ where: { id: session.id } })).toBeNull()
    expectSentToSignIn(await visitAccount(cookie), '/account')
    // Only this device was signed out.
    expect((await visitAccount(other)).status).toBe(200)
  })

  test('GET /signout is 405 and changes nothing', async () => {
    const user = await createUser(db())
    const cookie = await signInAs(user)
    const sessionsBefore = await db().session.count({ where: { userId: user.id } })
    const result = await callRoute(signOutLoader, { request: getRequest('/signout', { cookie }) })
    expect(result.status).toBe(405)
    expect(result.headers.get('Allow')).toBe('POST')
    expect(result.setCookie).toBeNull()
    expect(await db().session.count({ where: { userId: user.id } })).toBe(sessionsBefore)
    expect((await visitAccount(cookie)).status).toBe(200)
  })
})
