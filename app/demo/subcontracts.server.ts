import { hashToken, newToken } from '~/auth/tokens.server'
import type { Database } from '~/db/db.server'
import { decideReview } from '~/review/review.server'
import { SUBCONTRACT_INVITATION_DAYS } from '~/subcontracts/subcontracts.server'
import { makeDeclaration } from './declarations.server'
import { createContact, createSubcontract, createVendorWithOwner, type FactoryClient } from './factories.server'

// The demo's subcontract tree (product.md §7) on Golden State's event-staffing contract:
// Bayview Catering (tier 1, its own declaration approved and certified), Mesa Linen under it
// (tier 2, declaration not started) and an invitation to a security company not accepted yet.
// Made with the seed's client (it may be another database than the app's).

const PASSWORD = 'demo-password-2026'

/** The sign-ins these organizations add to the demo's list (printed at start-up). */
export const DEMO_SUBCONTRACT_LOGINS = [
  { role: 'owner', organization: 'Bayview Catering Cooperative', email: 'owner@bayview.demo', name: 'Grace Liu' },
  { role: 'owner', organization: 'Mesa Linen Supply', email: 'owner@mesa.demo', name: 'Tomás Herrera' },
] as const

/**
 * The subcontractors' organizations and owners, inside the seed's transaction (so that their
 * sign-ins exist as soon as the seed is visible to another instance starting at the same time).
 */
export async function createDemoSubcontractors(tx: FactoryClient, now: Date) {
  const [bayviewLogin, mesaLogin] = DEMO_SUBCONTRACT_LOGINS
  const owner = (login: (typeof DEMO_SUBCONTRACT_LOGINS)[number]) => ({ email: login.email, name: login.name, password: PASSWORD, verified: true, verifiedAt: now })
  const bayview = await createVendorWithOwner(tx, {
    legalName: bayviewLogin.organization,
    uei: 'DEMBAYV1EW26',
    industries: ['event_staffing'],
    naicsCodes: ['722320'],
    city: 'Long Beach',
    state: 'CA',
    postalCode: '90802',
    owner: owner(bayviewLogin),
  })
  const mesa = await createVendorWithOwner(tx, {
    legalName: mesaLogin.organization,
    uei: 'DEMMESA7L1N6',
    industries: ['cleaning'],
    naicsCodes: ['812332'],
    city: 'Pomona',
    state: 'CA',
    postalCode: '91766',
    owner: owner(mesaLogin),
  })
  // Phone numbers 555-0100…0199 are reserved for fiction; .demo addresses cannot receive mail.
  for (const [organizationId, name, email, phone] of [
    [bayview.organization.id, 'Grace Liu', 'office@bayview.demo', '+1 562 555 0120'],
    [mesa.organization.id, 'Tomás Herrera', 'office@mesa.demo', '+1 909 555 0130'],
  ] as const) {
    await createContact(tx, { organizationId, kind: 'primary', name, email, phone })
    await createContact(tx, { organizationId, kind: 'compliance', name, email: email.replace('office@', 'compliance@'), phone })
  }
}

/** The tree, Bayview's declaration (through the same steps as a person's) and the pending invitation. */
export async function seedDemoSubcontracts(client: Database, { now }: { now: Date }) {
  const day = 86_400_000
  const games = await client.contract.findFirst({ where: { number: 'PCTA-2028-0012' }, select: { id: true, agencyId: true, primeVendorId: true } })
  if (!games?.primeVendorId) return
  const reviewer = await client.user.findUnique({ where: { email: 'reviewer@pcta.demo' }, select: { id: true } })
  const primeOwner = await client.user.findUnique({ where: { email: 'owner@goldenstate.demo' }, select: { id: true } })
  const organization = (legalName: string) => client.organization.findFirstOrThrow({ where: { legalName }, select: { id: true } })
  const bayview = { organization: await organization('Bayview Catering Cooperative'), owner: await client.user.findUniqueOrThrow({ where: { email: 'owner@bayview.demo' }, select: { id: true, name: true } }) }
  const mesa = { organization: await organization('Mesa Linen Supply') }

  const tier1 = await createSubcontract(client, {
    contractId: games.id,
    parentOrganizationId: games.primeVendorId,
    childOrganizationId: bayview.organization.id,
    tier: 1,
    scope: 'Staff meals and concessions crews, venue operations',
    valueCents: 48_000_000n, // $480,000
    status: 'active',
  })
  await createSubcontract(client, {
    contractId: games.id,
    parentOrganizationId: bayview.organization.id,
    childOrganizationId: mesa.organization.id,
    tier: 2,
    scope: 'Uniform and linen laundering for catering crews',
    valueCents: 6_500_000n, // $65,000
    status: 'active',
  })
  // FAR 52.222-50(i) flowdown: Bayview's own declaration for its subcontract, approved by the agency.
  const declaration = await makeDeclaration(client, {
    organizationId: bayview.organization.id,
    contractIds: [],
    subcontractId: tier1.id,
    signer: { id: bayview.owner.id, name: bayview.owner.name, title: 'General Manager' },
    now: new Date(now.getTime() - 5 * day),
  })
  if (declaration.status === 'submitted' && reviewer) {
    const decided = await decideReview({ agencyId: games.agencyId, attestationId: declaration.attestationId, reviewerId: reviewer.id, decision: 'approved' }, new Date(now.getTime() - 4 * day), client)
    if (!decided.ok) throw new Error(`Could not approve the demo subcontractor declaration: ${decided.formError}`)
  }

  // Pending: Golden State invited a security company, not accepted yet (its link is not printed).
  await client.subcontractInvitation.create({
    data: {
      contractId: games.id,
      parentOrganizationId: games.primeVendorId,
      email: 'owner@coastline.demo',
      companyName: 'Coastline Security Services',
      contactName: 'Dana Brooks',
      scope: 'Crowd management and venue security',
      valueCents: 92_000_000n,
      tokenHash: hashToken(newToken()),
      invitedById: primeOwner?.id ?? null,
      expiresAt: new Date(now.getTime() + (SUBCONTRACT_INVITATION_DAYS - 2) * day),
      createdAt: new Date(now.getTime() - 2 * day),
    },
  })
}
