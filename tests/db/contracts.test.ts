import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createOrganization, createUser, type CreatedOrganization } from '~/demo/factories.server'
import { action as invitationAction, loader as invitationLoader } from '~/routes/contract-invitation'
import { action as contractAction, loader as contractLoader } from '~/routes/org.contract'
import { loader as contractsLoader } from '~/routes/org.contracts'
import { action as newContractAction, loader as newContractLoader } from '~/routes/org.contracts.new'
import { callRoute, formRequest, getRequest, linkIn, sessionCookieFor, useMailCatcher, signedInMember, type SignedInMember } from '#tests/support/routes'

// Contracts (issue: contracts, attestations and review): a vendor registers the contracts it
// holds, an agency creates one and invites the prime vendor by email. Bad input gets a message
// next to the field and writes nothing; no organization reads or changes another's contracts.

const mail = useMailCatcher()

type Person = SignedInMember
const person = signedInMember

let agency: CreatedOrganization
let otherAgency: CreatedOrganization
let vendorA: CreatedOrganization
let vendorB: CreatedOrganization
let ownerA: Person
let memberA: Person
let ownerB: Person
let reviewer: Person
let otherReviewer: Person

beforeAll(async () => {
  agency = await createOrganization(db(), { kind: 'agency', legalName: `Transit Agency ${Math.random()}` })
  otherAgency = await createOrganization(db(), { kind: 'agency' })
  vendorA = await createOrganization(db(), { kind: 'vendor' })
  vendorB = await createOrganization(db(), { kind: 'vendor' })
  ownerA = await person(vendorA.id, 'owner')
  memberA = await person(vendorA.id, 'member')
  ownerB = await person(vendorB.id, 'owner')
  reviewer = await person(agency.id, 'reviewer')
  otherReviewer = await person(otherAgency.id, 'reviewer')
})

let counter = 0
function validFacts(overrides: Record<string, string | string[]> = {}) {
  counter += 1
  return {
    number: `T-2026-${Date.now().toString(36)}-${counter}`,
    title: 'Station cleaning',
    estimatedValue: '1,250,000',
    outsideUSValue: '',
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    usStates: ['CA', 'NV'],
    otherCountries: '',
    industries: ['janitorial', 'cleaning'],
    naicsCodes: '561720',
    ocid: '',
    ...overrides,
  }
}

async function register(by: Person, vendorId: string, fields: Record<string, string | string[]>) {
  return callRoute(newContractAction, { request: formRequest(`/orgs/${vendorId}/contracts/new`, fields, { cookie: by.cookie }), params: { orgId: vendorId } })
}

const countContracts = () => db().contract.count()

describe('a vendor registers a contract', () => {
  test('the contract is stored with its facts in cents and places, and audited', async () => {
    const fields = validFacts({ agencyId: agency.id, usesLaborRecruiters: 'on', outsideUSValue: '600,000.50', otherCountries: 'mx, gt', suppliesOrServicesOutsideUS: 'on' })
    const result = await register(memberA, vendorA.id, fields)
    expect(result.status).toBe(302)
    const contract = await db().contract.findFirstOrThrow({ where: { number: String(fields.number) } })
    expect(contract.primeVendorId).toBe(vendorA.id)
    expect(contract.agencyId).toBe(agency.id)
    expect(contract.estimatedValueCents).toBe(125_000_000n)
    expect(contract.outsideUSValueCents).toBe(60_000_050n)
    expect(contract.placesOfPerformance).toEqual([{ country: 'US', state: 'CA' }, { country: 'US', state: 'NV' }, { country: 'MX' }, { country: 'GT' }])
    expect(contract.usesLaborRecruiters).toBe(true)
    expect(contract.providesHousing).toBe(false)
    expect(contract.startDate.toISOString()).toBe('2026-01-01T00:00:00.000Z')
    expect(result.location).toBe(`/orgs/${vendorA.id}/contracts/${contract.id}?saved=registered`)
    const event = await db().auditEvent.findFirst({ where: { targetId: contract.id, action: 'contract.registered' } })
    expect(event?.actorUserId).toBe(memberA.id)
  })

  test.each([
    ['missing fields', {}, { agencyId: 'errors.required', number: 'errors.required', title: 'errors.required', estimatedValue: 'errors.required', startDate: 'errors.required' }],
    ['an amount that is not money', { estimatedValue: '12abc' }, { estimatedValue: 'contracts.errors.amount' }],
    ['an impossible date', { startDate: '2026-02-30' }, { startDate: 'contracts.errors.date' }],
    ['an end before the start', { endDate: '2025-12-31' }, { endDate: 'contracts.errors.endBeforeStart' }],
    ['no place of performance', { usStates: [] }, { usStates: 'contracts.errors.placeRequired' }],
    ['an unknown country', { otherCountries: 'ZZ', suppliesOrServicesOutsideUS: 'on' }, { otherCountries: 'contracts.errors.country' }],
    ['a foreign value larger than the contract', { outsideUSValue: '2,000,000', suppliesOrServicesOutsideUS: 'on' }, { outsideUSValue: 'contracts.errors.outsideExceedsTotal' }],
    ['foreign places without saying so', { otherCountries: 'MX' }, { suppliesOrServicesOutsideUS: 'contracts.errors.outsideUsInconsistent' }],
    ['a bad NAICS code', { naicsCodes: '56-17' }, { naicsCodes: 'contracts.errors.naics' }],
    ['a bad OCDS id', { ocid: 'not-an-ocid' }, { ocid: 'contracts.errors.ocid' }],
    ['an over-long title', { title: 'x'.repeat(201) }, { title: 'errors.tooLong' }],
  ])('%s: 400 with the message next to the field, nothing written', async (_name, overrides, expected) => {
    const before = await countContracts()
    const fields = Object.keys(overrides).length === 0 ? {} : validFacts({ agencyId: agency.id, ...overrides })
    const result = await register(ownerA, vendorA.id, fields)
    expect(result.status).toBe(400)
    const data = result.data
    expect(data).toMatchObject({ fieldErrors: expected })
    expect(await countContracts()).toBe(before)
  })

  test('the same number twice at one agency: a clear error, one contract', async () => {
    const fields = validFacts({ agencyId: agency.id })
    expect((await register(ownerA, vendorA.id, fields)).status).toBe(302)
    const before = await countContracts()
    const again = await register(ownerB, vendorB.id, fields)
    expect(again.status).toBe(400)
    expect(again.data).toMatchObject({ fieldErrors: { number: 'contracts.errors.numberTaken' } })
    expect(await countContracts()).toBe(before)
  })

  test('an agency id that is not an agency is refused', async () => {
    const before = await countContracts()
    const result = await register(ownerA, vendorA.id, validFacts({ agencyId: vendorB.id }))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { agencyId: 'errors.invalid' } })
    expect(await countContracts()).toBe(before)
  })
})

describe('tenancy', () => {
  let contractId: string
  beforeAll(async () => {
    const fields = validFacts({ agencyId: agency.id })
    await register(ownerA, vendorA.id, fields)
    contractId = (await db().contract.findFirstOrThrow({ where: { number: String(fields.number) } })).id
  })

  test('the prime vendor and the contracting agency see the contract; nobody else does', async () => {
    const view = (who: Person, orgId: string) =>
      callRoute(contractLoader, { request: getRequest(`/orgs/${orgId}/contracts/${contractId}`, { cookie: who.cookie }), params: { orgId, contractId } })
    expect((await view(memberA, vendorA.id)).status).toBe(200)
    expect((await view(reviewer, agency.id)).status).toBe(200)
    // Through their own organization's URL, or through A's: 404 either way.
    expect((await view(ownerB, vendorB.id)).status).toBe(404)
    expect((await view(ownerB, vendorA.id)).status).toBe(404)
    expect((await view(otherReviewer, otherAgency.id)).status).toBe(404)
    const list = await callRoute(contractsLoader, { request: getRequest(`/orgs/${vendorB.id}/contracts`, { cookie: ownerB.cookie }), params: { orgId: vendorB.id } })
    expect(JSON.stringify(list.data)).not.toContain(contractId)
  })

  test("another vendor cannot change the contract's facts", async () => {
    const before = await db().contract.findUniqueOrThrow({ where: { id: contractId } })
    const result = await callRoute(contractAction, {
      request: formRequest(`/orgs/${vendorB.id}/contracts/${contractId}`, validFacts({ title: 'Hijacked' }), { cookie: ownerB.cookie }),
      params: { orgId: vendorB.id, contractId },
    })
    expect(result.status).toBe(404)
    expect((await db().contract.findUniqueOrThrow({ where: { id: contractId } })).title).toBe(before.title)
  })

  test('the agency can correct the facts, and the change is audited', async () => {
    const fields = validFacts({ providesHousing: 'on', title: 'Station cleaning (housing added)' })
    const result = await callRoute(contractAction, { request: formRequest(`/orgs/${agency.id}/contracts/${contractId}`, fields, { cookie: reviewer.cookie }), params: { orgId: agency.id, contractId } })
    expect(result.status).toBe(302)
    const contract = await db().contract.findUniqueOrThrow({ where: { id: contractId } })
    expect(contract.providesHousing).toBe(true)
    expect(contract.primeVendorId).toBe(vendorA.id)
    expect(await db().auditEvent.count({ where: { targetId: contractId, action: 'contract.updated' } })).toBe(1)
  })

  test('the platform operator has no contract form', async () => {
    const platform = await createOrganization(db(), { kind: 'platform' })
    const admin = await person(platform.id, 'platform_admin')
    const result = await callRoute(newContractLoader, { request: getRequest(`/orgs/${platform.id}/contracts/new`, { cookie: admin.cookie }), params: { orgId: platform.id } })
    expect(result.status).toBe(403)
  })
})

describe('an agency creates a contract and invites the prime vendor', () => {
  async function create(overrides: Record<string, string | string[]> = {}) {
    const fields = validFacts({ vendorEmail: ownerA.email, ...overrides })
    const result = await callRoute(newContractAction, { request: formRequest(`/orgs/${agency.id}/contracts/new`, fields, { cookie: reviewer.cookie }), params: { orgId: agency.id } })
    expect(result.status).toBe(302)
    const contract = await db().contract.findFirstOrThrow({ where: { number: String(fields.number) } })
    return contract
  }

  test('the vendor gets the email, links the contract to its company, and a second use is refused', async () => {
    const contract = await create()
    expect(contract.primeVendorId).toBeNull()
    const message = await mail.waitForMailTo(ownerA.email)
    expect(message.subject).toContain(contract.number)
    const link = linkIn(message, '/contract-invitations/')
    const token = new URL(link).pathname.split('/').pop() ?? ''

    const page = await callRoute(invitationLoader, { request: getRequest(link, { cookie: ownerA.cookie }), params: { token } })
    expect(page.status).toBe(200)
    const accept = await callRoute(invitationAction, { request: formRequest(link, { vendorId: vendorA.id }, { cookie: ownerA.cookie }), params: { token } })
    expect(accept.status).toBe(302)
    expect((await db().contract.findUniqueOrThrow({ where: { id: contract.id } })).primeVendorId).toBe(vendorA.id)

    const again = await callRoute(invitationAction, { request: formRequest(link, { vendorId: vendorB.id }, { cookie: ownerB.cookie }), params: { token } })
    expect(again.status).toBe(409)
    expect((await db().contract.findUniqueOrThrow({ where: { id: contract.id } })).primeVendorId).toBe(vendorA.id)
    expect((await callRoute(invitationLoader, { request: getRequest(link), params: { token } })).status).toBe(410)
  })

  test('when the agency named a UEI, another company cannot take the contract', async () => {
    const contract = await create({ vendorUei: vendorA.uei ?? '' })
    const link = linkIn(await mail.waitForMailTo(ownerA.email).then(() => mail.messagesTo(ownerA.email)[0] ?? Promise.reject(new Error('no mail'))), '/contract-invitations/')
    const token = new URL(link).pathname.split('/').pop() ?? ''
    const wrong = await callRoute(invitationAction, { request: formRequest(link, { vendorId: vendorB.id }, { cookie: ownerB.cookie }), params: { token } })
    expect(wrong.status).toBe(400)
    expect(wrong.data).toMatchObject({ fieldErrors: { vendorId: 'contracts.errors.ueiMismatch' } })
    expect((await db().contract.findUniqueOrThrow({ where: { id: contract.id } })).primeVendorId).toBeNull()
  })

  test('a person cannot accept for an organization they do not manage', async () => {
    const contract = await create()
    const link = linkIn(mail.messagesTo(ownerA.email)[0] ?? (await mail.waitForMailTo(ownerA.email)), '/contract-invitations/')
    const token = new URL(link).pathname.split('/').pop() ?? ''
    // A plain member of A, and B's owner naming A: neither manages A's contracts intake.
    for (const [who, vendorId] of [[memberA, vendorA.id], [ownerB, vendorA.id]] as const) {
      const result = await callRoute(invitationAction, { request: formRequest(link, { vendorId }, { cookie: who.cookie }), params: { token } })
      expect(result.status).toBe(400)
    }
    expect((await db().contract.findUniqueOrThrow({ where: { id: contract.id } })).primeVendorId).toBeNull()
  })

  test('an expired invitation is closed and changes nothing', async () => {
    const contract = await create()
    await db().contractInvitation.updateMany({ where: { contractId: contract.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const invitation = await db().contractInvitation.findFirstOrThrow({ where: { contractId: contract.id } })
    // The token is only in the email; an expired one is refused whatever token is sent.
    const stranger = await createUser(db())
    const cookie = await sessionCookieFor(stranger.id)
    const unknown = await callRoute(invitationLoader, { request: getRequest('/contract-invitations/not-a-token', { cookie }), params: { token: 'not-a-token' } })
    expect(unknown.status).toBe(404)
    expect(invitation.acceptedAt).toBeNull()
    expect((await db().contract.findUniqueOrThrow({ where: { id: contract.id } })).primeVendorId).toBeNull()
  })
})
