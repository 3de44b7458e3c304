import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization, uniqueUei, type CreatedOrganization } from '~/demo/factories.server'
import { decideReview, listReviewQueue } from '~/review/review.server'
import { loader as attestationLoader } from '~/routes/org.attestation'
import { loader as reviewLoader } from '~/routes/org.review'
import { action as treeAction, loader as treeLoader } from '~/routes/org.contract.subcontractors'
import { loader as csvLoader } from '~/routes/org.contract.subcontractors.csv'
import { action as workspaceAction, loader as workspaceLoader } from '~/routes/org.subcontracts'
import { action as signUpAction } from '~/routes/signup'
import { action as acceptAction, loader as acceptLoader } from '~/routes/subcontract-invitation'
import { acceptSubcontractInvitation, inviteSubcontractor } from '~/subcontracts/subcontracts.server'
import { flattenTree, type TreeNode } from '~/subcontracts/tree'
import {
  callRoute,
  cookieFrom,
  formRequest,
  getRequest,
  linkIn,
  signedInMember,
  useMailCatcher,
  type RouteFunction,
  type SignedInMember,
} from '#tests/support/routes'

// Subcontractor tiers and flowdown (product.md §7, FAR 52.222-50(i)): a prime vendor invites its
// subcontractors by email, they join with a new or an existing organization (an owner consents)
// and invite theirs; cycles are refused; each attests for its own subcontract and gets its own
// certificate; the prime sees aggregates of its subtree, a subcontractor only its own part, the
// agency everything (and exports it as CSV).

const mail = useMailCatcher()

let agency: CreatedOrganization
let prime: CreatedOrganization
let tier1: CreatedOrganization
let sibling: CreatedOrganization
let outsider: CreatedOrganization
let primeOwner: SignedInMember
let primeSigner: SignedInMember
let tier1Owner: SignedInMember
let tier1Member: SignedInMember
let siblingOwner: SignedInMember
let siblingMember: SignedInMember
let outsiderOwner: SignedInMember
let reviewer: SignedInMember
let contractId = ''

const treeUrl = (orgId: string) => `/orgs/${orgId}/contracts/${contractId}/subcontractors`

async function invite(by: SignedInMember, orgId: string, fields: Record<string, string>) {
  return callRoute(treeAction as RouteFunction, {
    request: formRequest(treeUrl(orgId), { intent: 'invite', companyName: 'Acme', contactName: 'Pat Lee', scope: 'Night cleaning', value: '25,000', uei: '', ...fields }, { cookie: by.cookie }),
    params: { orgId, contractId },
  })
}

/** The token in the newest invitation mail to `to`. */
async function tokenMailedTo(to: string) {
  // The catcher lists the newest message first.
  const message = mail.messagesTo(to)[0] ?? (await mail.waitForMailTo(to))
  if (!message) throw new Error(`no mail to ${to}`)
  return decodeURIComponent(linkIn(message, '/subcontract-invitations/').split('/subcontract-invitations/')[1] ?? '')
}

async function accept(by: SignedInMember | { cookie: string }, token: string, organizationId: string) {
  return callRoute(acceptAction as RouteFunction, {
    request: formRequest(`/subcontract-invitations/${token}`, { organizationId }, { cookie: by.cookie }),
    params: { token },
  })
}

async function tree(by: SignedInMember, orgId: string) {
  const result = await callRoute(treeLoader as RouteFunction, { request: getRequest(treeUrl(orgId), { cookie: by.cookie }), params: { orgId, contractId } })
  return { status: result.status, nodes: result.status === 200 ? flattenTree((result.data as { nodes: TreeNode[] }).nodes) : [] }
}

beforeAll(async () => {
  agency = await createOrganization(db(), { kind: 'agency' })
  prime = await createOrganization(db(), { kind: 'vendor', legalName: 'Prime Cleaning Co.' })
  tier1 = await createOrganization(db(), { kind: 'vendor', legalName: 'Tier One Supply' })
  sibling = await createOrganization(db(), { kind: 'vendor', legalName: 'Sibling Staffing' })
  outsider = await createOrganization(db(), { kind: 'vendor' })
  primeOwner = await signedInMember(prime.id, 'owner')
  primeSigner = await signedInMember(prime.id, 'signer')
  tier1Owner = await signedInMember(tier1.id, 'owner')
  tier1Member = await signedInMember(tier1.id, 'member')
  siblingOwner = await signedInMember(sibling.id, 'owner')
  siblingMember = await signedInMember(sibling.id, 'member')
  outsiderOwner = await signedInMember(outsider.id, 'owner')
  reviewer = await signedInMember(agency.id, 'reviewer')
  contractId = (await createContract(db(), { agencyId: agency.id, primeVendorId: prime.id })).id
})

describe('inviting and joining', () => {
  test('the prime invites by email; an owner of an existing organization accepts and it becomes tier 1', async () => {
    const sent = await invite(primeOwner, prime.id, { companyName: 'Tier One Supply', email: tier1Owner.email })
    expect(sent.status).toBe(302)
    expect(sent.location).toBe(`${treeUrl(prime.id)}?sent=${encodeURIComponent(tier1Owner.email)}`)
    const message = await mail.waitForMailTo(tier1Owner.email)
    expect(message.subject).toContain('invites you as a subcontractor')
    const token = await tokenMailedTo(tier1Owner.email)

    const page = await callRoute(acceptLoader as RouteFunction, { request: getRequest(`/subcontract-invitations/${token}`, { cookie: tier1Owner.cookie }), params: { token } })
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ open: true, organizations: [{ id: tier1.id }] })

    // A member is not an owner: no consent, nothing written.
    const byMember = await accept(tier1Member, token, tier1.id)
    expect(byMember.status).toBe(403)
    expect(await db().subcontract.count({ where: { contractId } })).toBe(0)

    const accepted = await accept(tier1Owner, token, tier1.id)
    expect(accepted.status).toBe(302)
    expect(accepted.location).toBe(`${treeUrl(tier1.id)}?joined=1`)
    expect(await db().subcontract.findUnique({ where: { contractId_childOrganizationId: { contractId, childOrganizationId: tier1.id } } })).toMatchObject({
      parentOrganizationId: prime.id,
      tier: 1,
      status: 'active',
      scope: 'Night cleaning',
      valueCents: 2_500_000n,
    })
    // Used once.
    expect((await accept(tier1Owner, token, tier1.id)).status).toBe(409)
  })

  test('an invitation naming a UEI is accepted only for that organization, by its owner', async () => {
    const uei = uniqueUei()
    await db().organization.update({ where: { id: sibling.id }, data: { uei } })
    expect((await invite(primeOwner, prime.id, { companyName: 'Sibling Staffing', email: siblingMember.email, uei })).status).toBe(302)
    const token = await tokenMailedTo(siblingMember.email)
    // The page offers only the matched organization, and to nobody who does not own it.
    const page = await callRoute(acceptLoader as RouteFunction, { request: getRequest(`/subcontract-invitations/${token}`, { cookie: outsiderOwner.cookie }), params: { token } })
    expect(page.data).toMatchObject({ matched: 'Sibling Staffing', organizations: [] })
    expect((await accept(outsiderOwner, token, outsider.id)).status).toBe(400)
    expect((await accept(siblingMember, token, sibling.id)).status).toBe(403)
    const accepted = await accept(siblingOwner, token, sibling.id)
    expect(accepted.status).toBe(302)
    expect(await db().subcontract.count({ where: { contractId, childOrganizationId: sibling.id, tier: 1 } })).toBe(1)
  })

  test('a new organization signs up, then its owner accepts; a tier 1 subcontractor invites tier 2', async () => {
    const email = `owner-${Date.now().toString(36)}@tier-two.test`
    expect((await invite(tier1Owner, tier1.id, { companyName: 'Tier Two Logistics', email, scope: 'Linen delivery' })).status).toBe(302)
    const token = await tokenMailedTo(email)
    const anonymous = await callRoute(acceptLoader as RouteFunction, { request: getRequest(`/subcontract-invitations/${token}`), params: { token } })
    expect(anonymous.data).toMatchObject({ open: true, signedIn: false })

    const uei = uniqueUei()
    const signedUp = await callRoute(signUpAction as RouteFunction, {
      request: formRequest('/signup', { legalName: 'Tier Two Logistics', uei, name: 'Sam Ortiz', email, password: 'a long enough passphrase' }),
    })
    expect(signedUp.status).toBe(302)
    const cookie = cookieFrom(signedUp.setCookie)
    const created = await db().organization.findUniqueOrThrow({ where: { uei }, select: { id: true } })
    const accepted = await accept({ cookie }, token, created.id)
    expect(accepted.status).toBe(302)
    expect(await db().subcontract.findFirst({ where: { contractId, childOrganizationId: created.id }, select: { tier: true, parentOrganizationId: true } })).toEqual({ tier: 2, parentOrganizationId: tier1.id })
  })

  test('an expired invitation cannot be accepted; sending it again rotates the link and restarts the expiry', async () => {
    const other = await createOrganization(db(), { kind: 'vendor' })
    const otherOwner = await signedInMember(other.id, 'owner')
    expect((await invite(primeOwner, prime.id, { email: otherOwner.email })).status).toBe(302)
    const oldToken = await tokenMailedTo(otherOwner.email)
    const invitation = await db().subcontractInvitation.findFirstOrThrow({ where: { email: otherOwner.email, contractId } })
    await db().subcontractInvitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } })

    const closed = await callRoute(acceptLoader as RouteFunction, { request: getRequest(`/subcontract-invitations/${oldToken}`, { cookie: otherOwner.cookie }), params: { token: oldToken } })
    expect(closed.status).toBe(410)
    expect((await accept(otherOwner, oldToken, other.id)).status).toBe(409)
    expect(await db().subcontract.count({ where: { contractId, childOrganizationId: other.id } })).toBe(0)

    // The prime sees it as expired and sends it again.
    const before = mail.messagesTo(otherOwner.email).length
    const resent = await callRoute(treeAction as RouteFunction, {
      request: formRequest(treeUrl(prime.id), { intent: 'resend', invitationId: invitation.id }, { cookie: primeOwner.cookie }),
      params: { orgId: prime.id, contractId },
    })
    expect(resent.status).toBe(200)
    await expect.poll(() => mail.messagesTo(otherOwner.email).length).toBe(before + 1)
    const newToken = await tokenMailedTo(otherOwner.email)
    expect(newToken).not.toBe(oldToken)
    expect((await db().subcontractInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000)
    expect((await accept(otherOwner, oldToken, other.id)).status).toBe(409)

    // Withdrawn: the new link stops working too.
    const withdrawn = await callRoute(treeAction as RouteFunction, {
      request: formRequest(treeUrl(prime.id), { intent: 'withdraw', invitationId: invitation.id }, { cookie: primeOwner.cookie }),
      params: { orgId: prime.id, contractId },
    })
    expect(withdrawn.status).toBe(200)
    expect((await accept(otherOwner, newToken, other.id)).status).toBe(409)
    expect(await db().subcontract.count({ where: { contractId, childOrganizationId: other.id } })).toBe(0)
    // Only the inviter may resend or withdraw.
    const bySibling = await callRoute(treeAction as RouteFunction, {
      request: formRequest(treeUrl(sibling.id), { intent: 'resend', invitationId: invitation.id }, { cookie: siblingOwner.cookie }),
      params: { orgId: sibling.id, contractId },
    })
    expect(bySibling.status).toBe(409)
  })

  test('bad input: a member of the inviting organization, missing fields, a bad UEI; nothing written', async () => {
    const count = () => db().subcontractInvitation.count({ where: { contractId } })
    const before = await count()
    const member = await invite(primeOwner, prime.id, { email: primeSigner.email })
    expect(member.status).toBe(400)
    expect(member.data).toMatchObject({ fieldErrors: { email: 'subcontracts.errors.alreadyMember' } })
    const missing = await invite(primeOwner, prime.id, { email: 'not-an-email', companyName: '', scope: '', uei: 'O0000' })
    expect(missing.status).toBe(400)
    expect(missing.data).toMatchObject({ fieldErrors: { email: 'errors.email', companyName: 'errors.required', scope: 'errors.required' } })
    // A signer cannot manage contracts; the agency does not subcontract.
    expect((await invite(primeSigner, prime.id, { email: 'x@example.test' })).status).toBe(403)
    expect((await invite(reviewer, agency.id, { email: 'x@example.test' })).status).toBe(403)
    expect((await invite(outsiderOwner, outsider.id, { email: 'x@example.test' })).status).toBe(404)
    expect(await count()).toBe(before)
  })

  test('cycles are refused: naming an organization above you, or accepting for it', async () => {
    const byUei = await invite(tier1Owner, tier1.id, { email: 'prime-again@example.test', uei: prime.uei ?? '' })
    expect(byUei.status).toBe(400)
    expect(byUei.data).toMatchObject({ fieldErrors: { uei: 'subcontracts.errors.cycle' } })
    const onContract = await invite(tier1Owner, tier1.id, { email: 'sibling-again@example.test', uei: (await db().organization.findUniqueOrThrow({ where: { id: sibling.id } })).uei ?? '' })
    expect(onContract.data).toMatchObject({ fieldErrors: { uei: 'subcontracts.errors.alreadyOnContract' } })

    // Without a UEI the invitation goes out; the prime's owner accepting it for the prime is refused.
    const made = await inviteSubcontractor({ contractId, organizationId: tier1.id, actorUserId: tier1Owner.id, input: { companyName: 'Prime', uei: '', contactName: 'x', email: primeOwner.email, scope: 's', value: null } })
    if (!made.ok) throw new Error('invitation refused')
    const cycle = await acceptSubcontractInvitation({ token: made.token, organizationId: prime.id, actorUserId: primeOwner.id })
    expect(cycle).toMatchObject({ ok: false, formError: 'subcontracts.errors.cycle' })
    expect(await db().subcontract.count({ where: { contractId, childOrganizationId: prime.id } })).toBe(0)
  })
})

describe('visibility (product.md §7)', () => {
  test('the agency sees the whole tree with every subcontract’s terms', async () => {
    const { status, nodes } = await tree(reviewer, agency.id)
    expect(status).toBe(200)
    const subcontracts = nodes.filter(({ node }) => node.kind === 'subcontract')
    expect(subcontracts.map(({ node, level }) => [node.name, node.tier, level])).toEqual([
      ['Sibling Staffing', 1, 1],
      ['Tier One Supply', 1, 1],
      ['Tier Two Logistics', 2, 2],
    ])
    expect(subcontracts.every(({ node }) => node.terms !== null)).toBe(true)
  })

  test('the prime sees its whole subtree as aggregates, terms only for its own subcontracts', async () => {
    const { nodes } = await tree(primeOwner, prime.id)
    const tierTwo = nodes.find(({ node }) => node.name === 'Tier Two Logistics')?.node
    expect(tierTwo).toMatchObject({ tier: 2, status: 'not_started', terms: null })
    expect(nodes.find(({ node }) => node.name === 'Tier One Supply')?.node.terms).toMatchObject({ scope: 'Night cleaning' })
  })

  test('a subcontractor sees its own part only, never a sibling', async () => {
    const own = await tree(tier1Owner, tier1.id)
    expect(own.nodes.filter(({ node }) => node.kind === 'subcontract').map(({ node, level }) => [node.name, level])).toEqual([
      ['Tier One Supply', 1],
      ['Tier Two Logistics', 2],
    ])
    // Its own pending invitations too (it made them), never the prime's.
    expect(own.nodes.filter(({ node }) => node.kind === 'invitation').every(({ node }) => node.parentOrganizationId === tier1.id)).toBe(true)
    const siblingView = await tree(siblingOwner, sibling.id)
    expect(siblingView.nodes.map(({ node }) => node.name)).toEqual(['Sibling Staffing'])
    // Nor through the other organization's address (not a member: 404).
    expect((await tree(siblingOwner, tier1.id)).status).toBe(404)
    expect((await tree(outsiderOwner, outsider.id)).status).toBe(404)
  })

  test('the agency exports the tree as CSV, formula cells neutralized; nobody else may', async () => {
    await inviteSubcontractor({ contractId, organizationId: prime.id, actorUserId: primeOwner.id, input: { companyName: '=HYPERLINK("http://evil.test")', uei: '', contactName: 'x', email: 'formula@example.test', scope: '+cmd', value: null } })
    const csv = await callRoute(csvLoader as RouteFunction, { request: getRequest(`${treeUrl(agency.id)}.csv`, { cookie: reviewer.cookie }), params: { orgId: agency.id, contractId } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('Content-Type')).toContain('text/csv')
    const text = String(csv.data)
    expect(text.split('\n')[0]).toBe('level,tier,organization,uei,parent_organization,status,certificate_number,expires_at,invitation_email,scope,value_usd,training_coverage_percent')
    expect(text).toContain('Tier Two Logistics')
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"")"`)
    expect(text).toContain("'+cmd")
    for (const [who, orgId] of [[primeOwner, prime.id], [tier1Owner, tier1.id]] as const) {
      const refused = await callRoute(csvLoader as RouteFunction, { request: getRequest(`${treeUrl(orgId)}.csv`, { cookie: who.cookie }), params: { orgId, contractId } })
      expect(refused.status).toBe(403)
    }
    const outside = await callRoute(csvLoader as RouteFunction, { request: getRequest(`${treeUrl(outsider.id)}.csv`, { cookie: outsiderOwner.cookie }), params: { orgId: outsider.id, contractId } })
    expect(outside.status).toBe(404)
  })
})

describe('flowdown: the subcontractor’s own declaration and certificate', () => {
  test('it starts from its workspace, is reviewed by the agency, gets a certificate scoped to the subcontract; the prime’s section D shows it', async () => {
    const subcontract = await db().subcontract.findUniqueOrThrow({ where: { contractId_childOrganizationId: { contractId, childOrganizationId: tier1.id } } })
    const workspace = await callRoute(workspaceLoader as RouteFunction, { request: getRequest(`/orgs/${tier1.id}/subcontracts`, { cookie: tier1Owner.cookie }), params: { orgId: tier1.id } })
    expect(workspace.data).toMatchObject({ subcontracts: [{ id: subcontract.id, tier: 1, status: 'not_started', attestationId: null }] })
    // The sibling cannot start a declaration for someone else's subcontract.
    const foreign = await callRoute(workspaceAction as RouteFunction, { request: formRequest(`/orgs/${sibling.id}/subcontracts`, { subcontractId: subcontract.id }, { cookie: siblingOwner.cookie }), params: { orgId: sibling.id } })
    expect(foreign.status).toBe(404)
    const started = await callRoute(workspaceAction as RouteFunction, { request: formRequest(`/orgs/${tier1.id}/subcontracts`, { subcontractId: subcontract.id }, { cookie: tier1Owner.cookie }), params: { orgId: tier1.id } })
    expect(started.status).toBe(302)
    const draftId = started.location?.split('/').pop() ?? ''
    expect(await db().attestation.findUnique({ where: { id: draftId }, select: { subcontractId: true, contracts: { select: { contractId: true } } } })).toEqual({ subcontractId: subcontract.id, contracts: [{ contractId }] })
    await db().attestation.delete({ where: { id: draftId } })

    const declaration = await makeDeclaration(db(), {
      organizationId: tier1.id,
      contractIds: [],
      subcontractId: subcontract.id,
      signer: { id: tier1Owner.id, name: tier1Owner.name, title: 'Owner' },
      no: { 'A-1': 'Policy being drafted' },
    })
    expect(declaration.status).toBe('submitted')
    // In the agency's one review queue, with the other declarations.
    expect((await listReviewQueue(agency.id, { sort: 'oldest' })).map((e) => e.id)).toContain(declaration.attestationId)
    const review = await callRoute(reviewLoader as RouteFunction, {
      request: getRequest(`/orgs/${agency.id}/reviews/${declaration.attestationId}`, { cookie: reviewer.cookie }),
      params: { orgId: agency.id, attestationId: declaration.attestationId },
    })
    expect(review.data).toMatchObject({ subcontract: { tier: 1, parent: 'Prime Cleaning Co.', contractId } })
    // The sibling cannot read it.
    const peek = await callRoute(attestationLoader as RouteFunction, { request: getRequest(`/orgs/${sibling.id}/attestations/${declaration.attestationId}`, { cookie: siblingOwner.cookie }), params: { orgId: sibling.id, attestationId: declaration.attestationId } })
    expect(peek.status).toBe(404)
    expect((await tree(primeOwner, prime.id)).nodes.find(({ node }) => node.name === 'Tier One Supply')?.node.status).toBe('active')

    const decided = await decideReview({ agencyId: agency.id, attestationId: declaration.attestationId, reviewerId: reviewer.id, decision: 'approved' })
    expect(decided.ok).toBe(true)
    const certificate = await db().certificate.findUniqueOrThrow({ where: { attestationId: declaration.attestationId } })
    expect(certificate).toMatchObject({ organizationId: tier1.id, agencyId: agency.id, scope: { contractIds: [contractId], subcontractIds: [subcontract.id] } })

    const primeView = (await tree(primeOwner, prime.id)).nodes.find(({ node }) => node.name === 'Tier One Supply')?.node
    expect(primeView).toMatchObject({ status: 'certified', certificateNumber: certificate.number, expiresAt: certificate.validUntil.toISOString() })

    // The prime's own declaration lists its subtree, every tier, with statuses (section D).
    const primeDeclaration = await makeDeclaration(db(), { organizationId: prime.id, contractIds: [contractId], signer: { id: primeSigner.id, name: primeSigner.name, title: 'Director' } })
    const page = await callRoute(attestationLoader as RouteFunction, {
      request: getRequest(`/orgs/${prime.id}/attestations/${primeDeclaration.attestationId}?step=D`, { cookie: primeSigner.cookie }),
      params: { orgId: prime.id, attestationId: primeDeclaration.attestationId },
    })
    const listed = (page.data as { subcontractors: { name: string; tier: number; status: string }[] }).subcontractors
    expect(listed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Tier One Supply', tier: 1, status: 'certified' }),
        expect.objectContaining({ name: 'Tier Two Logistics', tier: 2, status: 'not_started' }),
        expect.objectContaining({ name: 'Sibling Staffing', tier: 1 }),
      ]),
    )
  })
})

describe('route matrix', () => {
  type Who = 'agency' | 'prime:owner' | 'prime:signer' | 'tier1:owner' | 'sibling:owner' | 'outsider' | 'anonymous'
  const cookieOf = (who: Who) =>
    ({ agency: reviewer, 'prime:owner': primeOwner, 'prime:signer': primeSigner, 'tier1:owner': tier1Owner, 'sibling:owner': siblingOwner, outsider: outsiderOwner })[who as Exclude<Who, 'anonymous'>]?.cookie
  const orgOf = (who: Who) => ({ agency: agency.id, 'prime:owner': prime.id, 'prime:signer': prime.id, 'tier1:owner': tier1.id, 'sibling:owner': sibling.id, outsider: outsider.id, anonymous: prime.id })[who]
  const cases: [string, RouteFunction, (org: string) => string, Record<Who, number>][] = [
    ['tree page', treeLoader as RouteFunction, (org) => treeUrl(org), { agency: 200, 'prime:owner': 200, 'prime:signer': 200, 'tier1:owner': 200, 'sibling:owner': 200, outsider: 404, anonymous: 302 }],
    ['tree CSV', csvLoader as RouteFunction, (org) => `${treeUrl(org)}.csv`, { agency: 200, 'prime:owner': 403, 'prime:signer': 403, 'tier1:owner': 403, 'sibling:owner': 403, outsider: 404, anonymous: 302 }],
    ['workspace', workspaceLoader as RouteFunction, (org) => `/orgs/${org}/subcontracts`, { agency: 200, 'prime:owner': 200, 'prime:signer': 200, 'tier1:owner': 200, 'sibling:owner': 200, outsider: 200, anonymous: 302 }],
  ]
  for (const [name, loader, path, expected] of cases) {
    test.each(Object.entries(expected) as [Who, number][])(`${name}: %s gets %i`, async (who, status) => {
      const orgId = orgOf(who)
      const result = await callRoute(loader, { request: getRequest(path(orgId), { cookie: cookieOf(who) }), params: { orgId, contractId } })
      expect(result.status).toBe(status)
    })
  }
  test('inviting from another organization’s address: 404 for non-members', async () => {
    const result = await callRoute(treeAction as RouteFunction, { request: formRequest(treeUrl(tier1.id), { intent: 'invite', email: 'x@example.test' }, { cookie: siblingOwner.cookie }), params: { orgId: tier1.id, contractId } })
    expect(result.status).toBe(404)
  })
})
