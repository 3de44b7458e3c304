import { seedDemoDeclarations } from './declarations.server'
import { seedDemoRevocations } from './revocations.server'
import { createDemoSubcontractors, DEMO_SUBCONTRACT_LOGINS, seedDemoSubcontracts } from './subcontracts.server'
import { seedDemoTraining } from './training.server'
import { seedDemoRegistry } from './registry.server'
import { seedDemoGoods } from './goods.server'
import { seedDemoReminders } from './reminders.server'
import { recordAuditEvent } from '~/audit/audit.server'
import type { Prisma, PrismaClient, Role } from '~/generated/prisma/client'
import {
  addMember,
  createContact,
  createContract,
  createOrganization,
  createSubcontract,
  createUser,
  utcDate,
  type CreatedOrganization,
} from '~/demo/factories.server'

// Demo data for a fresh installation, so someone evaluating the portal can sign in as every role
// at once. Run at every server start: it seeds only an empty database, never a real one, and
// prints the same sign-ins on later starts. Built from the same factories as the tests, so it stays valid data.

/** Every demo account uses this password; the addresses below cannot receive mail (.demo TLD). */
export const DEMO_PASSWORD = 'demo-password-2026'

export type DemoLogin = { role: string; organization: string; email: string; password: string }

/** Marker written with the data: unlike an email address, nobody can create it by signing up. */
export const DEMO_SEEDED_ACTION = 'demo.seeded'

// Distinct from the migration lock (72707369) and the audit chain lock (4271338001).
const DEMO_SEED_LOCK_KEY = 4_271_338_101n

// Fictional organizations: no real agency or company is impersonated, and the UEIs are valid
// (app/organizations/uei.ts) but spell "DEM…" so they are recognizable in screenshots.
export const DEMO_ORGANIZATIONS = {
  platform: { kind: 'platform', legalName: 'Trafficking-Free Vendor Portal (operator)' },
  agency: { kind: 'agency', legalName: 'Pacific Coast Transit Authority (demo agency)' },
  sunrise: { kind: 'vendor', legalName: 'Sunrise Janitorial Services LLC', uei: 'DEMSUNR1SE26' },
  goldenState: { kind: 'vendor', legalName: 'Golden State Event Staffing Inc.', uei: 'DEMG0LDENST6' },
  harbor: { kind: 'vendor', legalName: 'Harbor Landscaping Co.', uei: 'DEMHARB0R926' },
} as const

type DemoOrganizationKey = keyof typeof DEMO_ORGANIZATIONS

type DemoUser = {
  email: string
  name: string
  role: Role
  organization: DemoOrganizationKey
  preferredLanguage?: string
}

// One user per role, in the order they are printed.
const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@platform.demo', name: 'Priya Raman', role: 'platform_admin', organization: 'platform' },
  { email: 'agency-admin@pcta.demo', name: 'Marcus Bell', role: 'agency_admin', organization: 'agency' },
  { email: 'reviewer@pcta.demo', name: 'Elena Vásquez', role: 'reviewer', organization: 'agency' },
  { email: 'owner@sunrise.demo', name: 'Rosa Delgado', role: 'owner', organization: 'sunrise' },
  { email: 'admin@sunrise.demo', name: 'Kevin Tran', role: 'admin', organization: 'sunrise' },
  { email: 'member@sunrise.demo', name: 'Aisha Johnson', role: 'member', organization: 'sunrise' },
  { email: 'signer@sunrise.demo', name: 'David Okafor', role: 'signer', organization: 'sunrise' },
  { email: 'owner@goldenstate.demo', name: 'Samuel Park', role: 'owner', organization: 'goldenState' },
  // Spanish-speaking owner: shows the bilingual interface and emails (product.md §10).
  { email: 'owner@harbor.demo', name: 'Jorge Medina', role: 'owner', organization: 'harbor', preferredLanguage: 'es' },
]

export const DEMO_EMAILS: readonly string[] = [...DEMO_USERS.map((u) => u.email), ...DEMO_SUBCONTRACT_LOGINS.map((l) => l.email)]

function loginsFor(existingEmails: ReadonlySet<string>): DemoLogin[] {
  const logins: DemoLogin[] = DEMO_USERS.filter((u) => existingEmails.has(u.email)).map((u) => ({
    role: u.role,
    organization: DEMO_ORGANIZATIONS[u.organization].legalName,
    email: u.email,
    password: DEMO_PASSWORD,
  }))
  const subcontractors = DEMO_SUBCONTRACT_LOGINS.filter((l) => existingEmails.has(l.email)).map((l) => ({ role: l.role, organization: l.organization, email: l.email, password: DEMO_PASSWORD }))
  return [...logins, ...subcontractors]
}

type SeedState = { kind: 'seeded'; logins: DemoLogin[] } | { kind: 'foreign' } | { kind: 'empty' }

async function inspect(client: Prisma.TransactionClient | PrismaClient): Promise<SeedState> {
  const marker = await client.auditEvent.findFirst({
    where: { action: DEMO_SEEDED_ACTION },
    select: { sequence: true },
  })
  if (marker) {
    // Only the demo accounts still there: a login that no longer exists would only confuse.
    const users = await client.user.findMany({ where: { email: { in: [...DEMO_EMAILS] } }, select: { email: true } })
    return { kind: 'seeded', logins: loginsFor(new Set(users.map((u) => u.email))) }
  }
  const anyUser = await client.user.findFirst({ select: { id: true } })
  return anyUser ? { kind: 'foreign' } : { kind: 'empty' }
}

async function createDemoData(tx: Prisma.TransactionClient, now: Date) {
  const organizations: Record<DemoOrganizationKey, CreatedOrganization> = {
    platform: await createOrganization(tx, { ...DEMO_ORGANIZATIONS.platform, city: 'Sacramento', state: 'CA' }),
    agency: await createOrganization(tx, {
      ...DEMO_ORGANIZATIONS.agency,
      addressLine1: '1 Harbor Transit Plaza',
      city: 'Long Beach',
      state: 'CA',
      postalCode: '90802',
      website: 'https://pcta.demo',
    }),
    sunrise: await createOrganization(tx, {
      ...DEMO_ORGANIZATIONS.sunrise,
      industries: ['janitorial', 'cleaning'],
      naicsCodes: ['561720'],
      addressLine1: '2450 E 12th Street',
      city: 'Los Angeles',
      state: 'CA',
      postalCode: '90021',
    }),
    goldenState: await createOrganization(tx, {
      ...DEMO_ORGANIZATIONS.goldenState,
      industries: ['event_staffing'],
      naicsCodes: ['561320'],
      addressLine1: '800 W Olympic Blvd',
      city: 'Los Angeles',
      state: 'CA',
      postalCode: '90015',
    }),
    harbor: await createOrganization(tx, {
      ...DEMO_ORGANIZATIONS.harbor,
      industries: ['landscaping'],
      naicsCodes: ['561730'],
      addressLine1: '310 Pier Avenue',
      city: 'San Pedro',
      state: 'CA',
      postalCode: '90731',
      preferredLanguage: 'es',
    }),
  }

  for (const user of DEMO_USERS) {
    const created = await createUser(tx, {
      email: user.email,
      name: user.name,
      password: DEMO_PASSWORD,
      verified: true,
      verifiedAt: now,
      preferredLanguage: user.preferredLanguage ?? 'en',
    })
    await addMember(tx, { userId: created.id, organizationId: organizations[user.organization].id, role: user.role })
  }

  // Phone numbers 555-0100…0199 are reserved for fiction; .demo addresses cannot receive mail.
  const contacts = [
    { org: 'sunrise', kind: 'primary', name: 'Rosa Delgado', email: 'office@sunrise.demo', phone: '+1 213 555 0142' },
    {
      org: 'sunrise',
      kind: 'compliance',
      name: 'David Okafor',
      email: 'compliance@sunrise.demo',
      phone: '+1 213 555 0143',
    },
    {
      org: 'goldenState',
      kind: 'primary',
      name: 'Samuel Park',
      email: 'office@goldenstate.demo',
      phone: '+1 213 555 0160',
    },
    {
      org: 'goldenState',
      kind: 'compliance',
      name: 'Linh Pham',
      email: 'compliance@goldenstate.demo',
      phone: '+1 213 555 0161',
    },
    {
      org: 'harbor',
      kind: 'primary',
      name: 'Jorge Medina',
      email: 'oficina@harbor.demo',
      phone: '+1 310 555 0175',
      language: 'es',
    },
    {
      org: 'harbor',
      kind: 'compliance',
      name: 'Carmen Ruiz',
      email: 'cumplimiento@harbor.demo',
      phone: '+1 310 555 0176',
      language: 'es',
    },
  ] as const
  for (const { org, ...contact } of contacts) {
    await createContact(tx, { organizationId: organizations[org].id, ...contact })
  }

  // The Metro Line B contract runs three years from the first of the current month.
  const year = now.getUTCFullYear()
  const month = now.getUTCMonth()
  const metro = await createContract(tx, {
    agencyId: organizations.agency.id,
    primeVendorId: organizations.sunrise.id,
    number: `PCTA-${year}-0147`,
    title: 'Station cleaning, Metro Line B',
    estimatedValueCents: 284_500_000n, // $2,845,000
    startDate: utcDate(year, month, 1),
    endDate: utcDate(year + 3, month, 0),
    industries: ['janitorial', 'cleaning'],
    naicsCodes: ['561720'],
    placesOfPerformance: [{ country: 'US', state: 'CA' }],
  })
  await createSubcontract(tx, {
    contractId: metro.id,
    parentOrganizationId: organizations.sunrise.id,
    childOrganizationId: organizations.harbor.id,
    tier: 1,
    scope: 'Station grounds landscaping and planter maintenance, Metro Line B',
    valueCents: 18_500_000n, // $185,000
    status: 'active',
  })

  // Temporary event staffing recruited through agencies, partly on H-2B visas: the risk factors
  // FAR 52.222-50 is about (recruitment fees, non-US nationals, employer-provided housing).
  const games = await createContract(tx, {
    agencyId: organizations.agency.id,
    primeVendorId: organizations.goldenState.id,
    number: 'PCTA-2028-0012',
    title: 'Event staffing, 2028 Games venue operations',
    estimatedValueCents: 612_000_000n, // $6,120,000
    startDate: utcDate(2028, 4, 1),
    endDate: utcDate(2028, 8, 30),
    industries: ['event_staffing'],
    naicsCodes: ['561320'],
    placesOfPerformance: [{ country: 'US', state: 'CA' }],
    usesLaborRecruiters: true,
    employsNonUSNationals: true,
    providesHousing: true,
  })
  await seedDemoGoods(tx, { contractId: games.id })

  await createDemoSubcontractors(tx, now)
  await seedDemoTraining(tx, { sunriseId: organizations.sunrise.id, goldenStateId: organizations.goldenState.id, harborId: organizations.harbor.id, now })

  // Last statement of the transaction, as recordAuditEvent requires (it takes the chain lock).
  await recordAuditEvent(tx, {
    action: DEMO_SEEDED_ACTION,
    organizationId: organizations.platform.id,
    targetType: 'Organization',
    targetId: organizations.platform.id,
    occurredAt: now,
    data: { organizations: Object.keys(organizations).length, users: DEMO_USERS.length, contracts: 2 },
  })
}

/**
 * Seed the demo data into an empty database, in one transaction. Returns `created: false` with
 * the demo sign-ins when it was seeded before, and `created: false` with none when the database
 * holds any other user: a real installation is never touched.
 */
export async function seedDemoData(
  client: PrismaClient,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ created: boolean; logins: DemoLogin[] }> {
  // Fast path for every start after the first: no lock, no transaction.
  const before = await inspect(client)
  if (before.kind === 'seeded') return { created: false, logins: before.logins }
  if (before.kind === 'foreign') return { created: false, logins: [] }

  const result = await client.$transaction(
    async (tx) => {
      // Two instances starting together on an empty database: the second waits here, then sees
      // the first one's data (READ COMMITTED reads what committed before each statement).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEMO_SEED_LOCK_KEY}::bigint)`
      const state = await inspect(tx)
      if (state.kind === 'seeded') return { created: false, logins: state.logins }
      if (state.kind === 'foreign') return { created: false, logins: [] }
      await createDemoData(tx, now)
      return { created: true, logins: loginsFor(new Set(DEMO_EMAILS)) }
    },
    // recordAuditEvent refuses other isolation levels; password hashing makes this take ~1 s.
    { isolationLevel: 'ReadCommitted', timeout: 60_000, maxWait: 60_000 },
  )
  // Declarations go through the same steps as a person's (each in its own transactions), once
  // the organizations and contracts they rest on are committed.
  if (result.created) await createDemoDeclarations(client, now)
  if (result.created) await seedDemoRevocations(client, now)
  if (result.created) await seedDemoReminders(client, now)
  return result
}

async function createDemoDeclarations(client: PrismaClient, now: Date) {
  const organization = (name: string) => client.organization.findFirstOrThrow({ where: { legalName: name }, select: { id: true } })
  const person = (email: string) => client.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true } })
  const [agency, sunrise, goldenState, sunriseSigner, goldenStateOwner, reviewer] = await Promise.all([
    organization(DEMO_ORGANIZATIONS.agency.legalName),
    organization(DEMO_ORGANIZATIONS.sunrise.legalName),
    organization(DEMO_ORGANIZATIONS.goldenState.legalName),
    person('signer@sunrise.demo'),
    person('owner@goldenstate.demo'),
    person('reviewer@pcta.demo'),
  ])
  await seedDemoDeclarations(client, {
    agencyId: agency.id,
    sunrise: { organizationId: sunrise.id, signer: sunriseSigner },
    goldenState: { organizationId: goldenState.id, signer: goldenStateOwner },
    reviewerId: reviewer.id,
    now,
  })
  await seedDemoSubcontracts(client, { now })
  await seedDemoRegistry(client, { agencyId: agency.id, reviewerId: reviewer.id, password: DEMO_PASSWORD, now })
}

/** The sign-ins as an aligned table for the console, with the shared password once at the bottom. */
export function formatDemoLogins(logins: readonly DemoLogin[]): string {
  if (logins.length === 0) return ''
  const passwords = new Set(logins.map((l) => l.password))
  const shared = passwords.size === 1 ? logins[0]?.password : undefined
  const header =
    shared === undefined ? ['Role', 'Organization', 'Email', 'Password'] : ['Role', 'Organization', 'Email']
  const rows = logins.map((l) =>
    shared === undefined ? [l.role, l.organization, l.email, l.password] : [l.role, l.organization, l.email],
  )
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`
  // No title line: the caller prints its own heading above the table.
  return [
    line(header),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
    ...(shared === undefined ? [] : ['', `  Password for every demo account: ${shared}`]),
  ].join('\n')
}
