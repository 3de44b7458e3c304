import { hashPassword } from '~/auth/password.server'
import type { Database } from '~/db/db.server'
import { ueiProblem } from '~/organizations/uei'
import { decideReview } from '~/review/review.server'
import { makeDeclaration } from './declarations.server'
import { createContract, createOrganization, utcDate } from './factories.server'

// Demo vendors for the public registry (/registry): fictional companies across the portal's
// industries, each with a contract from the demo agency and a declaration made and approved the
// way a person would, so each holds a real signed certificate. Enough of them for the search and
// two pages of results. One more vendor's certificate expired: it is absent from the registry.

type RegistryDemoVendor = {
  legalName: string
  industry: string
  naics: string
  city: string
  contractTitle: string
  /** Dollars. */
  value: number
  owner: string
}

export const DEMO_REGISTRY_VENDORS: readonly RegistryDemoVendor[] = [
  { legalName: 'Bayfront Builders Inc.', industry: 'construction', naics: '236220', city: 'Long Beach', contractTitle: 'Platform canopy replacement, Harbor station', value: 4_250_000, owner: 'Marisol Ortega' },
  { legalName: 'Canyon Crest Construction LLC', industry: 'construction', naics: '237310', city: 'Pasadena', contractTitle: 'Bus lane resurfacing, Colorado corridor', value: 2_980_000, owner: 'Trevor Hughes' },
  { legalName: 'Pacific Rim Concrete Co.', industry: 'construction', naics: '238110', city: 'Carson', contractTitle: 'Bus pad concrete repairs', value: 860_000, owner: 'Hyun-woo Lee' },
  { legalName: 'Ironwood Framing & Drywall Inc.', industry: 'construction', naics: '238310', city: 'Torrance', contractTitle: 'Operator break room renovation', value: 415_000, owner: 'Dana Whitfield' },
  { legalName: 'Seaside Suites Hospitality Group LLC', industry: 'hospitality', naics: '721110', city: 'Santa Monica', contractTitle: 'Lodging for visiting transit crews', value: 320_000, owner: 'Lucía Ferrer' },
  { legalName: 'Golden Poppy Hotel Services Inc.', industry: 'hospitality', naics: '722320', city: 'Anaheim', contractTitle: 'Catering for operator training days', value: 145_000, owner: 'Raj Malhotra' },
  { legalName: 'Crystal Clear Janitorial LLC', industry: 'janitorial', naics: '561720', city: 'Inglewood', contractTitle: 'Night cleaning, administrative offices', value: 1_120_000, owner: 'Beatriz Salgado' },
  { legalName: 'Brightway Building Maintenance Inc.', industry: 'janitorial', naics: '561720', city: 'Glendale', contractTitle: 'Custodial services, bus divisions 3 and 5', value: 1_760_000, owner: 'Andre Coleman' },
  { legalName: 'Eastside Custodial Partners LLC', industry: 'janitorial', naics: '561720', city: 'El Monte', contractTitle: 'Day porter services, transit centers', value: 690_000, owner: 'Guadalupe Reyes' },
  { legalName: 'FreshFold Laundry Services Co.', industry: 'cleaning', naics: '812320', city: 'Compton', contractTitle: 'Uniform laundering for operators', value: 275_000, owner: 'Nadia Haddad' },
  { legalName: 'Spotless Fleet Cleaning Inc.', industry: 'cleaning', naics: '561790', city: 'Gardena', contractTitle: 'Bus interior deep cleaning', value: 930_000, owner: 'Owen Fitzgerald' },
  { legalName: 'Verdant Valley Landscaping LLC', industry: 'landscaping', naics: '561730', city: 'Burbank', contractTitle: 'Park-and-ride landscaping', value: 240_000, owner: 'Esteban Morales' },
  { legalName: 'Los Feliz Tree & Garden Co.', industry: 'landscaping', naics: '561730', city: 'Los Angeles', contractTitle: 'Tree trimming along the busway', value: 185_000, owner: 'Hannah Brooks' },
  { legalName: 'Arroyo Grounds Maintenance Inc.', industry: 'landscaping', naics: '561730', city: 'Alhambra', contractTitle: 'Right-of-way weed abatement', value: 330_000, owner: 'Rigoberto Cruz' },
  { legalName: 'Starlight Event Crew LLC', industry: 'event_staffing', naics: '561320', city: 'Inglewood', contractTitle: 'Crowd guides for stadium event service', value: 510_000, owner: 'Keisha Morgan' },
  { legalName: 'Coastal Temp Staffing Inc.', industry: 'event_staffing', naics: '561320', city: 'Long Beach', contractTitle: 'Temporary fare ambassadors', value: 380_000, owner: 'Victor Huang' },
  { legalName: 'Sentinel Guard Services Inc.', industry: 'security_services', naics: '561612', city: 'Downey', contractTitle: 'Station security officers, Line A', value: 2_450_000, owner: 'Ibrahim Nasser' },
  { legalName: 'Harborview Patrol & Security LLC', industry: 'security_services', naics: '561612', city: 'San Pedro', contractTitle: 'Yard patrols, maintenance facilities', value: 870_000, owner: 'Colleen Brennan' },
  { legalName: 'Central Valley Growers Cooperative', industry: 'agriculture', naics: '111219', city: 'Fresno', contractTitle: 'Fresh produce for the employee cafeteria', value: 96_000, owner: 'Manuel Ibarra' },
  { legalName: 'Sunfield Produce Farms LLC', industry: 'agriculture', naics: '111339', city: 'Oxnard', contractTitle: 'Seasonal fruit boxes for wellness program', value: 58_000, owner: 'Teresa Vega' },
  { legalName: 'Mesa Fresh Foods Processing Inc.', industry: 'food_processing', naics: '311991', city: 'Vernon', contractTitle: 'Prepared meals for emergency operations', value: 140_000, owner: 'Paul Nakamura' },
  { legalName: 'Golden Loaf Commercial Bakery Co.', industry: 'food_processing', naics: '311812', city: 'City of Industry', contractTitle: 'Bakery supply, operator training center', value: 62_000, owner: 'Agnieszka Nowak' },
  { legalName: 'Threadline Uniform Makers Inc.', industry: 'apparel_textiles', naics: '315250', city: 'Los Angeles', contractTitle: 'Operator and mechanic uniforms', value: 1_340_000, owner: 'Sun-hee Park' },
  { legalName: 'Silicon Coast Electronics Assembly LLC', industry: 'electronics_manufacturing', naics: '334418', city: 'Irvine', contractTitle: 'Fare validator circuit boards', value: 2_100_000, owner: 'Arjun Mehta' },
  { legalName: 'CareBridge Home Health Aides Inc.', industry: 'home_care', naics: '621610', city: 'Whittier', contractTitle: 'Paratransit rider support aides', value: 720_000, owner: 'Rosa Jiménez' },
  { legalName: 'Meridian Civil Engineering Group', industry: 'engineering', naics: '541330', city: 'Pasadena', contractTitle: 'Station accessibility design review', value: 650_000, owner: 'Ethan Caldwell' },
  { legalName: 'Redline Transit Logistics LLC', industry: 'transportation', naics: '484110', city: 'Commerce', contractTitle: 'Parts delivery between divisions', value: 410_000, owner: 'Yolanda Price' },
  { legalName: 'Orchard Data Systems Inc.', industry: 'information_technology', naics: '541512', city: 'Santa Clara', contractTitle: 'Real-time arrival data feeds', value: 1_050_000, owner: 'Kenji Watanabe' },
  { legalName: 'Paperleaf Office Supply Co.', industry: 'office_supplies', naics: '424120', city: 'Ontario', contractTitle: 'Office supplies, headquarters', value: 88_000, owner: 'Brenda Lawson' },
  { legalName: 'Quickprint Graphics & Signs LLC', industry: 'printing', naics: '323111', city: 'Van Nuys', contractTitle: 'Rider timetables and station signs', value: 230_000, owner: 'Omar Siddiqui' },
]

/** Certified a little over a year ago: the certificate expired and the vendor is not listed. */
export const DEMO_REGISTRY_EXPIRED_VENDOR: RegistryDemoVendor = {
  legalName: 'Old Mill Event Staffing Co.',
  industry: 'event_staffing',
  naics: '561320',
  city: 'Riverside',
  contractTitle: 'Holiday shuttle ambassadors',
  value: 95_000,
  owner: 'Gordon Pratt',
}

const UEI_PREFIX = 'DEMREG'

/** True for the registry's demo vendors (their UEIs start with DEMREG), so tests can set them apart. */
export function isRegistryDemoOrganization(organization: { uei: string | null } | null): boolean {
  return organization?.uei?.startsWith(UEI_PREFIX) === true
}

/** "DEMREG01CA26" … : valid SAM UEIs (app/organizations/uei.ts) recognizable as demo data. */
export function demoRegistryUei(index: number): string {
  const uei = `${UEI_PREFIX}${String(index + 1).padStart(2, '0')}CA26`
  const problem = ueiProblem(uei)
  if (problem) throw new Error(`Demo UEI ${uei} is invalid: ${problem}`)
  return uei
}

const SEED_CONCURRENCY = 4

function slug(legalName: string): string {
  return legalName
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/**
 * The registry's demo vendors (DEMO_REGISTRY_VENDORS and the expired one), each certified by
 * `agencyId`. Runs after the main demo data committed, like the other demo declarations.
 */
export async function seedDemoRegistry(
  client: Database,
  { agencyId, reviewerId, password, now }: { agencyId: string; reviewerId: string; password: string; now: Date },
) {
  const day = 86_400_000
  // Hashed once (argon2id takes a noticeable time): every demo owner shares the demo password.
  const passwordHash = await hashPassword(password)
  const year = now.getUTCFullYear()
  const vendors = [...DEMO_REGISTRY_VENDORS.map((vendor) => ({ vendor, expired: false })), { vendor: DEMO_REGISTRY_EXPIRED_VENDOR, expired: true }]
  const seedOne = async ({ vendor, expired }: (typeof vendors)[number], index: number) => {
    const organization = await createOrganization(client, {
      kind: 'vendor',
      legalName: vendor.legalName,
      uei: demoRegistryUei(index),
      industries: [vendor.industry],
      naicsCodes: [vendor.naics],
      addressLine1: `${200 + index * 37} Commerce Way`,
      city: vendor.city,
      state: 'CA',
    })
    const owner = await client.user.create({
      data: {
        email: `owner@${slug(vendor.legalName)}.demo`,
        name: vendor.owner,
        passwordHash,
        emailVerifiedAt: now,
      },
      select: { id: true, name: true },
    })
    await client.membership.create({ data: { userId: owner.id, organizationId: organization.id, role: 'owner' } })
    const contract = await createContract(client, {
      agencyId,
      primeVendorId: organization.id,
      number: `PCTA-${year}-${String(300 + index).padStart(4, '0')}`,
      title: vendor.contractTitle,
      estimatedValueCents: BigInt(vendor.value) * 100n,
      startDate: utcDate(year, now.getUTCMonth() - 1, 1),
      endDate: utcDate(year + 2, now.getUTCMonth(), 0),
      industries: [vendor.industry],
      naicsCodes: [vendor.naics],
    })
    // Spread over the past months, so the certificates expire on different days.
    const approvedDaysAgo = expired ? 400 : 3 + ((index * 11) % 300)
    const declaration = await makeDeclaration(client, {
      organizationId: organization.id,
      contractIds: [contract.id],
      signer: { ...owner, title: 'Owner' },
      now: new Date(now.getTime() - (approvedDaysAgo + 2) * day),
    })
    if (declaration.status === 'submitted') {
      const decided = await decideReview(
        { agencyId, attestationId: declaration.attestationId, reviewerId, decision: 'approved' },
        new Date(now.getTime() - approvedDaysAgo * day),
        client,
      )
      if (!decided.ok) throw new Error(`Could not approve the demo declaration of ${vendor.legalName}: ${decided.formError}`)
    }
  }
  // A few vendors at a time: each waits on many short database round trips, and overlapping them
  // made the whole demo seed about a fifth faster on a 2-core machine (18 s instead of 22 s).
  let next = 0
  const worker = async () => {
    for (let index = next++; index < vendors.length; index = next++) {
      const item = vendors[index]
      if (item) await seedOne(item, index)
    }
  }
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker))
}
