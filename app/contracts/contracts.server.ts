import { recomputeRiskForContract } from '~/attestations/attestations.server'
import { recordAuditEvent } from '~/audit/audit.server'
import { hashToken, newToken } from '~/auth/tokens.server'
import { db } from '~/db/db.server'
import { Prisma } from '~/generated/prisma/client'
import { replaceContractGoods } from '~/goods/matches.server'
import type { MessageKey } from '~/i18n/i18n'
import type { ContractFacts } from './schemas'

export const CONTRACT_INVITATION_DAYS = 14

type Failure = { ok: false; fieldErrors?: Partial<Record<string, MessageKey>>; formError?: MessageKey }

function utcDate(isoDate: string) {
  return new Date(`${isoDate}T00:00:00Z`)
}

function factsData(facts: ContractFacts) {
  return {
    number: facts.number,
    title: facts.title,
    estimatedValueCents: facts.estimatedValue,
    outsideUSValueCents: facts.outsideUSValue,
    startDate: utcDate(facts.startDate),
    endDate: utcDate(facts.endDate),
    placesOfPerformance: [
      ...facts.usStates.map((state) => ({ country: 'US', state })),
      ...facts.otherCountries.map((country) => ({ country })),
    ],
    industries: facts.industries,
    naicsCodes: facts.naicsCodes,
    suppliesOrServicesOutsideUS: facts.suppliesOrServicesOutsideUS,
    usesLaborRecruiters: facts.usesLaborRecruiters,
    employsNonUSNationals: facts.employsNonUSNationals,
    providesHousing: facts.providesHousing,
    ocid: facts.ocid || null,
  }
}

function duplicateNumber(error: unknown) {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Agencies a vendor can pick when registering a contract. */
export function listAgencies() {
  return db().organization.findMany({ where: { kind: 'agency' }, orderBy: { legalName: 'asc' }, select: { id: true, legalName: true } })
}

/** A vendor registers a contract it holds or bids on, as its prime vendor. */
export async function registerContractAsVendor(
  { vendorId, actorUserId, agencyId, facts }: { vendorId: string; actorUserId: string; agencyId: string; facts: ContractFacts },
): Promise<{ ok: true; contractId: string } | Failure> {
  const agency = await db().organization.findFirst({ where: { id: agencyId, kind: 'agency' }, select: { id: true } })
  if (!agency) return { ok: false, fieldErrors: { agencyId: 'errors.invalid' } }
  try {
    return await db().$transaction(async (tx) => {
      const contract = await tx.contract.create({ data: { ...factsData(facts), agencyId, primeVendorId: vendorId }, select: { id: true } })
      await replaceContractGoods(tx, contract.id, facts.goods)
      await recordAuditEvent(tx, { action: 'contract.registered', actorUserId, organizationId: vendorId, targetType: 'Contract', targetId: contract.id, data: { agencyId, number: facts.number } })
      return { ok: true as const, contractId: contract.id }
    })
  } catch (error) {
    if (duplicateNumber(error)) return { ok: false, fieldErrors: { number: 'contracts.errors.numberTaken' } }
    throw error
  }
}

/**
 * An agency creates a contract and invites its prime vendor by email. The contract has no
 * prime vendor until someone accepts for an organization (acceptContractInvitation).
 */
export async function createContractAsAgency(
  { agencyId, actorUserId, facts, vendorEmail, vendorUei }: { agencyId: string; actorUserId: string; facts: ContractFacts; vendorEmail: string; vendorUei?: string },
  now = new Date(),
): Promise<{ ok: true; contractId: string; token: string } | Failure> {
  try {
    return await db().$transaction(async (tx) => {
      const contract = await tx.contract.create({ data: { ...factsData(facts), agencyId, primeVendorId: null }, select: { id: true } })
      await replaceContractGoods(tx, contract.id, facts.goods)
      const token = newToken()
      const invitation = await tx.contractInvitation.create({
        data: {
          contractId: contract.id,
          email: vendorEmail,
          uei: vendorUei ?? null,
          tokenHash: hashToken(token),
          invitedById: actorUserId,
          expiresAt: new Date(now.getTime() + CONTRACT_INVITATION_DAYS * 86_400_000),
        },
        select: { id: true },
      })
      await recordAuditEvent(tx, {
        action: 'contract.created_by_agency',
        actorUserId,
        organizationId: agencyId,
        targetType: 'Contract',
        targetId: contract.id,
        data: { number: facts.number, invitationId: invitation.id, vendorEmail, vendorUei: vendorUei ?? null },
      })
      return { ok: true as const, contractId: contract.id, token }
    })
  } catch (error) {
    if (duplicateNumber(error)) return { ok: false, fieldErrors: { number: 'contracts.errors.numberTaken' } }
    throw error
  }
}

/** Change a contract's facts (its prime vendor or its agency); the risk tier follows them. */
export async function updateContractFacts(
  { contractId, organizationId, actorUserId, facts }: { contractId: string; organizationId: string; actorUserId: string; facts: ContractFacts },
): Promise<{ ok: true } | Failure> {
  try {
    return await db().$transaction(async (tx) => {
      const { count } = await tx.contract.updateMany({
        where: { id: contractId, OR: [{ primeVendorId: organizationId }, { agencyId: organizationId }] },
        data: factsData(facts),
      })
      if (count === 0) return { ok: false, formError: 'errors.notFound.title' }
      await replaceContractGoods(tx, contractId, facts.goods)
      // The risk tier follows the facts (product.md §5) for attestations still open on them.
      await recomputeRiskForContract(tx, { contractId, actorUserId, organizationId })
      await recordAuditEvent(tx, { action: 'contract.updated', actorUserId, organizationId, targetType: 'Contract', targetId: contractId, data: { number: facts.number } })
      return { ok: true as const }
    })
  } catch (error) {
    if (duplicateNumber(error)) return { ok: false, fieldErrors: { number: 'contracts.errors.numberTaken' } }
    throw error
  }
}

const contractSelect = {
  id: true,
  number: true,
  title: true,
  estimatedValueCents: true,
  outsideUSValueCents: true,
  startDate: true,
  endDate: true,
  status: true,
  placesOfPerformance: true,
  industries: true,
  naicsCodes: true,
  suppliesOrServicesOutsideUS: true,
  usesLaborRecruiters: true,
  employsNonUSNationals: true,
  providesHousing: true,
  ocid: true,
  goods: { orderBy: [{ good: 'asc' }, { countryCode: 'asc' }], select: { good: true, countryCode: true } },
  agency: { select: { id: true, legalName: true } },
  primeVendor: { select: { id: true, legalName: true, uei: true } },
} satisfies Prisma.ContractSelect

/** Contracts an organization is party to: as prime vendor, or as the contracting agency. */
export function listContracts(organizationId: string) {
  return db().contract.findMany({
    where: { OR: [{ primeVendorId: organizationId }, { agencyId: organizationId }] },
    orderBy: [{ startDate: 'desc' }, { number: 'asc' }],
    select: { ...contractSelect, invitations: { where: { acceptedAt: null, revokedAt: null }, select: { email: true, expiresAt: true } } },
  })
}

/** One contract, only if `organizationId` is its prime vendor or its agency (else null: 404). */
export function findContractFor(organizationId: string, contractId: string) {
  return db().contract.findFirst({
    where: { id: contractId, OR: [{ primeVendorId: organizationId }, { agencyId: organizationId }] },
    select: { ...contractSelect, invitations: { where: { acceptedAt: null, revokedAt: null }, select: { email: true, expiresAt: true } } },
  })
}

export async function findContractInvitation(token: string, now = new Date()) {
  const invitation = await db().contractInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      uei: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true } },
      contract: { select: { id: true, number: true, title: true, primeVendorId: true, agency: { select: { legalName: true } } } },
    },
  })
  if (!invitation) return null
  const open = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now && invitation.contract.primeVendorId === null
  return { ...invitation, open }
}

/**
 * Link the contract to `vendorId`, on behalf of a person who may manage that vendor's contracts.
 * When the agency named a UEI, only the organization with that UEI may accept.
 */
export async function acceptContractInvitation(
  { token, vendorId, actorUserId }: { token: string; vendorId: string; actorUserId: string },
  now = new Date(),
): Promise<{ ok: true; contractId: string } | Failure> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; contractId: string; uei: string | null; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }[]>`
      SELECT id, "contractId", uei, "expiresAt", "acceptedAt", "revokedAt" FROM "ContractInvitation"
      WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`
    const invitation = rows[0]
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      return { ok: false, formError: 'errors.invitationClosed' }
    }
    const vendor = await tx.organization.findFirst({ where: { id: vendorId, kind: 'vendor' }, select: { id: true, uei: true } })
    if (!vendor) return { ok: false, fieldErrors: { vendorId: 'errors.invalid' } }
    if (invitation.uei && vendor.uei !== invitation.uei) return { ok: false, fieldErrors: { vendorId: 'contracts.errors.ueiMismatch' } }
    const { count } = await tx.contract.updateMany({ where: { id: invitation.contractId, primeVendorId: null }, data: { primeVendorId: vendor.id } })
    if (count === 0) return { ok: false, formError: 'errors.invitationClosed' }
    await tx.contractInvitation.update({ where: { id: invitation.id }, data: { acceptedAt: now } })
    await recordAuditEvent(tx, { action: 'contract.invitation_accepted', actorUserId, organizationId: vendor.id, targetType: 'Contract', targetId: invitation.contractId })
    return { ok: true as const, contractId: invitation.contractId }
  })
}
