import { describe, expect, test } from 'vitest'
import { verifyPassword } from '~/auth/password.server'
import { db } from '~/db/db.server'
import { ueiProblem } from '~/organizations/uei'
import {
  addMember,
  createContract,
  createMember,
  createOrganization,
  createSubcontract,
  createUser,
  createVendorWithOwner,
  DEFAULT_TEST_PASSWORD,
  uniqueUei,
} from '~/demo/factories.server'

// The factories are what every other database test stands on: if they made invalid or colliding
// data, failures would show up far from the cause. Checked against the real database.

describe('uniqueUei', () => {
  test('always passes the SAM UEI rules, and does not repeat', () => {
    const ueis = Array.from({ length: 2000 }, uniqueUei)
    for (const uei of ueis) expect(ueiProblem(uei), uei).toBeUndefined()
    expect(new Set(ueis).size).toBe(ueis.length)
  })
})

describe('createUser', () => {
  test('two calls give two users with different lower-case emails, verified, able to sign in', async () => {
    const a = await createUser(db())
    const b = await createUser(db())
    expect(a.email).not.toBe(b.email)
    expect(a.id).not.toBe(b.id)
    expect(a.password).toBe(DEFAULT_TEST_PASSWORD)

    const stored = await db().user.findUniqueOrThrow({ where: { id: a.id } })
    expect(stored.email).toBe(a.email)
    expect(stored.email).toBe(stored.email.toLowerCase())
    expect(stored.emailVerifiedAt).toBeInstanceOf(Date)
    expect(stored.passwordHash).not.toContain(a.password)
    expect(await verifyPassword(stored.passwordHash, a.password)).toBe(true)
    expect(await verifyPassword(stored.passwordHash, 'wrong password')).toBe(false)
  })

  test('overrides are applied; a given email is stored lower-cased; unverified on request', async () => {
    const email = `Mixed.Case-${crypto.randomUUID().slice(0, 8)}@Example.TEST`
    const user = await createUser(db(), {
      email,
      name: 'Ana López',
      password: 'another long passphrase',
      verified: false,
      preferredLanguage: 'es',
    })
    expect(user.email).toBe(email.toLowerCase())
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } })
    expect(stored).toMatchObject({ name: 'Ana López', emailVerifiedAt: null, preferredLanguage: 'es' })
    expect(await verifyPassword(stored.passwordHash, 'another long passphrase')).toBe(true)
  })
})

describe('createOrganization', () => {
  test('vendors get distinct valid UEIs; agencies get no UEI and a default policy', async () => {
    const v1 = await createOrganization(db())
    const v2 = await createOrganization(db())
    expect(v1.kind).toBe('vendor')
    expect(v1.uei).not.toBe(v2.uei)
    for (const vendor of [v1, v2]) {
      expect(vendor.uei).toEqual(expect.any(String))
      expect(ueiProblem(vendor.uei ?? '')).toBeUndefined()
      expect(vendor.industries.length).toBeGreaterThan(0)
      expect(vendor.agencyPolicy).toBeNull()
    }

    const agency = await createOrganization(db(), {
      kind: 'agency',
      policy: { requirePlanForHighRiskIndustries: true },
    })
    expect(agency.uei).toBeNull()
    expect(agency.agencyPolicy).toMatchObject({
      agencyId: agency.id,
      requirePlanForHighRiskIndustries: true,
      reviewTiers: ['medium', 'high'],
      certificateValidityMonths: 12,
    })
  })

  test('a policy for a non-agency is refused', async () => {
    await expect(createOrganization(db(), { kind: 'vendor', policy: {} })).rejects.toThrow(/only agencies/)
  })
})

describe('memberships', () => {
  test('createVendorWithOwner gives the owner an owner membership of the vendor', async () => {
    const { organization, owner } = await createVendorWithOwner(db(), {
      legalName: 'Mesa Verde Cleaning LLC',
      owner: { name: 'Rita Moreno' },
    })
    expect(organization).toMatchObject({ kind: 'vendor', legalName: 'Mesa Verde Cleaning LLC' })
    expect(owner).toMatchObject({ name: 'Rita Moreno', role: 'owner' })
    const memberships = await db().membership.findMany({ where: { organizationId: organization.id } })
    expect(memberships).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner', id: owner.membershipId })])
  })

  test('createMember adds a user with the role; a role foreign to the kind of organization is refused', async () => {
    const agency = await createOrganization(db(), { kind: 'agency' })
    const reviewer = await createMember(db(), { organizationId: agency.id, role: 'reviewer' })
    const stored = await db().membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: reviewer.id, organizationId: agency.id } },
    })
    expect(stored.role).toBe('reviewer')

    const user = await createUser(db())
    await expect(addMember(db(), { userId: user.id, organizationId: agency.id, role: 'owner' })).rejects.toThrow(
      /no role owner/,
    )
    expect(await db().membership.count({ where: { userId: user.id } })).toBe(0)
  })
})

describe('contracts', () => {
  test('two contracts of one agency get different numbers, realistic defaults and UTC-midnight dates', async () => {
    const agency = await createOrganization(db(), { kind: 'agency' })
    const prime = await createOrganization(db())
    const a = await createContract(db(), { agencyId: agency.id, primeVendorId: prime.id })
    const b = await createContract(db(), { agencyId: agency.id, primeVendorId: prime.id })
    expect(a.number).toMatch(/^C-2026-\d+$/)
    expect(a.number).not.toBe(b.number)
    expect(typeof a.estimatedValueCents).toBe('bigint')
    expect(a.estimatedValueCents).toBeGreaterThan(0n)
    expect(a.placesOfPerformance).toEqual([{ country: 'US', state: 'CA' }])
    for (const date of [a.startDate, a.endDate]) expect(date.toISOString()).toMatch(/T00:00:00\.000Z$/)
    expect(a.endDate.getTime()).toBeGreaterThan(a.startDate.getTime())
  })

  test('a tier-1 subcontract links prime and subcontractor; tier must be a positive integer', async () => {
    const agency = await createOrganization(db(), { kind: 'agency' })
    const prime = await createOrganization(db())
    const sub = await createOrganization(db())
    const contract = await createContract(db(), {
      agencyId: agency.id,
      primeVendorId: prime.id,
      estimatedValueCents: 50_000_000n,
    })
    const subcontract = await createSubcontract(db(), {
      contractId: contract.id,
      parentOrganizationId: prime.id,
      childOrganizationId: sub.id,
      tier: 1,
    })
    expect(subcontract).toMatchObject({
      contractId: contract.id,
      parentOrganizationId: prime.id,
      childOrganizationId: sub.id,
      tier: 1,
      status: 'invited',
    })
    await expect(
      createSubcontract(db(), {
        contractId: contract.id,
        parentOrganizationId: prime.id,
        childOrganizationId: sub.id,
        tier: 0,
      }),
    ).rejects.toThrow(RangeError)
  })
})
