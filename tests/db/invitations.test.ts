import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { getSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import type { Role } from '~/generated/prisma/enums'
import { action as invitationAction, loader as invitationLoader } from '~/routes/invitation'
import { loader as orgLoader } from '~/routes/org'
import { action as membersAction } from '~/routes/org.members'
import { createMember, createUser, createVendorWithOwner, type CreatedMember, type CreatedOrganization } from '~/demo/factories.server'
import {
  callRoute,
  cookieFrom,
  formRequest,
  getRequest,
  linkIn,
  sessionCookieFor,
  signInAs,
  uniqueIp,
  useMailCatcher,
} from '#tests/support/routes'

// Invitations end to end: an owner invites through the members page, the mail really arrives over
// SMTP, and the person follows the link in it — as a newcomer creating an account or as an
// existing user who is signed in. Every closed, foreign or repeated use writes nothing.

const mail = useMailCatcher()

let organization: CreatedOrganization
let owner: CreatedMember
let ownerCookie: string

beforeAll(async () => {
  const created = await createVendorWithOwner(db())
  organization = created.organization
  owner = created.owner
  ownerCookie = await sessionCookieFor(owner.id)
})

const freshEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@example.test`
const NEW_PASSWORD = 'a passphrase for my new account'

function invite(email: string, role: Role = 'member', cookie = ownerCookie) {
  return callRoute(membersAction, {
    request: formRequest(`/orgs/${organization.id}/members`, { intent: 'invite', email, role }, { cookie }),
    params: { orgId: organization.id },
  })
}

/** Invite `email` and return the link from the mail that arrives. */
async function inviteAndReceive(email: string, role: Role = 'member'): Promise<{ link: string; token: string }> {
  const result = await invite(email, role)
  expect(result.status).toBe(200)
  expect(result.data).toEqual({ invited: email.toLowerCase() })
  const link = linkIn(await mail.waitForMailTo(email), '/invitations/')
  const token = decodeURIComponent(new URL(link).pathname.slice('/invitations/'.length))
  expect(token).not.toBe('')
  return { link, token }
}

function openLink(token: string, cookie: string | null = null) {
  return callRoute(invitationLoader, { request: getRequest(`/invitations/${encodeURIComponent(token)}`, { cookie }), params: { token } })
}

function accept(token: string, { cookie = null, fields = {} }: { cookie?: string | null; fields?: Record<string, string> } = {}) {
  return callRoute(invitationAction, {
    request: formRequest(`/invitations/${encodeURIComponent(token)}`, fields, { cookie, ip: uniqueIp() }),
    params: { token },
  })
}

const acceptAsNewcomer = (token: string, name = 'Rosa Delgado') => accept(token, { fields: { name, password: NEW_PASSWORD } })

async function invitationByEmail(email: string) {
  return db().invitation.findFirstOrThrow({
    where: { organizationId: organization.id, email: email.toLowerCase() },
    orderBy: { createdAt: 'desc' },
    select: { id: true, role: true, acceptedAt: true, revokedAt: true },
  })
}

const membershipsIn = () => db().membership.count({ where: { organizationId: organization.id } })

describe('inviting', () => {
  test('the invitation mail arrives with a link, the organization, the role and who invited', async () => {
    const email = freshEmail('mail-check')
    const { link } = await inviteAndReceive(email, 'signer')
    const message = await mail.waitForMailTo(email)
    expect(message.subject).toBe(`You are invited to join ${organization.legalName}`)
    expect(message.text).toContain(owner.name)
    expect(link.startsWith('http://portal.test/invitations/')).toBe(true)
    expect(await invitationByEmail(email)).toMatchObject({ role: 'signer', acceptedAt: null, revokedAt: null })
  })

  test('an existing user is invited in their own language', async () => {
    const user = await createUser(db(), { preferredLanguage: 'es' })
    await inviteAndReceive(user.email)
    const message = await mail.waitForMailTo(user.email)
    expect(message.subject).toBe(`Invitación para unirse a ${organization.legalName}`)
  })

  test('inviting someone who is already a member: errors.alreadyMember, no invitation, no mail', async () => {
    const member = await createMember(db(), { organizationId: organization.id, role: 'member' })
    for (const email of [member.email, owner.email.toUpperCase()]) {
      const result = await invite(email)
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ fieldErrors: { email: 'errors.alreadyMember' } })
      expect(await db().invitation.count({ where: { organizationId: organization.id, email: email.toLowerCase() } })).toBe(0)
    }
    expect(mail.messagesTo(member.email)).toEqual([])
  })

  test('inviting the same address twice while pending: errors.alreadyInvited, one invitation, one mail', async () => {
    const email = freshEmail('twice')
    await inviteAndReceive(email)
    const again = await invite(email.toUpperCase(), 'admin')
    expect(again.status).toBe(400)
    expect(again.data).toMatchObject({ fieldErrors: { email: 'errors.alreadyInvited' } })
    expect(await db().invitation.count({ where: { organizationId: organization.id, email } })).toBe(1)
    expect(await invitationByEmail(email)).toMatchObject({ role: 'member' })
    expect(mail.messagesTo(email)).toHaveLength(1)
  })
})

describe('accepting', () => {
  test('a newcomer accepts by creating an account: verified, member with the invited role, signed in', async () => {
    const email = freshEmail('newcomer')
    const { token } = await inviteAndReceive(email, 'signer')

    const page = await openLink(token)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({
      open: true,
      email,
      role: 'signer',
      organization: organization.legalName,
      inviter: owner.name,
      currentEmail: null,
      accountExists: false,
    })

    const result = await acceptAsNewcomer(token, '  Rosa Delgado  ')
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/orgs/${organization.id}`)
    const cookie = cookieFrom(result.setCookie)

    const user = await db().user.findUniqueOrThrow({
      where: { email },
      select: { id: true, name: true, emailVerifiedAt: true, memberships: { select: { organizationId: true, role: true } } },
    })
    expect(user.name).toBe('Rosa Delgado')
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect(user.memberships).toEqual([{ organizationId: organization.id, role: 'signer' }])
    expect((await invitationByEmail(email)).acceptedAt).toBeInstanceOf(Date)

    // Signed in, with the organization active, and straight into its page (no verify detour).
    const session = await getSession(getRequest('/', { cookie }))
    expect(session?.user.id).toBe(user.id)
    expect(session?.activeOrganizationId).toBe(organization.id)
    const orgPage = await callRoute(orgLoader, { request: getRequest(`/orgs/${organization.id}`, { cookie }), params: { orgId: organization.id } })
    expect(orgPage.status).toBe(200)
    expect(orgPage.data).toMatchObject({ role: 'signer', organization: { id: organization.id } })

    // The chosen password works for signing in later.
    expect(await signInAs({ email, password: NEW_PASSWORD })).toMatch(/^__session=/)
  })

  test('a newcomer must give a name and a long enough password; nothing is written until they do', async () => {
    const email = freshEmail('newcomer-invalid')
    const { token } = await inviteAndReceive(email)
    const result = await accept(token, { fields: { name: '', password: 'short' } })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { name: 'errors.required', password: 'errors.password.short' } })
    expect(await db().user.count({ where: { email } })).toBe(0)
    expect((await invitationByEmail(email)).acceptedAt).toBeNull()
  })

  test('an existing user accepts while signed in with the matching email', async () => {
    const user = await createUser(db())
    const cookie = await signInAs(user)
    const { token } = await inviteAndReceive(user.email.toUpperCase(), 'admin')

    const page = await openLink(token, cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ open: true, email: user.email, currentEmail: user.email, accountExists: true })

    const result = await accept(token, { cookie })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/orgs/${organization.id}`)
    expect(await db().membership.findUnique({ where: { userId_organizationId: { userId: user.id, organizationId: organization.id } } })).toMatchObject({
      role: 'admin',
    })
    expect((await getSession(getRequest('/', { cookie })))?.activeOrganizationId).toBe(organization.id)
  })

  test('the new-account form cannot take over an existing account with the invited address', async () => {
    const user = await createUser(db())
    const { token } = await inviteAndReceive(user.email)
    const hashBefore = (await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash

    const page = await openLink(token)
    expect(page.data).toMatchObject({ accountExists: true, currentEmail: null })
    const membershipsBefore = await membershipsIn()
    const result = await acceptAsNewcomer(token, 'Mallory')
    expect(result.status).toBe(409)
    expect(result.setCookie).toBeNull()
    expect(result.data).toMatchObject({ formError: 'errors.emailTaken' })
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ passwordHash: hashBefore, name: user.name })
    expect(await membershipsIn()).toBe(membershipsBefore)
    expect((await invitationByEmail(user.email)).acceptedAt).toBeNull()
  })

  test('accepting twice: 409 errors.invitationClosed and still one membership', async () => {
    const email = freshEmail('twice-accept')
    const { token } = await inviteAndReceive(email)
    const first = await acceptAsNewcomer(token)
    expect(first.status).toBe(302)
    const cookie = cookieFrom(first.setCookie)
    const membershipsAfterFirst = await membershipsIn()

    const againSignedIn = await accept(token, { cookie })
    expect(againSignedIn.status).toBe(409)
    expect(againSignedIn.data).toMatchObject({ formError: 'errors.invitationClosed' })

    const againAnonymous = await acceptAsNewcomer(token, 'Someone Else')
    expect(againAnonymous.status).toBe(409)
    expect(againAnonymous.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(againAnonymous.setCookie).toBeNull()

    expect(await membershipsIn()).toBe(membershipsAfterFirst)
    expect(await db().user.count({ where: { email } })).toBe(1)
    const page = await openLink(token)
    expect(page.status).toBe(410)
    expect(page.data).toMatchObject({ open: false })
  })

  test('two accepts at the same moment: exactly one account and one membership', async () => {
    const email = freshEmail('double-click')
    const { token } = await inviteAndReceive(email)
    const membershipsBefore = await membershipsIn()
    const results = await Promise.all([acceptAsNewcomer(token), acceptAsNewcomer(token)])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    expect(await db().user.count({ where: { email } })).toBe(1)
    expect(await membershipsIn()).toBe(membershipsBefore + 1)
  })

  test('a withdrawn invitation: errors.invitationClosed, nothing written', async () => {
    const email = freshEmail('withdrawn')
    const { token } = await inviteAndReceive(email)
    const { id } = await invitationByEmail(email)
    const revoked = await callRoute(membersAction, {
      request: formRequest(`/orgs/${organization.id}/members`, { intent: 'revoke', invitationId: id }, { cookie: ownerCookie }),
      params: { orgId: organization.id },
    })
    expect(revoked.status).toBe(200)
    expect(revoked.data).toEqual({ revoked: true })

    const page = await openLink(token)
    expect(page.status).toBe(410)
    expect(page.data).toMatchObject({ open: false })

    const membershipsBefore = await membershipsIn()
    const result = await acceptAsNewcomer(token)
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(result.setCookie).toBeNull()
    expect(await db().user.count({ where: { email } })).toBe(0)
    expect(await membershipsIn()).toBe(membershipsBefore)
    expect((await invitationByEmail(email)).acceptedAt).toBeNull()
  })

  test('a withdrawn invitation cannot be accepted by the invited user signed in either', async () => {
    const user = await createUser(db())
    const cookie = await sessionCookieFor(user.id)
    const { token } = await inviteAndReceive(user.email)
    await db().invitation.updateMany({ where: { organizationId: organization.id, email: user.email }, data: { revokedAt: new Date() } })
    const result = await accept(token, { cookie })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(0)
  })

  test('an expired invitation: errors.invitationClosed, nothing written; the address can be invited again', async () => {
    const email = freshEmail('expired')
    const { token } = await inviteAndReceive(email, 'admin')
    const { id } = await invitationByEmail(email)
    await db().invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 60_000) } })

    const page = await openLink(token)
    expect(page.status).toBe(410)
    const membershipsBefore = await membershipsIn()
    const result = await acceptAsNewcomer(token)
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(await db().user.count({ where: { email } })).toBe(0)
    expect(await membershipsIn()).toBe(membershipsBefore)
    expect(await db().invitation.findUniqueOrThrow({ where: { id } })).toMatchObject({ acceptedAt: null })

    // An expired invitation no longer blocks a new one.
    const renewed = await invite(email, 'admin')
    expect(renewed.status).toBe(200)
    expect(mail.messagesTo(email)).toHaveLength(2)
  })

  test('a signed-in user with a different email cannot accept; the invitation stays open for the right person', async () => {
    const email = freshEmail('intended')
    const { token } = await inviteAndReceive(email)
    const stranger = await createUser(db())
    const strangerCookie = await signInAs(stranger)

    const page = await openLink(token, strangerCookie)
    expect(page.data).toMatchObject({ open: true, email, currentEmail: stranger.email })

    const membershipsBefore = await membershipsIn()
    const result = await accept(token, { cookie: strangerCookie })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(await db().membership.count({ where: { userId: stranger.id, organizationId: organization.id } })).toBe(0)
    expect(await membershipsIn()).toBe(membershipsBefore)
    // Sending the new-account fields along does not help either.
    const withFields = await accept(token, { cookie: strangerCookie, fields: { name: 'Stranger', password: NEW_PASSWORD } })
    expect(withFields.status).toBe(409)
    expect(await db().user.count({ where: { email } })).toBe(0)
    expect((await invitationByEmail(email)).acceptedAt).toBeNull()

    // The intended person can still accept.
    expect((await acceptAsNewcomer(token)).status).toBe(302)
  })

  test('an unknown token is 404 and accepting it writes nothing', async () => {
    const token = randomBytes(32).toString('base64url')
    const page = await openLink(token)
    expect(page.status).toBe(404)
    expect(page.thrown).toBe(true)

    const usersBefore = await db().user.count()
    const result = await acceptAsNewcomer(token)
    expect(result.status).toBeGreaterThanOrEqual(400)
    expect(result.setCookie).toBeNull()
    expect(await db().user.count()).toBe(usersBefore)
  })
})
