import { afterEach, describe, expect, inject, test, vi } from 'vitest'
import { verifyAuditChain } from '~/audit/audit.server'
import { verifyPassword } from '~/auth/password.server'
import { ROLES_BY_KIND } from '~/auth/permissions'
import { createPrismaClient } from '~/db/db.server'
import { dropDatabase, ensureDatabase, withDatabase } from '~/db/postgres.server'
import { DEMO_PASSWORD, DEMO_SEEDED_ACTION, formatDemoLogins, seedDemoData } from '~/demo/seed.server'
import type { PrismaClient } from '~/generated/prisma/client'
import { ueiProblem } from '~/organizations/uei'
import { createUser } from '~/demo/factories.server'
import { DEMO_REGISTRY_VENDORS, isRegistryDemoOrganization } from '~/demo/registry.server'

// The seed decides what it may do by looking at the whole database (is there any user at all?),
// so each test gets its own empty database cloned from the migrated template, not the shared
// worker database where other test files have created users.

// Each seed makes some thirty declarations with signed certificates (the registry's demo vendors).
vi.setConfig({ testTimeout: 120_000 })

const adminUrl = inject('postgresAdminUrl')
let counter = 0
const opened: { client: PrismaClient; name: string }[] = []

async function emptyDatabase(): Promise<PrismaClient> {
  counter += 1
  const name = `portal_test_${inject('runId')}_seed_${counter}`
  await ensureDatabase(adminUrl, name, { template: inject('templateDatabase') })
  const client = createPrismaClient(withDatabase(adminUrl, name))
  opened.push({ client, name })
  return client
}

afterEach(async () => {
  for (const { client, name } of opened.splice(0)) {
    await client.$disconnect()
    await dropDatabase(adminUrl, name)
  }
})

const NOW = new Date('2026-11-24T17:30:00.000Z')

describe('seedDemoData', () => {
  test('an empty database gets one verified user per role, in the right organizations', async () => {
    const client = await emptyDatabase()
    const result = await seedDemoData(client, { now: NOW })
    expect(result.created).toBe(true)

    const memberships = await client.membership.findMany({ include: { user: true, organization: true } })
    // Every role of every kind of organization is held by someone; each user has one membership.
    const allRoles = Object.values(ROLES_BY_KIND).flat()
    expect(new Set(memberships.map((m) => m.role))).toEqual(new Set(allRoles))
    expect(await client.user.count()).toBe(memberships.length)

    // The registry's demo vendors (one owner each) are checked in tests/e2e/registry.spec.ts.
    const byEmail = new Map(memberships.filter((m) => !isRegistryDemoOrganization(m.organization)).map((m) => [m.user.email, m]))
    const expected: [string, string, string][] = [
      ['admin@platform.demo', 'platform_admin', 'Trafficking-Free Vendor Portal (operator)'],
      ['agency-admin@pcta.demo', 'agency_admin', 'Pacific Coast Transit Authority (demo agency)'],
      ['reviewer@pcta.demo', 'reviewer', 'Pacific Coast Transit Authority (demo agency)'],
      ['owner@sunrise.demo', 'owner', 'Sunrise Janitorial Services LLC'],
      ['admin@sunrise.demo', 'admin', 'Sunrise Janitorial Services LLC'],
      ['member@sunrise.demo', 'member', 'Sunrise Janitorial Services LLC'],
      ['signer@sunrise.demo', 'signer', 'Sunrise Janitorial Services LLC'],
      ['owner@goldenstate.demo', 'owner', 'Golden State Event Staffing Inc.'],
      ['owner@harbor.demo', 'owner', 'Harbor Landscaping Co.'],
      ['owner@bayview.demo', 'owner', 'Bayview Catering Cooperative'],
      ['owner@mesa.demo', 'owner', 'Mesa Linen Supply'],
    ]
    expect(byEmail.size).toBe(expected.length)
    for (const [email, role, organization] of expected) {
      const membership = byEmail.get(email)
      expect(membership, email).toBeDefined()
      expect(membership?.role, email).toBe(role)
      expect(membership?.organization.legalName, email).toBe(organization)
      expect(membership?.user.emailVerifiedAt, email).toEqual(NOW)
      // Each role's kind of organization: an owner in a vendor, a reviewer in an agency…
      expect(ROLES_BY_KIND[membership?.organization.kind ?? 'vendor'], email).toContain(role)
    }
    // The logins returned are exactly these accounts, all with the demo password.
    expect(result.logins.map((l) => [l.email, l.role, l.organization])).toEqual(expected)
    expect(new Set(result.logins.map((l) => l.password))).toEqual(new Set([DEMO_PASSWORD]))
  })

  test('organizations, UEIs, policy, contracts, subcontract, contacts and thresholds are in place', async () => {
    const client = await emptyDatabase()
    await seedDemoData(client, { now: NOW })

    const organizations = await client.organization.findMany({ include: { agencyPolicy: true, contacts: true } })
    const vendors = organizations.filter((o) => o.kind === 'vendor' && !isRegistryDemoOrganization(o))
    expect(vendors.map((v) => v.legalName).sort()).toEqual([
      'Bayview Catering Cooperative',
      'Golden State Event Staffing Inc.',
      'Harbor Landscaping Co.',
      'Mesa Linen Supply',
      'Sunrise Janitorial Services LLC',
    ])
    for (const vendor of vendors) {
      expect(vendor.uei, vendor.legalName).not.toBeNull()
      expect(ueiProblem(vendor.uei ?? ''), vendor.legalName).toBeUndefined()
      expect(vendor.contacts.map((c) => c.kind).sort(), vendor.legalName).toEqual(['compliance', 'primary'])
    }
    const agency = organizations.find((o) => o.kind === 'agency')
    expect(agency?.legalName).toBe('Pacific Coast Transit Authority (demo agency)')
    expect(agency?.agencyPolicy).not.toBeNull()
    expect(organizations.filter((o) => o.kind === 'platform')).toHaveLength(1)

    const contracts = (
      await client.contract.findMany({
        include: { primeVendor: true, subcontracts: { include: { parentOrganization: true, childOrganization: true } } },
        orderBy: { title: 'asc' },
      })
    ).filter((c) => !isRegistryDemoOrganization(c.primeVendor))
    expect(contracts.map((c) => [c.title, c.primeVendor?.legalName, c.agencyId])).toEqual([
      ['Event staffing, 2028 Games venue operations', 'Golden State Event Staffing Inc.', agency?.id],
      ['Station cleaning, Metro Line B', 'Sunrise Janitorial Services LLC', agency?.id],
      ['Transit center landscaping, Harbor Gateway', 'Harbor Landscaping Co.', agency?.id],
      ['Tree care and irrigation, Bus Division 3', 'Harbor Landscaping Co.', agency?.id],
    ])
    const metro = contracts[1]
    expect(metro?.subcontracts).toHaveLength(1)
    expect(metro?.subcontracts[0]).toMatchObject({
      tier: 1,
      status: 'active',
      parentOrganization: { legalName: 'Sunrise Janitorial Services LLC' },
      childOrganization: { legalName: 'Harbor Landscaping Co.' },
    })
    for (const contract of contracts) {
      expect(contract.estimatedValueCents).toBeGreaterThan(0n)
      expect(contract.endDate.getTime()).toBeGreaterThan(contract.startDate.getTime())
    }

    // FAR 52.222-50(h)(1) compliance-plan thresholds, federal defaults (agencyId null), which the
    // migrations install in every database, demo or not.
    const thresholds = await client.complianceThreshold.findMany({ orderBy: { effectiveFrom: 'asc' } })
    expect(thresholds.map((t) => [t.agencyId, t.effectiveFrom.toISOString().slice(0, 10), t.amountCents])).toEqual([
      [null, '2015-03-02', 50_000_000n],
      [null, '2020-10-01', 55_000_000n],
      [null, '2025-10-01', 70_000_000n],
    ])
    expect(thresholds.every((t) => t.source.length > 0)).toBe(true)

    // Recorded in the audit chain (seeding first, then the demo declarations), which verifies.
    const events = await client.auditEvent.findMany({ orderBy: { sequence: 'asc' } })
    expect(events[0]?.action).toBe(DEMO_SEEDED_ACTION)
    expect(events.filter((e) => e.action === DEMO_SEEDED_ACTION)).toHaveLength(1)
    expect(await verifyAuditChain(client)).toEqual({ ok: true, count: events.length })
  })

  test('the demo shows an approved declaration and one waiting for agency review', async () => {
    const client = await emptyDatabase()
    await seedDemoData(client, { now: NOW })
    const declarations = (
      await client.attestation.findMany({
        select: { status: true, riskTier: true, contentSha256: true, organization: { select: { legalName: true, uei: true } }, reviews: { select: { decision: true } } },
        orderBy: { organization: { legalName: 'asc' } },
      })
    ).filter((d) => !isRegistryDemoOrganization(d.organization))
    expect(declarations.map((d) => [d.organization.legalName, d.status, d.riskTier, d.reviews.map((r) => r.decision)])).toEqual([
      ['Bayview Catering Cooperative', 'approved', 'high', ['approved']],
      ['Golden State Event Staffing Inc.', 'submitted', 'high', []],
      // Two landscaping contracts, each certified; one certificate later revoked (revocations.server.ts).
      ['Harbor Landscaping Co.', 'approved', 'medium', ['approved']],
      ['Harbor Landscaping Co.', 'approved', 'medium', ['approved']],
      ['Sunrise Janitorial Services LLC', 'approved', 'medium', ['approved']],
    ])
    // Both were signed and frozen like a person's: canonical content hashed.
    expect(declarations.every((d) => /^[0-9a-f]{64}$/.test(d.contentSha256 ?? ''))).toBe(true)
  })

  test('the demo password signs every demo account in', async () => {
    const client = await emptyDatabase()
    const { logins } = await seedDemoData(client, { now: NOW })
    expect(logins.length).toBeGreaterThan(0)
    for (const login of logins) {
      const user = await client.user.findUniqueOrThrow({ where: { email: login.email } })
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD), login.email).toBe(true)
      expect(await verifyPassword(user.passwordHash, 'not the demo password'), login.email).toBe(false)
    }
  })

  test('a second call creates nothing and returns the same logins', async () => {
    const client = await emptyDatabase()
    const first = await seedDemoData(client, { now: NOW })
    const counts = async () => ({
      users: await client.user.count(),
      organizations: await client.organization.count(),
      contracts: await client.contract.count(),
      thresholds: await client.complianceThreshold.count(),
      events: await client.auditEvent.count(),
    })
    const before = await counts()
    const second = await seedDemoData(client, { now: new Date('2027-01-05T08:00:00.000Z') })
    expect(second).toEqual({ created: false, logins: first.logins })
    expect(await counts()).toEqual(before)
  })

  test('two instances starting at once seed once', async () => {
    const client = await emptyDatabase()
    const results = await Promise.all([seedDemoData(client, { now: NOW }), seedDemoData(client, { now: NOW })])
    expect(results.map((r) => r.created).sort()).toEqual([false, true])
    expect(results[0]?.logins).toEqual(results[1]?.logins)
    // The demo accounts plus one owner per registry demo vendor (app/demo/registry.server.ts).
    const registryVendors = DEMO_REGISTRY_VENDORS.length + 1
    expect(await client.user.count()).toBe(11 + registryVendors)
    expect(await client.auditEvent.count({ where: { action: DEMO_SEEDED_ACTION } })).toBe(1)
    expect(await client.attestation.count()).toBe(5 + registryVendors)
  })

  test('a database with a real user is never seeded', async () => {
    const client = await emptyDatabase()
    const user = await createUser(client, { email: 'procurement.officer@example.test' })
    expect(await seedDemoData(client, { now: NOW })).toEqual({ created: false, logins: [] })
    expect(await client.user.findMany({ select: { id: true } })).toEqual([{ id: user.id }])
    expect(await client.organization.count()).toBe(0)
    // Only the reference data the migrations insert (the three federal thresholds).
    expect(await client.complianceThreshold.count()).toBe(3)
    expect(await client.auditEvent.count()).toBe(0)
  })

  test('a user who signed up with a demo address does not make the database look seeded', async () => {
    const client = await emptyDatabase()
    await createUser(client, { email: 'admin@platform.demo', password: 'their own password 123' })
    expect(await seedDemoData(client, { now: NOW })).toEqual({ created: false, logins: [] })
    expect(await client.organization.count()).toBe(0)
  })
})

describe('formatDemoLogins', () => {
  test('aligns the columns and prints the shared password once, at the bottom', () => {
    const text = formatDemoLogins([
      { role: 'platform_admin', organization: 'Operator', email: 'admin@platform.demo', password: DEMO_PASSWORD },
      {
        role: 'owner',
        organization: 'Sunrise Janitorial Services LLC',
        email: 'owner@sunrise.demo',
        password: DEMO_PASSWORD,
      },
    ])
    const lines = text.split('\n')
    expect(text.split(DEMO_PASSWORD)).toHaveLength(2)
    expect(lines.at(-1)).toContain(DEMO_PASSWORD)
    const emailColumn = (email: string) => lines.find((l) => l.includes(email))?.indexOf(email)
    expect(emailColumn('admin@platform.demo')).toBeGreaterThan(0)
    expect(emailColumn('admin@platform.demo')).toBe(emailColumn('owner@sunrise.demo'))
    expect(lines.find((l) => l.includes('Email'))?.indexOf('Email')).toBe(emailColumn('owner@sunrise.demo'))
  })

  test('nothing to print without logins', () => {
    expect(formatDemoLogins([])).toBe('')
  })
})
