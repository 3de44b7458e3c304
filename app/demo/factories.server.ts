import { randomInt, randomUUID } from 'node:crypto'
import { hashPassword } from '~/auth/password.server'
import { ROLES_BY_KIND } from '~/auth/permissions'
import type {
  AgencyPolicy,
  Contract,
  Membership,
  Organization,
  OrganizationContact,
  Prisma,
  PrismaClient,
  Role,
  Subcontract,
} from '~/generated/prisma/client'
import { ueiProblem } from '~/organizations/uei'

// The one place that knows how to make valid portal data: the demo seed (app/demo/seed.server.ts)
// and the database tests both build on these, so the demo never shows data the tests never saw.
// Test files in one worker share a database (tests/support/worker-database.ts): every value that
// is unique in the schema (email, UEI, contract number per agency) is made unique per call.
// No test-runner imports here: the server bundles this module through the demo seed.

export type FactoryClient = Prisma.TransactionClient | PrismaClient

export const DEFAULT_TEST_PASSWORD = 'correct horse battery staple'

const short = () => randomUUID().slice(0, 8)

function pick<T>(items: readonly T[]): T {
  const item = items[randomInt(items.length)]
  if (item === undefined) throw new Error('pick: empty list')
  return item
}

/** Midnight UTC of the given day: the columns are `@db.Date`, so no time of day may leak in. */
export function utcDate(year: number, monthIndex: number, day: number): Date {
  return new Date(Date.UTC(year, monthIndex, day))
}

// ───────────────────────────── UEI ─────────────────────────────

// SAM UEI alphabet: digits and capitals without O and I (see app/organizations/uei.ts).
const UEI_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/** A random SAM Unique Entity ID that passes `ueiProblem` (34^12 values: collisions are negligible). */
export function uniqueUei(): string {
  let uei = UEI_ALPHABET.charAt(1 + randomInt(UEI_ALPHABET.length - 1)) // first character never 0
  while (uei.length < 12) uei += UEI_ALPHABET.charAt(randomInt(UEI_ALPHABET.length))
  const problem = ueiProblem(uei)
  if (problem) throw new Error(`uniqueUei generated an invalid UEI ${uei}: ${problem}`)
  return uei
}

// ───────────────────────────── Users ─────────────────────────────

const FIRST_NAMES = ['Maria', 'James', 'Aiko', 'Luis', 'Fatima', 'Daniel', 'Grace', 'Minh', 'Sofia', 'Tomás'] as const
const LAST_NAMES = [
  'Hernández',
  'Okafor',
  'Nguyen',
  'Smith',
  'García',
  'Kim',
  'Patel',
  'Johnson',
  'Rossi',
  'Castillo',
] as const

export type UserOverrides = {
  email?: string
  name?: string
  password?: string
  verified?: boolean
  /** When `verified`, the verification time (defaults to now). */
  verifiedAt?: Date
  preferredLanguage?: string
}

export type CreatedUser = { id: string; email: string; name: string; password: string }

/** A user who can sign in with `password` (returned in clear for the test). Verified by default. */
export async function createUser(client: FactoryClient, overrides: UserOverrides = {}): Promise<CreatedUser> {
  const password = overrides.password ?? DEFAULT_TEST_PASSWORD
  // Stored lower-cased, like the sign-up form does (EmailSchema), so lookups by email match.
  const email = (overrides.email ?? `user-${short()}@example.test`).trim().toLowerCase()
  const name = overrides.name ?? `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`
  const verified = overrides.verified ?? true
  const user = await client.user.create({
    data: {
      email,
      name,
      passwordHash: await hashPassword(password),
      emailVerifiedAt: verified ? (overrides.verifiedAt ?? new Date()) : null,
      preferredLanguage: overrides.preferredLanguage ?? 'en',
    },
    select: { id: true, email: true, name: true },
  })
  return { ...user, password }
}

// ───────────────────────────── Organizations ─────────────────────────────

const VENDOR_PREFIXES = ['Bayview', 'Cedar Ridge', 'Mission', 'Redwood', 'Sierra', 'Coastline', 'Valley Oak'] as const
const VENDOR_TRADES = [
  { trade: 'Janitorial Services', industries: ['janitorial'], naicsCodes: ['561720'] },
  { trade: 'Landscaping', industries: ['landscaping'], naicsCodes: ['561730'] },
  { trade: 'Event Staffing', industries: ['event_staffing'], naicsCodes: ['561320'] },
  { trade: 'Facility Security', industries: ['security_services'], naicsCodes: ['561612'] },
] as const
const CITIES = [
  { city: 'Sacramento', state: 'CA', postalCode: '95814' },
  { city: 'Fresno', state: 'CA', postalCode: '93721' },
  { city: 'Oakland', state: 'CA', postalCode: '94612' },
  { city: 'San Diego', state: 'CA', postalCode: '92101' },
] as const

/** Any scalar column of Organization, plus the agency policy for agencies. */
export type OrganizationOverrides = Partial<Omit<Prisma.OrganizationCreateManyInput, 'id'>> & {
  /** Agencies only: columns of the AgencyPolicy row created with them (defaults otherwise). */
  policy?: Partial<Omit<Prisma.AgencyPolicyCreateManyInput, 'id' | 'agencyId'>>
}

export type CreatedOrganization = Organization & { agencyPolicy: AgencyPolicy | null }

/**
 * An organization of `kind` (vendor by default). Vendors get a unique valid UEI; agencies and the
 * platform get none unless given (agencies are not SAM registrants here), and every agency gets
 * its AgencyPolicy row, which the review and reminder code expects to exist.
 */
export async function createOrganization(
  client: FactoryClient,
  overrides: OrganizationOverrides = {},
): Promise<CreatedOrganization> {
  const { policy, ...columns } = overrides
  const kind = columns.kind ?? 'vendor'
  const token = short().toUpperCase()
  const place = pick(CITIES)
  const trade = pick(VENDOR_TRADES)

  const defaults: Omit<Prisma.OrganizationCreateManyInput, 'kind' | 'legalName'> & { legalName: string } =
    kind === 'vendor'
      ? {
          legalName: `${pick(VENDOR_PREFIXES)} ${trade.trade} ${token} LLC`,
          uei: uniqueUei(),
          industries: [...trade.industries],
          naicsCodes: [...trade.naicsCodes],
          addressLine1: `${100 + randomInt(9800)} Market Street`,
          ...place,
        }
      : kind === 'agency'
        ? { legalName: `${place.city} Public Works Department ${token} (test agency)`, ...place }
        : { legalName: `Portal Operator ${token}` }

  if (policy && kind !== 'agency') throw new Error('createOrganization: only agencies have a policy')
  return client.organization.create({
    data: {
      ...defaults,
      ...columns,
      kind,
      agencyPolicy: kind === 'agency' ? { create: policy ?? {} } : undefined,
    },
    include: { agencyPolicy: true },
  })
}

export type ContactOverrides = Partial<Omit<Prisma.OrganizationContactCreateManyInput, 'id' | 'organizationId'>>

/** A contact (primary by default) of an organization. */
export async function createContact(
  client: FactoryClient,
  { organizationId, ...overrides }: { organizationId: string } & ContactOverrides,
): Promise<OrganizationContact> {
  return client.organizationContact.create({
    data: {
      kind: 'primary',
      name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
      email: `contact-${short()}@example.test`,
      // 555-0100…0199 are reserved for fictional use: never a real person's phone.
      phone: `+1 916 555 01${String(randomInt(100)).padStart(2, '0')}`,
      ...overrides,
      organizationId,
    },
  })
}

// ───────────────────────────── Memberships ─────────────────────────────

/**
 * Make `userId` a member of `organizationId` with `role`. Refuses a role that does not exist in
 * that kind of organization (ROLES_BY_KIND): factories only make data the app could make.
 */
export async function addMember(
  client: FactoryClient,
  { userId, organizationId, role }: { userId: string; organizationId: string; role: Role },
): Promise<Membership> {
  const organization = await client.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { kind: true },
  })
  if (!ROLES_BY_KIND[organization.kind].includes(role)) {
    throw new Error(`addMember: a ${organization.kind} organization has no role ${role}`)
  }
  return client.membership.create({ data: { userId, organizationId, role } })
}

export type CreatedMember = CreatedUser & { role: Role; membershipId: string }

/** A new user who is a member of `organizationId` with `role`. */
export async function createMember(
  client: FactoryClient,
  { organizationId, role, ...userOverrides }: { organizationId: string; role: Role } & UserOverrides,
): Promise<CreatedMember> {
  const user = await createUser(client, userOverrides)
  const membership = await addMember(client, { userId: user.id, organizationId, role })
  return { ...user, role, membershipId: membership.id }
}

/** A vendor and its owner. Organization columns go at the top level, the owner's under `owner`. */
export async function createVendorWithOwner(
  client: FactoryClient,
  { owner, ...organization }: Omit<OrganizationOverrides, 'kind' | 'policy'> & { owner?: UserOverrides } = {},
): Promise<{ organization: CreatedOrganization; owner: CreatedMember }> {
  const created = await createOrganization(client, { ...organization, kind: 'vendor' })
  const member = await createMember(client, { ...owner, organizationId: created.id, role: 'owner' })
  return { organization: created, owner: member }
}

// ───────────────────────────── Contracts ─────────────────────────────

// Contract numbers are unique per agency only; a random start keeps two test files that happen to
// share an agency (they should not) from colliding anyway.
let contractCounter = randomInt(1000, 900_000)

export type ContractOverrides = Partial<Omit<Prisma.ContractCreateManyInput, 'id' | 'agencyId' | 'primeVendorId'>>

/**
 * A contract awarded by `agencyId` to the prime `primeVendorId`: $1.2M of janitorial services in
 * California over two years from today (UTC), all performed in the US.
 */
export async function createContract(
  client: FactoryClient,
  { agencyId, primeVendorId, ...overrides }: { agencyId: string; primeVendorId: string } & ContractOverrides,
): Promise<Contract> {
  const today = new Date()
  const start = utcDate(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const end = utcDate(today.getUTCFullYear() + 2, today.getUTCMonth(), today.getUTCDate() - 1)
  contractCounter += 1
  return client.contract.create({
    data: {
      number: `C-2026-${contractCounter}`,
      title: 'Custodial services, administrative buildings',
      estimatedValueCents: 120_000_000n,
      startDate: start,
      endDate: end,
      status: 'active',
      industries: ['janitorial'],
      naicsCodes: ['561720'],
      placesOfPerformance: [{ country: 'US', state: 'CA' }],
      ...overrides,
      agencyId,
      primeVendorId,
    },
  })
}

export type SubcontractOverrides = Partial<
  Omit<Prisma.SubcontractCreateManyInput, 'id' | 'contractId' | 'parentOrganizationId' | 'childOrganizationId' | 'tier'>
>

/**
 * A subcontract on `contractId` from `parentOrganizationId` to `childOrganizationId` at `tier`
 * (1 = direct subcontractor of the prime). Status stays the schema's default, `invited`, unless given.
 */
export async function createSubcontract(
  client: FactoryClient,
  {
    contractId,
    parentOrganizationId,
    childOrganizationId,
    tier,
    ...overrides
  }: {
    contractId: string
    parentOrganizationId: string
    childOrganizationId: string
    tier: number
  } & SubcontractOverrides,
): Promise<Subcontract> {
  if (!Number.isInteger(tier) || tier < 1)
    throw new RangeError(`createSubcontract: tier must be an integer ≥ 1, got ${tier}`)
  return client.subcontract.create({
    data: {
      scope: 'Day porter and restroom servicing',
      valueCents: 15_000_000n,
      ...overrides,
      contractId,
      parentOrganizationId,
      childOrganizationId,
      tier,
    },
  })
}
