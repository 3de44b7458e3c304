import { recordAuditEvent } from '~/audit/audit.server'
import { hashToken, newToken } from '~/auth/tokens.server'
import { db } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { MessageKey } from '~/i18n/i18n'
import type { SubcontractInvitationInput } from './schemas'
import { coverageForOrganizations } from '~/training/coverage.server'
import { treeOrganizationIds, withCoverage, type TreeCoverage, type TreeNode, type TreeStatus } from './tree'

// Subcontractor tiers and flowdown (product.md §7). FAR 52.222-50(i) requires the clause, and so
// the anti-trafficking duties, to flow down to every subcontract at any tier; 52.222-50(h)(5)
// and (h)(3) ask for the certification and the compliance plan from subcontractors as well. So a
// prime vendor invites its subcontractors, they invite theirs (tier 2, 3 …), and each attests
// for its own subcontract. An organization appears at most once in a contract's tree (unique
// contract + child), which also makes cycles (A → B → A) impossible: acceptance refuses them.

export const SUBCONTRACT_INVITATION_DAYS = 14

type Failure = { ok: false; fieldErrors?: Partial<Record<string, MessageKey>>; formError?: MessageKey; status: 400 | 403 | 404 | 409 }

const contractSelect = {
  id: true,
  number: true,
  title: true,
  agencyId: true,
  primeVendorId: true,
  agency: { select: { legalName: true } },
  primeVendor: { select: { legalName: true } },
} satisfies Prisma.ContractSelect

export type ContractPosition =
  | { role: 'agency' }
  | { role: 'prime' }
  | { role: 'subcontractor'; subcontractId: string; tier: number; parentOrganizationId: string }

/**
 * Where `organizationId` stands on the contract: its agency, its prime vendor, or one of its
 * subcontractors. Null when it has no part in it (the pages answer 404).
 */
export async function positionOnContract(organizationId: string, contractId: string) {
  const contract = await db().contract.findUnique({ where: { id: contractId }, select: contractSelect })
  if (!contract) return null
  if (contract.agencyId === organizationId) return { contract, position: { role: 'agency' } as ContractPosition }
  if (contract.primeVendorId === organizationId) return { contract, position: { role: 'prime' } as ContractPosition }
  const subcontract = await db().subcontract.findUnique({
    where: { contractId_childOrganizationId: { contractId, childOrganizationId: organizationId } },
    select: { id: true, tier: true, parentOrganizationId: true },
  })
  if (!subcontract) return null
  const position: ContractPosition = { role: 'subcontractor', subcontractId: subcontract.id, tier: subcontract.tier, parentOrganizationId: subcontract.parentOrganizationId }
  return { contract, position }
}

/** The inviter's own tier on the contract (0 for the prime vendor), or null if it may not invite. */
function tierOf(position: ContractPosition): number | null {
  if (position.role === 'prime') return 0
  if (position.role === 'subcontractor') return position.tier
  return null
}

/**
 * The organizations above `organizationId` on the contract, nearest first, ending with the prime.
 * Refusing these at acceptance is what keeps the tree free of cycles.
 */
async function ancestorsOf(tx: Prisma.TransactionClient, contractId: string, organizationId: string, primeVendorId: string | null): Promise<string[]> {
  const subcontracts = await tx.subcontract.findMany({ where: { contractId }, select: { parentOrganizationId: true, childOrganizationId: true } })
  const parentOf = new Map(subcontracts.map((s) => [s.childOrganizationId, s.parentOrganizationId]))
  const chain: string[] = []
  let current: string | undefined = organizationId
  while (current && !chain.includes(current)) {
    chain.push(current)
    current = current === primeVendorId ? undefined : parentOf.get(current)
  }
  return chain
}

// ───────────────────────────── Invitations ─────────────────────────────

const expiryFrom = (now: Date) => new Date(now.getTime() + SUBCONTRACT_INVITATION_DAYS * 86_400_000)

/**
 * Invite a subcontractor to the contract on behalf of `organizationId` (the prime vendor, or a
 * subcontractor inviting the tier below it). Refused: the agency (it does not subcontract), an
 * address that already belongs to the inviter's own members, a UEI already on the contract
 * (an organization above the inviter would make a cycle), an invitation already pending.
 */
export async function inviteSubcontractor(
  { contractId, organizationId, actorUserId, input }: { contractId: string; organizationId: string; actorUserId: string; input: SubcontractInvitationInput },
  now = new Date(),
): Promise<{ ok: true; invitationId: string; token: string } | Failure> {
  const found = await positionOnContract(organizationId, contractId)
  if (!found) return { ok: false, status: 404, formError: 'errors.notFound.title' }
  if (tierOf(found.position) === null) return { ok: false, status: 403, formError: 'subcontracts.errors.agencyCannotInvite' }
  const alreadyMember = await db().membership.findFirst({ where: { organizationId, user: { email: input.email } }, select: { id: true } })
  if (alreadyMember) return { ok: false, status: 400, fieldErrors: { email: 'subcontracts.errors.alreadyMember' } }
  return db().$transaction(async (tx) => {
    if (input.uei) {
      const existing = await tx.organization.findUnique({ where: { uei: input.uei }, select: { id: true } })
      if (existing) {
        const ancestors = await ancestorsOf(tx, contractId, organizationId, found.contract.primeVendorId)
        if (ancestors.includes(existing.id)) return { ok: false as const, status: 400 as const, fieldErrors: { uei: 'subcontracts.errors.cycle' as const } }
        const onContract = await tx.subcontract.findFirst({ where: { contractId, childOrganizationId: existing.id }, select: { id: true } })
        if (onContract) return { ok: false as const, status: 400 as const, fieldErrors: { uei: 'subcontracts.errors.alreadyOnContract' as const } }
      }
    }
    const pending = await tx.subcontractInvitation.findFirst({
      where: { contractId, parentOrganizationId: organizationId, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    })
    if (pending) return { ok: false as const, status: 400 as const, fieldErrors: { email: 'errors.alreadyInvited' as const } }
    const token = newToken()
    const invitation = await tx.subcontractInvitation.create({
      data: {
        contractId,
        parentOrganizationId: organizationId,
        email: input.email,
        companyName: input.companyName,
        uei: input.uei || null,
        contactName: input.contactName,
        scope: input.scope,
        valueCents: input.value,
        tokenHash: hashToken(token),
        invitedById: actorUserId,
        expiresAt: expiryFrom(now),
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'subcontract.invited',
      actorUserId,
      organizationId,
      targetType: 'SubcontractInvitation',
      targetId: invitation.id,
      data: { contractId, email: input.email, companyName: input.companyName, uei: input.uei || null },
    })
    return { ok: true as const, invitationId: invitation.id, token }
  })
}

const invitationMailSelect = {
  id: true,
  email: true,
  companyName: true,
  contactName: true,
  scope: true,
  parentOrganization: { select: { legalName: true } },
  contract: { select: { number: true, title: true, agency: { select: { legalName: true } } } },
} satisfies Prisma.SubcontractInvitationSelect

/** What the invitation email needs. */
export function invitationForMail(invitationId: string) {
  return db().subcontractInvitation.findUniqueOrThrow({ where: { id: invitationId }, select: invitationMailSelect })
}

/** Send again: a new token (the old link stops working) and a new expiry. Only by the inviter. */
export async function resendSubcontractInvitation(
  { invitationId, organizationId, actorUserId }: { invitationId: string; organizationId: string; actorUserId: string },
  now = new Date(),
): Promise<{ ok: true; token: string } | Failure> {
  return db().$transaction(async (tx) => {
    const token = newToken()
    const { count } = await tx.subcontractInvitation.updateMany({
      where: { id: invitationId, parentOrganizationId: organizationId, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hashToken(token), expiresAt: expiryFrom(now) },
    })
    if (count === 0) return { ok: false as const, status: 409 as const, formError: 'errors.invitationClosed' as const }
    await recordAuditEvent(tx, { action: 'subcontract.invitation_resent', actorUserId, organizationId, targetType: 'SubcontractInvitation', targetId: invitationId })
    return { ok: true as const, token }
  })
}

/** Withdraw an invitation not accepted yet; its link stops working. Only by the inviter. */
export async function withdrawSubcontractInvitation(
  { invitationId, organizationId, actorUserId }: { invitationId: string; organizationId: string; actorUserId: string },
  now = new Date(),
): Promise<{ ok: true } | Failure> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.subcontractInvitation.updateMany({
      where: { id: invitationId, parentOrganizationId: organizationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    })
    if (count === 0) return { ok: false as const, status: 409 as const, formError: 'errors.invitationClosed' as const }
    await recordAuditEvent(tx, { action: 'subcontract.invitation_withdrawn', actorUserId, organizationId, targetType: 'SubcontractInvitation', targetId: invitationId })
    return { ok: true as const }
  })
}

/** The invitation behind a link, with whether it can still be accepted. */
export async function findSubcontractInvitation(token: string, now = new Date()) {
  const invitation = await db().subcontractInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      companyName: true,
      uei: true,
      scope: true,
      valueCents: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { name: true } },
      parentOrganization: { select: { legalName: true } },
      contract: { select: { id: true, number: true, title: true, agency: { select: { legalName: true } } } },
    },
  })
  if (!invitation) return null
  const open = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now
  // An organization already registered with the UEI the inviter gave: only its owner may accept.
  const matched = invitation.uei ? await db().organization.findUnique({ where: { uei: invitation.uei }, select: { id: true, legalName: true } }) : null
  return { ...invitation, open, matched }
}

/** Vendor organizations where this person is an owner: consent to a subcontract is the owner's. */
export async function organizationsOwnedBy(userId: string) {
  const memberships = await db().membership.findMany({
    where: { userId, role: 'owner', organization: { kind: 'vendor' } },
    select: { organization: { select: { id: true, legalName: true, uei: true } } },
    orderBy: { organization: { legalName: 'asc' } },
  })
  return memberships.map((m) => m.organization)
}

/**
 * Accept for `organizationId`: its owner consents, and the organization becomes a subcontractor
 * one tier below the inviter. Refused: a closed invitation, someone who is not an owner, another
 * organization than the UEI named, an organization above the inviter (a cycle) or already on
 * the contract.
 */
export async function acceptSubcontractInvitation(
  { token, organizationId, actorUserId }: { token: string; organizationId: string; actorUserId: string },
  now = new Date(),
): Promise<{ ok: true; contractId: string; subcontractId: string; tier: number } | Failure> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "SubcontractInvitation" WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`
    const id = rows[0]?.id
    const invitation = id
      ? await tx.subcontractInvitation.findUnique({
          where: { id },
          select: { id: true, contractId: true, parentOrganizationId: true, uei: true, scope: true, valueCents: true, expiresAt: true, acceptedAt: true, revokedAt: true, contract: { select: { primeVendorId: true } } },
        })
      : null
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      return { ok: false as const, status: 409 as const, formError: 'errors.invitationClosed' as const }
    }
    const membership = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: actorUserId, organizationId } },
      select: { role: true, organization: { select: { kind: true, uei: true } } },
    })
    if (!membership || membership.organization.kind !== 'vendor') return { ok: false as const, status: 400 as const, fieldErrors: { organizationId: 'errors.invalid' as const } }
    if (membership.role !== 'owner') return { ok: false as const, status: 403 as const, fieldErrors: { organizationId: 'subcontracts.errors.ownerOnly' as const } }
    if (invitation.uei && membership.organization.uei !== invitation.uei) {
      return { ok: false as const, status: 400 as const, fieldErrors: { organizationId: 'subcontracts.errors.ueiMismatch' as const } }
    }
    const primeVendorId = invitation.contract.primeVendorId
    const parent =
      invitation.parentOrganizationId === primeVendorId
        ? { tier: 0 }
        : await tx.subcontract.findUnique({ where: { contractId_childOrganizationId: { contractId: invitation.contractId, childOrganizationId: invitation.parentOrganizationId } }, select: { tier: true } })
    // The inviter left the contract since: nobody can join under it.
    if (!parent) return { ok: false as const, status: 409 as const, formError: 'errors.invitationClosed' as const }
    const ancestors = await ancestorsOf(tx, invitation.contractId, invitation.parentOrganizationId, primeVendorId)
    if (ancestors.includes(organizationId)) return { ok: false as const, status: 409 as const, formError: 'subcontracts.errors.cycle' as const }
    const onContract = await tx.subcontract.findUnique({ where: { contractId_childOrganizationId: { contractId: invitation.contractId, childOrganizationId: organizationId } }, select: { id: true } })
    if (onContract) return { ok: false as const, status: 409 as const, formError: 'subcontracts.errors.alreadyOnContract' as const }
    const tier = parent.tier + 1
    const subcontract = await tx.subcontract.create({
      data: {
        contractId: invitation.contractId,
        parentOrganizationId: invitation.parentOrganizationId,
        childOrganizationId: organizationId,
        tier,
        scope: invitation.scope,
        valueCents: invitation.valueCents,
        status: 'active',
      },
      select: { id: true },
    })
    await tx.subcontractInvitation.update({ where: { id: invitation.id }, data: { acceptedAt: now, subcontractId: subcontract.id } })
    await recordAuditEvent(tx, {
      action: 'subcontract.invitation_accepted',
      actorUserId,
      organizationId,
      targetType: 'Subcontract',
      targetId: subcontract.id,
      data: { contractId: invitation.contractId, parentOrganizationId: invitation.parentOrganizationId, tier, invitationId: invitation.id },
    })
    return { ok: true as const, contractId: invitation.contractId, subcontractId: subcontract.id, tier }
  })
}

// ───────────────────────────── The tree and who sees what ─────────────────────────────

type CertificateRow = { number: string; status: 'valid' | 'revoked' | 'superseded'; validUntil: Date }

/** The badge for an accepted subcontract, from its declarations and certificates. */
export function subcontractStatus(attestations: readonly { status: string; certificate: CertificateRow | null }[], now: Date): { status: TreeStatus; certificate: CertificateRow | null } {
  const certificate = attestations.map((a) => a.certificate).find((c): c is CertificateRow => c !== null && c.status !== 'superseded') ?? null
  if (certificate) {
    if (certificate.status === 'revoked') return { status: 'revoked', certificate }
    return { status: certificate.validUntil <= now ? 'expired' : 'certified', certificate }
  }
  const inProgress = attestations.some((a) => a.status !== 'superseded')
  return { status: inProgress ? 'active' : 'not_started', certificate: null }
}

/** Every subcontract and pending invitation of the contract as a tree under its prime vendor. */
async function fullTree(contractId: string, primeVendorId: string | null, now: Date): Promise<TreeNode[]> {
  const [subcontracts, invitations] = await Promise.all([
    db().subcontract.findMany({
      where: { contractId },
      orderBy: [{ tier: 'asc' }, { childOrganization: { legalName: 'asc' } }],
      select: {
        id: true,
        parentOrganizationId: true,
        childOrganizationId: true,
        tier: true,
        scope: true,
        valueCents: true,
        childOrganization: { select: { legalName: true, uei: true } },
        attestations: {
          orderBy: { createdAt: 'desc' },
          select: { status: true, certificate: { select: { number: true, status: true, validUntil: true } } },
        },
      },
    }),
    db().subcontractInvitation.findMany({
      where: { contractId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: 'asc' },
      select: { id: true, parentOrganizationId: true, companyName: true, uei: true, email: true, scope: true, valueCents: true, expiresAt: true },
    }),
  ])
  const tierOfOrganization = new Map<string, number>(subcontracts.map((s) => [s.childOrganizationId, s.tier]))
  if (primeVendorId) tierOfOrganization.set(primeVendorId, 0)
  const nodes: TreeNode[] = [
    ...subcontracts.map((s): TreeNode => {
      const { status, certificate } = subcontractStatus(s.attestations, now)
      return {
        id: s.id,
        kind: 'subcontract',
        organizationId: s.childOrganizationId,
        parentOrganizationId: s.parentOrganizationId,
        name: s.childOrganization.legalName,
        tier: s.tier,
        status,
        expiresAt: certificate ? certificate.validUntil.toISOString() : null,
        certificateNumber: certificate?.number ?? null,
        invitationExpired: false,
        terms: { scope: s.scope, valueCents: s.valueCents?.toString() ?? null, email: null, uei: s.childOrganization.uei },
        children: [],
      }
    }),
    ...invitations.flatMap((i): TreeNode[] => {
      const parentTier = tierOfOrganization.get(i.parentOrganizationId)
      if (parentTier === undefined) return []
      return [
        {
          id: i.id,
          kind: 'invitation',
          organizationId: null,
          parentOrganizationId: i.parentOrganizationId,
          name: i.companyName,
          tier: parentTier + 1,
          status: 'invited',
          expiresAt: i.expiresAt.toISOString(),
          certificateNumber: null,
          invitationExpired: i.expiresAt <= now,
          terms: { scope: i.scope, valueCents: i.valueCents?.toString() ?? null, email: i.email, uei: i.uei },
          children: [],
        },
      ]
    }),
  ]
  const byParent = new Map<string, TreeNode[]>()
  for (const node of nodes) byParent.set(node.parentOrganizationId, [...(byParent.get(node.parentOrganizationId) ?? []), node])
  const seen = new Set<string>()
  const attach = (organizationId: string): TreeNode[] => {
    if (seen.has(organizationId)) return []
    seen.add(organizationId)
    return (byParent.get(organizationId) ?? []).map((node) => ({ ...node, children: node.organizationId ? attach(node.organizationId) : [] }))
  }
  return primeVendorId ? attach(primeVendorId) : []
}

/** Keep the terms (scope, value, contact) only where `keep` says so; everything else is aggregates. */
function withTerms(nodes: TreeNode[], keep: (node: TreeNode) => boolean): TreeNode[] {
  return nodes.map((node) => ({ ...node, terms: keep(node) ? node.terms : null, children: withTerms(node.children, keep) }))
}

function findNode(nodes: readonly TreeNode[], organizationId: string): TreeNode | null {
  for (const node of nodes) {
    if (node.organizationId === organizationId) return node
    const found = findNode(node.children, organizationId)
    if (found) return found
  }
  return null
}

/**
 * The part of the contract's tree `organizationId` may see (product.md §7): the agency sees all
 * of it with every subcontract's terms; the prime vendor sees its whole subtree as aggregates
 * (status, expiry, coverage), with terms only for the subcontracts it made itself; a
 * subcontractor sees its own node and what is below it, never its siblings. Null: not its contract.
 */
export async function visibleTree(organizationId: string, contractId: string, now = new Date()) {
  const found = await positionOnContract(organizationId, contractId)
  if (!found) return null
  const { contract, position } = found
  const tree = await fullTree(contractId, contract.primeVendorId, now)
  let nodes: TreeNode[]
  if (position.role === 'agency') nodes = tree
  else if (position.role === 'prime') nodes = withTerms(tree, (node) => node.parentOrganizationId === organizationId)
  else {
    const own = findNode(tree, organizationId)
    nodes = own ? withTerms([own], (node) => node.id === own.id || node.parentOrganizationId === organizationId) : []
  }
  // Training coverage as aggregates only (counts and percentages, never the workers themselves).
  const coverage = await coverageForOrganizations(treeOrganizationIds(nodes), now)
  const byOrganization = new Map<string, TreeCoverage>(
    coverage.map((c) => [c.organizationId, { percentCurrent: c.percentCurrent, dueSoon: c.expiringSoon, overdue: c.overdue }]),
  )
  return { contract, position, nodes: withCoverage(nodes, byOrganization) }
}

/**
 * Section D of a declaration (FAR 52.222-50(i)): the subcontractors below `organizationId` on the
 * given contracts, at every tier, with their status.
 */
export async function subcontractorsForDeclaration(organizationId: string, contractIds: readonly string[], now = new Date()) {
  const rows: { id: string; name: string; tier: number; contract: string; status: TreeStatus }[] = []
  for (const contractId of contractIds) {
    const visible = await visibleTree(organizationId, contractId, now)
    if (!visible) continue
    const below = visible.position.role === 'subcontractor' ? (visible.nodes[0]?.children ?? []) : visible.nodes
    const walk = (nodes: readonly TreeNode[]) => {
      for (const node of nodes) {
        rows.push({ id: node.id, name: node.name, tier: node.tier, contract: visible.contract.number, status: node.status })
        walk(node.children)
      }
    }
    walk(below)
  }
  return rows
}

/** The subcontractor's workspace: the contracts where the organization is a subcontractor. */
export async function listSubcontractsOf(organizationId: string, now = new Date()) {
  const subcontracts = await db().subcontract.findMany({
    where: { childOrganizationId: organizationId },
    orderBy: [{ createdAt: 'desc' }],
    select: {
      id: true,
      tier: true,
      scope: true,
      valueCents: true,
      status: true,
      parentOrganization: { select: { legalName: true } },
      contract: { select: { id: true, number: true, title: true, agency: { select: { legalName: true } } } },
      attestations: {
        where: { organizationId },
        orderBy: { createdAt: 'desc' },
        select: { id: true, status: true, certificate: { select: { number: true, status: true, validUntil: true } } },
      },
    },
  })
  return subcontracts.map((s) => {
    const { status, certificate } = subcontractStatus(s.attestations, now)
    const current = s.attestations.find((a) => a.status !== 'superseded') ?? null
    return {
      id: s.id,
      tier: s.tier,
      scope: s.scope,
      valueCents: s.valueCents?.toString() ?? null,
      parent: s.parentOrganization.legalName,
      contract: s.contract,
      status,
      certificate: certificate ? { number: certificate.number, validUntil: certificate.validUntil.toISOString() } : null,
      attestationId: current?.id ?? null,
    }
  })
}

/** The subcontract a declaration is made for, if it is a subcontractor's (for the agency's review page). */
export async function subcontractOfAttestation(attestationId: string) {
  const row = await db().attestation.findUnique({
    where: { id: attestationId },
    select: { subcontract: { select: { id: true, tier: true, contractId: true, parentOrganization: { select: { legalName: true } } } } },
  })
  const subcontract = row?.subcontract
  return subcontract ? { id: subcontract.id, tier: subcontract.tier, contractId: subcontract.contractId, parent: subcontract.parentOrganization.legalName } : null
}
