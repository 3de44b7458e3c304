import { beforeAll, describe, expect, test } from 'vitest'
import { getSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import type { Role } from '~/generated/prisma/enums'
import { createInvitation } from '~/organizations/invitations.server'
import { loader as orgLoader } from '~/routes/org'
import { action as membersAction, loader as membersLoader } from '~/routes/org.members'
import { action as switchOrganizationAction } from '~/routes/switch-organization'
import {
  createMember,
  createOrganization,
  createUser,
  type CreatedMember,
  type CreatedOrganization,
} from '~/demo/factories.server'
import {
  callRoute,
  formRequest,
  getRequest,
  sessionCookieFor,
  signInAs,
  useMailCatcher,
  type RouteResult,
} from '#tests/support/routes'

// Tenancy (product.md §2): nobody sees or changes another organization's data. Someone outside
// an organization gets 404 for every organization URL (its existence is not revealed), a member
// without the permission gets 403, and nothing is written in either case.

const mail = useMailCatcher()

type Person = CreatedMember & { cookie: string }
type Org = { organization: CreatedOrganization; people: Partial<Record<Role, Person>> }

let vendorA: Org
let vendorB: Org
let agency: Org
/** A pending invitation of B, created by B's owner. */
let invitationOfB: { id: string; email: string }
/** A pending invitation of A, created by A's owner. */
let invitationOfA: { id: string; email: string }

type OrgKey = 'A' | 'B' | 'agency'
const org = (key: OrgKey): Org => (key === 'A' ? vendorA : key === 'B' ? vendorB : agency)

function person(of: Org, role: Role): Person {
  const found = of.people[role]
  if (!found) throw new Error(`no ${role} in ${of.organization.legalName}`)
  return found
}

async function makeOrganization(kind: 'vendor' | 'agency', roles: readonly Role[]): Promise<Org> {
  const organization = await createOrganization(db(), { kind })
  const people: Partial<Record<Role, Person>> = {}
  for (const role of roles) {
    const member = await createMember(db(), { organizationId: organization.id, role })
    people[role] = { ...member, cookie: await sessionCookieFor(member.id) }
  }
  return { organization, people }
}

const VENDOR_ROLES = ['owner', 'admin', 'member', 'signer'] as const satisfies readonly Role[]
const AGENCY_ROLES = ['agency_admin', 'reviewer'] as const satisfies readonly Role[]

beforeAll(async () => {
  vendorA = await makeOrganization('vendor', VENDOR_ROLES)
  vendorB = await makeOrganization('vendor', VENDOR_ROLES)
  agency = await makeOrganization('agency', AGENCY_ROLES)
  const inviteB = await createInvitation({
    organization: vendorB.organization,
    inviter: { id: person(vendorB, 'owner').id, role: 'owner' },
    email: `pending-b-${vendorB.organization.id}@example.test`,
    role: 'member',
  })
  const inviteA = await createInvitation({
    organization: vendorA.organization,
    inviter: { id: person(vendorA, 'owner').id, role: 'owner' },
    email: `pending-a-${vendorA.organization.id}@example.test`,
    role: 'member',
  })
  if (!inviteB.ok || !inviteA.ok) throw new Error('could not create the pending invitations')
  invitationOfB = { id: inviteB.invitationId, email: `pending-b-${vendorB.organization.id}@example.test` }
  invitationOfA = { id: inviteA.invitationId, email: `pending-a-${vendorA.organization.id}@example.test` }
})

// ───────────────────────────── Calls ─────────────────────────────

const orgPage = (orgId: string, cookie: string | null) =>
  callRoute(orgLoader, { request: getRequest(`/orgs/${orgId}`, { cookie }), params: { orgId } })

const membersPage = (orgId: string, cookie: string | null) =>
  callRoute(membersLoader, { request: getRequest(`/orgs/${orgId}/members`, { cookie }), params: { orgId } })

const invite = (orgId: string, cookie: string | null, email: string, role: Role) =>
  callRoute(membersAction, {
    request: formRequest(`/orgs/${orgId}/members`, { intent: 'invite', email, role }, { cookie }),
    params: { orgId },
  })

const revoke = (orgId: string, cookie: string | null, invitationId: string) =>
  callRoute(membersAction, {
    request: formRequest(`/orgs/${orgId}/members`, { intent: 'revoke', invitationId }, { cookie }),
    params: { orgId },
  })

let emailCounter = 0
const freshEmail = (label: string) => `${label}-${Date.now().toString(36)}-${(emailCounter += 1)}@example.test`

async function invitationState(id: string) {
  return db().invitation.findUniqueOrThrow({ where: { id }, select: { acceptedAt: true, revokedAt: true } })
}

/** A 404 that reveals nothing about the organization asked for. */
function expectNotFound(result: RouteResult, org: CreatedOrganization) {
  expect(result.status).toBe(404)
  const body = JSON.stringify(result.data)
  expect(body).not.toContain(org.legalName)
  if (org.uei) expect(body).not.toContain(org.uei)
  expect(result.setCookie).toBeNull()
}

function expectSentToSignIn(result: RouteResult, from: string) {
  expect(result.status).toBe(302)
  expect(result.location).toBe(`/signin?redirectTo=${encodeURIComponent(from)}`)
}

// ───────────────────────────── Positive control ─────────────────────────────

describe('members see their own organization', () => {
  test.each(VENDOR_ROLES)("A's %s sees A's page and members, never B's", async (role) => {
    const me = person(vendorA, role)
    const page = await orgPage(vendorA.organization.id, me.cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ organization: { id: vendorA.organization.id, legalName: vendorA.organization.legalName }, role })

    const members = await membersPage(vendorA.organization.id, me.cookie)
    expect(members.status).toBe(200)
    const text = JSON.stringify(members.data)
    expect(text).toContain(person(vendorA, 'owner').email)
    expect(text).not.toContain(person(vendorB, 'owner').email)
    expect(text).not.toContain(invitationOfB.email)
  })

  test('only people who may invite see the pending invitations', async () => {
    const asOwner = await membersPage(vendorA.organization.id, person(vendorA, 'owner').cookie)
    expect(JSON.stringify(asOwner.data)).toContain(invitationOfA.email)
    const asMember = await membersPage(vendorA.organization.id, person(vendorA, 'member').cookie)
    expect(asMember.data).toMatchObject({ invitations: [], assignableRoles: [] })
  })
})

// ───────────────────────────── Cross-tenant matrix ─────────────────────────────

describe('someone from another organization gets 404 on every organization URL and changes nothing', () => {
  // [label, organization of the person, their role, organization they ask for]
  type Outsider = [string, OrgKey, Role, OrgKey]
  const outsiders: Outsider[] = [
    ...VENDOR_ROLES.map((role): Outsider => [`A's ${role} → B`, 'A', role, 'B']),
    ...VENDOR_ROLES.map((role): Outsider => [`B's ${role} → A`, 'B', role, 'A']),
    ...AGENCY_ROLES.map((role): Outsider => [`agency ${role} → B`, 'agency', role, 'B']),
    ["A's owner → agency", 'A', 'owner', 'agency'],
  ]
  const withPendingInvitation = outsiders.filter(([, , , target]) => target !== 'agency')

  test.each(outsiders)('%s: organization page', async (_label, from, role, to) => {
    const me = person(org(from), role)
    const target = org(to).organization
    expectNotFound(await orgPage(target.id, me.cookie), target)
    // Looking did not make the foreign organization the active one.
    const session = await getSession(getRequest('/', { cookie: me.cookie }))
    expect(session?.activeOrganizationId).not.toBe(target.id)
  })

  test.each(outsiders)('%s: members page', async (_label, from, role, to) => {
    const target = org(to).organization
    expectNotFound(await membersPage(target.id, person(org(from), role).cookie), target)
  })

  test.each(outsiders)('%s: invite action writes no invitation and sends no mail', async (_label, from, role, to) => {
    const target = org(to).organization
    const email = freshEmail('cross-invite')
    const result = await invite(target.id, person(org(from), role).cookie, email, target.kind === 'agency' ? 'reviewer' : 'member')
    expectNotFound(result, target)
    expect(await db().invitation.count({ where: { email } })).toBe(0)
    expect(mail.messagesTo(email)).toEqual([])
  })

  test.each(withPendingInvitation)("%s: revoke action leaves the target's invitation pending", async (_label, from, role, to) => {
    const target = org(to).organization
    const pending = to === 'A' ? invitationOfA : invitationOfB
    expectNotFound(await revoke(target.id, person(org(from), role).cookie, pending.id), target)
    expect(await invitationState(pending.id)).toEqual({ acceptedAt: null, revokedAt: null })
  })

  test('an organization id that does not exist is the same 404 as one that is not yours', async () => {
    const me = person(vendorA, 'owner')
    const missing = 'c' + 'x'.repeat(24)
    expect((await orgPage(missing, me.cookie)).status).toBe(404)
    expect((await membersPage(missing, me.cookie)).status).toBe(404)
    expect((await invite(missing, me.cookie, freshEmail('missing-org'), 'member')).status).toBe(404)
  })

  test("revoking B's invitation id from A's URL (as A's owner) is 404 and B's invitation stays pending", async () => {
    const result = await revoke(vendorA.organization.id, person(vendorA, 'owner').cookie, invitationOfB.id)
    expect(result.status).toBe(404)
    expect(result.data).toMatchObject({ formError: 'errors.invitationClosed' })
    expect(await invitationState(invitationOfB.id)).toEqual({ acceptedAt: null, revokedAt: null })
    // B's owner still sees it pending.
    const asB = await membersPage(vendorB.organization.id, person(vendorB, 'owner').cookie)
    expect(JSON.stringify(asB.data)).toContain(invitationOfB.email)
  })
})

describe('anonymous visitors are sent to sign in', () => {
  test('every organization URL redirects to /signin with redirectTo, and nothing is written', async () => {
    const id = vendorA.organization.id
    expectSentToSignIn(await orgPage(id, null), `/orgs/${id}`)
    expectSentToSignIn(await membersPage(id, null), `/orgs/${id}/members`)
    const email = freshEmail('anonymous-invite')
    expectSentToSignIn(await invite(id, null, email, 'member'), `/orgs/${id}/members`)
    expect(await db().invitation.count({ where: { email } })).toBe(0)
    expectSentToSignIn(await revoke(id, null, invitationOfA.id), `/orgs/${id}/members`)
    expect(await invitationState(invitationOfA.id)).toEqual({ acceptedAt: null, revokedAt: null })
  })

  test('a cookie for a deleted session is anonymous too', async () => {
    const user = await createMember(db(), { organizationId: vendorA.organization.id, role: 'member' })
    const cookie = await signInAs(user)
    await db().session.deleteMany({ where: { userId: user.id } })
    expectSentToSignIn(await orgPage(vendorA.organization.id, cookie), `/orgs/${vendorA.organization.id}`)
  })
})

// ───────────────────────────── Roles within an organization ─────────────────────────────

describe('within an organization, permissions decide', () => {
  test.each(['member', 'signer'] as const)("A's %s may not invite (403) and nothing is written", async (role) => {
    const email = freshEmail(`by-${role}`)
    const result = await invite(vendorA.organization.id, person(vendorA, role).cookie, email, 'member')
    expect(result.status).toBe(403)
    expect(await db().invitation.count({ where: { email } })).toBe(0)
    expect(mail.messagesTo(email)).toEqual([])
  })

  test.each(['member', 'signer'] as const)("A's %s may not withdraw an invitation (403)", async (role) => {
    const result = await revoke(vendorA.organization.id, person(vendorA, role).cookie, invitationOfA.id)
    expect(result.status).toBe(403)
    expect(await invitationState(invitationOfA.id)).toEqual({ acceptedAt: null, revokedAt: null })
  })

  test('an agency reviewer may not invite (403)', async () => {
    const email = freshEmail('by-reviewer')
    const result = await invite(agency.organization.id, person(agency, 'reviewer').cookie, email, 'reviewer')
    expect(result.status).toBe(403)
    expect(await db().invitation.count({ where: { email } })).toBe(0)
  })

  test('an admin cannot invite an owner (400 errors.roleNotAllowed), nothing is written', async () => {
    const email = freshEmail('would-be-owner')
    const result = await invite(vendorA.organization.id, person(vendorA, 'admin').cookie, email, 'owner')
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { role: 'errors.roleNotAllowed' } })
    expect(await db().invitation.count({ where: { email } })).toBe(0)
    expect(mail.messagesTo(email)).toEqual([])
  })

  test('an admin can invite a member; an owner can invite an owner (the invitation mail is sent)', async () => {
    const memberEmail = freshEmail('invited-member')
    const byAdmin = await invite(vendorA.organization.id, person(vendorA, 'admin').cookie, memberEmail, 'member')
    expect(byAdmin.status).toBe(200)
    expect(byAdmin.data).toEqual({ invited: memberEmail })
    expect(await db().invitation.count({ where: { email: memberEmail, organizationId: vendorA.organization.id, role: 'member' } })).toBe(1)
    await mail.waitForMailTo(memberEmail)

    const ownerEmail = freshEmail('invited-owner')
    const byOwner = await invite(vendorA.organization.id, person(vendorA, 'owner').cookie, ownerEmail, 'owner')
    expect(byOwner.status).toBe(200)
    await mail.waitForMailTo(ownerEmail)
  })

  test.each([
    ['a vendor owner', 'reviewer', 'A', 'owner'],
    ['a vendor owner', 'platform_admin', 'A', 'owner'],
    ['an agency admin', 'owner', 'agency', 'agency_admin'],
  ] satisfies [string, Role, OrgKey, Role][])('%s cannot hand out the %s role of another kind of organization', async (_label, role, key, inviterRole) => {
    const email = freshEmail(`cross-kind-${role}`)
    const result = await invite(org(key).organization.id, person(org(key), inviterRole).cookie, email, role)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { role: 'errors.roleNotAllowed' } })
    expect(await db().invitation.count({ where: { email } })).toBe(0)
  })

  test('an unverified member is sent to /verify-email, even an owner acting, and nothing is written', async () => {
    const unverified = await createMember(db(), { organizationId: vendorA.organization.id, role: 'owner', verified: false })
    const cookie = await sessionCookieFor(unverified.id)
    for (const result of [await orgPage(vendorA.organization.id, cookie), await membersPage(vendorA.organization.id, cookie)]) {
      expect(result.status).toBe(302)
      expect(result.location).toBe('/verify-email')
    }
    const email = freshEmail('by-unverified')
    const invited = await invite(vendorA.organization.id, cookie, email, 'member')
    expect(invited.status).toBe(302)
    expect(invited.location).toBe('/verify-email')
    expect(await db().invitation.count({ where: { email } })).toBe(0)
    const revoked = await revoke(vendorA.organization.id, cookie, invitationOfA.id)
    expect(revoked.location).toBe('/verify-email')
    expect(await invitationState(invitationOfA.id)).toEqual({ acceptedAt: null, revokedAt: null })
  })

  test("an unverified user of A is still 404 on B's pages (membership is checked first)", async () => {
    const unverified = await createMember(db(), { organizationId: vendorA.organization.id, role: 'member', verified: false })
    const cookie = await sessionCookieFor(unverified.id)
    expectNotFound(await orgPage(vendorB.organization.id, cookie), vendorB.organization)
  })
})

// ───────────────────────────── Switching organizations ─────────────────────────────

describe('switch-organization', () => {
  const switchTo = (organizationId: string, cookie: string | null) =>
    callRoute(switchOrganizationAction, { request: formRequest('/switch-organization', { organizationId }, { cookie }) })

  test('to an organization the user does not belong to: 404 and the active organization is unchanged', async () => {
    const user = await createMember(db(), { organizationId: vendorA.organization.id, role: 'member' })
    const cookie = await sessionCookieFor(user.id, { activeOrganizationId: vendorA.organization.id })
    for (const target of [vendorB, agency]) {
      const result = await switchTo(target.organization.id, cookie)
      expectNotFound(result, target.organization)
      const session = await getSession(getRequest('/', { cookie }))
      expect(session?.activeOrganizationId).toBe(vendorA.organization.id)
    }
  })

  test('to an organization of their own: the session remembers it', async () => {
    const user = await createUser(db())
    await db().membership.createMany({
      data: [
        { userId: user.id, organizationId: vendorA.organization.id, role: 'member' },
        { userId: user.id, organizationId: vendorB.organization.id, role: 'signer' },
      ],
    })
    const cookie = await sessionCookieFor(user.id, { activeOrganizationId: vendorA.organization.id })
    const result = await switchTo(vendorB.organization.id, cookie)
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/orgs/${vendorB.organization.id}`)
    expect((await getSession(getRequest('/', { cookie })))?.activeOrganizationId).toBe(vendorB.organization.id)
  })

  test('anonymous: sent to sign in, nothing changes', async () => {
    expectSentToSignIn(await switchTo(vendorA.organization.id, null), '/switch-organization')
  })
})
