import { createHash } from 'node:crypto'
import { recordAuditEvent } from '~/audit/audit.server'
import { ISSUING_TRANSACTION, issueCertificate } from '~/certificates/issue.server'
import { db, type Database } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { AttestationStatus, RiskTier } from '~/generated/prisma/enums'
import { placesOf } from '~/contracts/contract-view'
import { goodsMatchesFor, type GoodsMatchDetail } from '~/goods/matches.server'
import { highRiskIndustryCodes } from '~/risk/industries'
import { computeRiskTier, type RiskAssessment } from '~/risk/risk'
import { contractCoverage, lowestContractCoveragePercent } from '~/training/coverage.server'
import { canonicalAttestationContent, mergeStepAnswers, needsAgencyReview, StoredAnswersSchema, validateAnswers, type Answers } from './answers'
import { applicableSections, type Applicability, type ContractFacts } from './applicability'
import { parseTemplateContent, type AttestationTemplateContent } from './template'
import { latestTemplateVersion, syncTemplates } from './templates.server'

// The attestation lifecycle (product.md §4, FAR 52.222-50 and 52.222-56) as plain functions:
// start a draft for chosen contracts, save steps, submit (frozen, hashed, risk-tiered, then either
// certified at once or sent to agency review by policy), and revise (a new attestation that
// supersedes the old one). Routes call these; every change writes an audit event.

export type AttestationFailure = { ok: false; formError: string; fieldErrors?: Record<string, string>; status: 400 | 404 | 409 }

const EDITABLE: AttestationStatus[] = ['draft', 'changes_requested']
export const isEditable = (status: AttestationStatus) => EDITABLE.includes(status)

type Client = Prisma.TransactionClient

/** The template row for the newest published version (stored at start-up by syncTemplates). */
async function currentTemplateRow(client: Client) {
  const version = await latestTemplateVersion()
  let row = await client.attestationTemplate.findUnique({ where: { version }, select: { id: true, version: true } })
  if (!row) {
    await syncTemplates(client)
    row = await client.attestationTemplate.findUnique({ where: { version }, select: { id: true, version: true } })
  }
  if (!row) throw new Error(`Attestation template ${version} is not stored`)
  return row
}

const contractFactsSelect = {
  id: true,
  number: true,
  title: true,
  agencyId: true,
  primeVendorId: true,
  startDate: true,
  endDate: true,
  estimatedValueCents: true,
  outsideUSValueCents: true,
  suppliesOrServicesOutsideUS: true,
  industries: true,
  naicsCodes: true,
  providesHousing: true,
  usesLaborRecruiters: true,
  employsNonUSNationals: true,
  placesOfPerformance: true,
} satisfies Prisma.ContractSelect


type ContractFactsRow = Prisma.ContractGetPayload<{ select: typeof contractFactsSelect }>

/**
 * A stored contract as the risk model reads it (product.md §5), with the declared goods that
 * an active goods list names for their source country (goodsMatchesFor).
 */
function riskContractFacts(c: ContractFactsRow, goodsMatches: GoodsMatchDetail[] = []) {
  return {
    id: c.id,
    number: c.number,
    industries: c.industries,
    naicsCodes: c.naicsCodes,
    placesOfPerformance: placesOf(c.placesOfPerformance),
    suppliesOrServicesOutsideUS: c.suppliesOrServicesOutsideUS,
    usesLaborRecruiters: c.usesLaborRecruiters,
    employsNonUSNationals: c.employsNonUSNationals,
    providesHousing: c.providesHousing,
    estimatedValueCents: c.estimatedValueCents,
    goodsMatches: goodsMatches
      .filter((match) => match.contractId === c.id)
      .map(({ good, country, laborType, list }) => ({ good, country, laborType, list })),
  }
}

/** Contracts an organization may attest for: those where it is the prime vendor. */
export function listAttestableContracts(organizationId: string) {
  return db().contract.findMany({
    where: { primeVendorId: organizationId, status: { not: 'ended' } },
    orderBy: [{ agency: { legalName: 'asc' } }, { number: 'asc' }],
    select: { id: true, number: true, title: true, agency: { select: { id: true, legalName: true } } },
  })
}

/**
 * Start a draft covering `contractIds`. FAR 52.222-50 attestations are made to one contracting
 * agency, so all chosen contracts must be the organization's and share their agency.
 */
export async function startAttestation({
  organizationId,
  actorUserId,
  contractIds,
  subcontractId,
}: {
  organizationId: string
  actorUserId: string
  contractIds: string[]
  /** A subcontractor attests for its subcontract (FAR 52.222-50(i) flowdown); the contract is the subcontract's. */
  subcontractId?: string
}, client: Database = db()): Promise<{ ok: true; attestationId: string } | AttestationFailure> {
  let unique = [...new Set(contractIds)]
  if (unique.length === 0 && !subcontractId) return { ok: false, status: 400, formError: 'attestation.errors.chooseContracts', fieldErrors: { contractIds: 'attestation.errors.chooseContracts' } }
  return client.$transaction(async (tx) => {
    const subcontract = subcontractId ? await tx.subcontract.findFirst({ where: { id: subcontractId, childOrganizationId: organizationId }, select: { id: true, contractId: true } }) : null
    if (subcontractId && !subcontract) return { ok: false as const, status: 404 as const, formError: 'errors.notFound.title' }
    if (subcontract) unique = [subcontract.contractId]
    const contracts = await tx.contract.findMany({
      where: subcontract ? { id: subcontract.contractId } : { id: { in: unique }, primeVendorId: organizationId },
      select: { id: true, agencyId: true },
    })
    if (contracts.length !== unique.length) return { ok: false as const, status: 400 as const, formError: 'errors.invalid', fieldErrors: { contractIds: 'errors.invalid' } }
    if (new Set(contracts.map((c) => c.agencyId)).size > 1) {
      return { ok: false as const, status: 400 as const, formError: 'attestation.errors.oneAgency', fieldErrors: { contractIds: 'attestation.errors.oneAgency' } }
    }
    const template = await currentTemplateRow(tx)
    const attestation = await tx.attestation.create({
      data: { organizationId, templateId: template.id, subcontractId: subcontract?.id ?? null, contracts: { create: unique.map((contractId) => ({ contractId })) } },
      select: { id: true },
    })
    await recordAuditEvent(tx, { action: 'attestation.started', actorUserId, organizationId, targetType: 'Attestation', targetId: attestation.id, data: { contractIds: unique, subcontractId: subcontract?.id ?? null, templateVersion: template.version } })
    return { ok: true as const, attestationId: attestation.id }
  })
}

export type AttestationContext = Awaited<ReturnType<typeof loadAttestation>>

/**
 * Everything a page or a decision needs about one attestation: its row, its template, its
 * contracts' facts, what applies (thresholds and agency policy included) and the stored answers.
 * `scope` limits who may see it: the attesting organization, or the agency of its contracts.
 */
export async function loadAttestation(attestationId: string, scope: { organizationId: string } | { agencyId: string }, client: Client | ReturnType<typeof db> = db()) {
  const where: Prisma.AttestationWhereInput =
    'organizationId' in scope
      ? { id: attestationId, organizationId: scope.organizationId }
      : { id: attestationId, contracts: { some: { contract: { agencyId: scope.agencyId } } } }
  const attestation = await client.attestation.findFirst({
    where,
    select: {
      id: true,
      status: true,
      answers: true,
      currentStep: true,
      riskTier: true,
      riskReasons: true,
      signerName: true,
      signerTitle: true,
      signedAt: true,
      submittedAt: true,
      contentSha256: true,
      supersedesId: true,
      createdAt: true,
      updatedAt: true,
      organization: { select: { id: true, legalName: true, uei: true, industries: true } },
      template: { select: { version: true, content: true } },
      contracts: { select: { contract: { select: contractFactsSelect } } },
      reviews: { orderBy: { createdAt: 'desc' }, select: { id: true, decision: true, reason: true, itemComments: true, createdAt: true, reviewer: { select: { name: true } } } },
    },
  })
  if (!attestation) return null
  const template = parseTemplateContent(attestation.template.content)
  const contracts = attestation.contracts.map((link) => link.contract)
  const agencyIds = [...new Set(contracts.map((c) => c.agencyId))]
  // One after the other, not Promise.all: inside a transaction (submitAttestation) the client is a
  // single connection, and pg deprecates concurrent queries on one connection (an error from pg 9).
  const thresholds = await client.complianceThreshold.findMany({ where: { OR: [{ agencyId: null }, { agencyId: { in: agencyIds } }] }, select: { agencyId: true, effectiveFrom: true, amountCents: true, source: true } })
  const policies = await client.agencyPolicy.findMany({ where: { agencyId: { in: agencyIds } } })
  const subcontracts = await client.subcontract.findMany({ where: { contractId: { in: contracts.map((c) => c.id) } }, select: { contractId: true, parentOrganizationId: true, tier: true } })
  const facts: ContractFacts[] = contracts.map((c) => ({
    id: c.id,
    agencyId: c.agencyId,
    startDate: c.startDate,
    estimatedValueCents: c.estimatedValueCents,
    outsideUSValueCents: c.outsideUSValueCents,
    suppliesOrServicesOutsideUS: c.suppliesOrServicesOutsideUS,
    industries: c.industries,
    providesHousing: c.providesHousing,
    usesLaborRecruiters: c.usesLaborRecruiters,
    employsNonUSNationals: c.employsNonUSNationals,
    hasSubcontracts: subcontracts.some((s) => s.contractId === c.id && s.parentOrganizationId === attestation.organization.id),
    placesOfPerformance: placesOf(c.placesOfPerformance),
  }))
  const applicability = applicableSections(template, {
    contracts: facts,
    thresholds,
    highRiskIndustries: highRiskIndustryCodes,
    agencyPolicies: Object.fromEntries(policies.map((p) => [p.agencyId, { requirePlanForHighRiskIndustries: p.requirePlanForHighRiskIndustries }])),
  })
  const answers: Answers = StoredAnswersSchema.parse(attestation.answers ?? {})
  const subcontractDepth = subcontracts.reduce((depth, s) => Math.max(depth, s.tier), 0)
  // Training coverage of everyone on the contracts, prime and subcontractors (product.md §5, §7).
  const trainingCoveragePercent = await lowestContractCoveragePercent(contracts.map((c) => c.id), new Date(), client)
  const goodsMatches = await goodsMatchesFor(client, contracts.map((c) => c.id))
  return { attestation, template, contracts, applicability, answers, policy: policies[0] ?? null, agencyId: agencyIds[0] ?? null, subcontractDepth, trainingCoveragePercent, goodsMatches }
}

/** The risk assessment for an attestation's facts and answers (product.md §5). */
export function assessRisk(context: NonNullable<AttestationContext>, negativeAnswers: number): RiskAssessment {
  return computeRiskTier({
    contracts: context.contracts.map((c) => riskContractFacts(c, context.goodsMatches)),
    organizationIndustries: context.attestation.organization.industries,
    subcontractDepth: context.subcontractDepth,
    trainingCoveragePercent: context.trainingCoveragePercent,
    trainingCoverageTarget: context.policy?.trainingCoverageTargetPercent ?? 90,
    negativeAnswers,
  })
}

/** Save one step's answers of a draft (or of an attestation sent back for changes). */
export async function saveStep({
  attestationId,
  organizationId,
  actorUserId,
  sectionId,
  stepAnswers,
  currentStep,
  signer,
}: {
  attestationId: string
  organizationId: string
  actorUserId: string
  sectionId: string
  stepAnswers: Answers
  currentStep: number
  signer?: { name: string; title: string }
}, client: Database = db()): Promise<{ ok: true } | AttestationFailure> {
  return client.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: AttestationStatus; answers: unknown; content: unknown }[]>`
      SELECT a.status::text AS status, a.answers, t.content FROM "Attestation" a JOIN "AttestationTemplate" t ON t.id = a."templateId"
      WHERE a.id = ${attestationId} AND a."organizationId" = ${organizationId} FOR UPDATE OF a`
    const row = rows[0]
    if (!row) return { ok: false as const, status: 404 as const, formError: 'errors.notFound.title' }
    if (!isEditable(row.status)) return { ok: false as const, status: 409 as const, formError: 'attestation.errors.notEditable' }
    const template = parseTemplateContent(row.content)
    const merged = mergeStepAnswers(template, sectionId, StoredAnswersSchema.parse(row.answers ?? {}), stepAnswers)
    await tx.attestation.update({
      where: { id: attestationId },
      data: { answers: merged, currentStep, ...(signer ? { signerName: signer.name || null, signerTitle: signer.title || null } : {}) },
    })
    await recordAuditEvent(tx, { action: 'attestation.step_saved', actorUserId, organizationId, targetType: 'Attestation', targetId: attestationId, data: { sectionId } })
    return { ok: true as const }
  })
}

/**
 * The hook certificates build on: "this attestation is approved (or self-certified) as of `at`".
 * Runs inside the caller's transaction so the approval and whatever follows it (issuing a
 * certificate) commit together. Returns false when the attestation was not awaiting approval.
 */
export async function markAttestationApproved(
  tx: Client,
  { attestationId, at, reviewerId }: { attestationId: string; at: Date; reviewerId: string | null },
): Promise<boolean> {
  const { count } = await tx.attestation.updateMany({
    where: { id: attestationId, status: { in: reviewerId ? ['submitted'] : ['draft', 'changes_requested', 'submitted'] } },
    data: { status: 'approved', reviewedAt: at, reviewedById: reviewerId },
  })
  if (count === 0) return false
  const approved = await tx.attestation.findUniqueOrThrow({ where: { id: attestationId }, select: { supersedesId: true } })
  // The attestation it revises stops being the current one (product.md §3: superseded).
  if (approved.supersedesId) {
    await tx.attestation.updateMany({ where: { id: approved.supersedesId, status: { in: ['approved', 'submitted', 'changes_requested', 'rejected'] } }, data: { status: 'superseded' } })
  }
  // Approval issues the certificate in the same transaction (product.md §6; idempotent).
  await issueCertificate(tx, { attestationId, at })
  return true
}

export type SubmitResult = { ok: true; status: 'submitted' | 'approved'; risk: RiskAssessment; reviewReasons: string[] } | AttestationFailure

/**
 * FAR 52.222-56 / 52.222-50(h)(5): the authorized official certifies. The content is frozen
 * (canonical JSON and its SHA-256, signer, time and IP). A negative answer, a missing plan
 * element or a risk tier the agency reviews sends it to agency review; otherwise it is
 * certified on submission. Exactly one of two concurrent submissions wins (row lock + status).
 */
export async function submitAttestation({
  attestationId,
  organizationId,
  signer,
  ip,
  now = new Date(),
}: {
  attestationId: string
  organizationId: string
  signer: { userId: string; name: string; title: string }
  ip: string
  now?: Date
}, client: Database = db()): Promise<SubmitResult> {
  return client.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ status: AttestationStatus }[]>`
      SELECT status::text AS status FROM "Attestation" WHERE id = ${attestationId} AND "organizationId" = ${organizationId} FOR UPDATE`
    const current = locked[0]
    if (!current) return { ok: false as const, status: 404 as const, formError: 'errors.notFound.title' }
    if (!isEditable(current.status)) return { ok: false as const, status: 409 as const, formError: 'attestation.errors.alreadySubmitted' }
    const context = await loadAttestation(attestationId, { organizationId }, tx)
    if (!context) return { ok: false as const, status: 404 as const, formError: 'errors.notFound.title' }
    const { template, applicability, answers, contracts, attestation } = context
    const validation = validateAnswers(template, applicability, answers)
    if (!validation.complete) {
      return { ok: false as const, status: 400 as const, formError: 'attestation.errors.incomplete', fieldErrors: validation.errors }
    }
    const canonical = canonicalAttestationContent({
      template,
      applicability,
      organization: { id: attestation.organization.id, legalName: attestation.organization.legalName, uei: attestation.organization.uei },
      contracts: contracts.map((c) => ({ id: c.id, number: c.number, agencyId: c.agencyId })),
      answers,
      signer: { name: signer.name, title: signer.title },
      signedAt: now,
    })
    const review = needsAgencyReview(template, applicability, answers)
    const risk = assessRisk(context, review.reasons.filter((r) => r.code === 'negative_answer').length)
    const policyTiers: RiskTier[] = context.policy?.reviewTiers ?? ['medium', 'high']
    const reviewRequired = review.required || policyTiers.includes(risk.tier)
    await tx.attestation.update({
      where: { id: attestationId },
      data: {
        status: 'submitted',
        signerUserId: signer.userId,
        signerName: signer.name,
        signerTitle: signer.title,
        signedAt: now,
        signerIp: ip,
        submittedAt: now,
        canonicalContent: canonical,
        contentSha256: createHash('sha256').update(canonical).digest('hex'),
        riskTier: risk.tier,
        riskReasons: { score: risk.score, modelVersion: risk.modelVersion, reasons: risk.reasons, reviewReasons: review.reasons },
      },
    })
    if (!reviewRequired) await markAttestationApproved(tx, { attestationId, at: now, reviewerId: null })
    await recordAuditEvent(tx, {
      action: reviewRequired ? 'attestation.submitted' : 'attestation.self_certified',
      actorUserId: signer.userId,
      organizationId,
      targetType: 'Attestation',
      targetId: attestationId,
      data: { tier: risk.tier, score: risk.score, reviewReasons: review.reasons.map((r) => r.code), ip },
    })
    return { ok: true as const, status: reviewRequired ? ('submitted' as const) : ('approved' as const), risk, reviewReasons: review.reasons.map((r) => r.itemId) }
  }, ISSUING_TRANSACTION)
}

/**
 * Edit after submission: a new draft with the same contracts and answers that, once approved,
 * supersedes this one. An attestation sent back for changes is edited in place instead.
 */
export async function reviseAttestation({ attestationId, organizationId, actorUserId }: { attestationId: string; organizationId: string; actorUserId: string }): Promise<{ ok: true; attestationId: string } | AttestationFailure> {
  return db().$transaction(async (tx) => {
    const previous = await tx.attestation.findFirst({
      where: { id: attestationId, organizationId },
      select: { id: true, status: true, answers: true, subcontractId: true, contracts: { select: { contractId: true } }, supersededBy: { select: { id: true } } },
    })
    if (!previous) return { ok: false as const, status: 404 as const, formError: 'errors.notFound.title' }
    if (isEditable(previous.status)) return { ok: true as const, attestationId: previous.id }
    if (previous.supersededBy) return { ok: true as const, attestationId: previous.supersededBy.id }
    const template = await currentTemplateRow(tx)
    const draft = await tx.attestation.create({
      data: {
        organizationId,
        templateId: template.id,
        supersedesId: previous.id,
        subcontractId: previous.subcontractId,
        answers: previous.answers ?? {},
        contracts: { create: previous.contracts.map((c) => ({ contractId: c.contractId })) },
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, { action: 'attestation.revised', actorUserId, organizationId, targetType: 'Attestation', targetId: draft.id, data: { supersedes: previous.id } })
    return { ok: true as const, attestationId: draft.id }
  })
}

/** An organization's attestations, newest first, with their contracts. */
export function listAttestations(organizationId: string) {
  return db().attestation.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      status: true,
      riskTier: true,
      submittedAt: true,
      createdAt: true,
      template: { select: { version: true } },
      contracts: { select: { contract: { select: { number: true, agency: { select: { legalName: true } } } } } },
    },
  })
}

export type { Applicability, AttestationTemplateContent }

/**
 * Product.md §5: the tier follows the facts. When a contract's facts change, attestations still
 * open on it (submitted, or sent back for changes) get their tier and reasons recomputed, keeping
 * the review reasons from their answers; approved ones keep the tier they were certified with.
 */
export async function recomputeRiskForContract(tx: Client, { contractId, actorUserId, organizationId }: { contractId: string; actorUserId: string | null; organizationId: string }) {
  const open = await tx.attestation.findMany({
    where: { status: { in: ['submitted', 'changes_requested'] }, contracts: { some: { contractId } } },
    select: { id: true, organizationId: true, riskTier: true, riskReasons: true },
  })
  const changed: string[] = []
  for (const row of open) {
    const context = await loadAttestation(row.id, { organizationId: row.organizationId }, tx)
    if (!context) continue
    const review = needsAgencyReview(context.template, context.applicability, context.answers)
    const risk = assessRisk(context, review.reasons.filter((r) => r.code === 'negative_answer').length)
    await tx.attestation.update({
      where: { id: row.id },
      data: { riskTier: risk.tier, riskReasons: { score: risk.score, modelVersion: risk.modelVersion, reasons: risk.reasons, reviewReasons: review.reasons } },
    })
    if (risk.tier !== row.riskTier) changed.push(row.id)
  }
  if (changed.length > 0) {
    await recordAuditEvent(tx, { action: 'attestation.risk_recomputed', actorUserId, organizationId, targetType: 'Contract', targetId: contractId, data: { attestationIds: changed } })
  }
  return changed
}

/** The risk a contract's facts carry on their own (shown on the contract page before any attestation). */
export async function contractRisk(contractId: string) {
  const contract = await db().contract.findUnique({ where: { id: contractId }, select: { ...contractFactsSelect, primeVendor: { select: { industries: true } } } })
  if (!contract) return null
  const [subcontractDepth, policy, coverage, goodsMatches] = await Promise.all([
    db().subcontract.aggregate({ where: { contractId }, _max: { tier: true } }),
    db().agencyPolicy.findUnique({ where: { agencyId: contract.agencyId }, select: { trainingCoverageTargetPercent: true } }),
    contractCoverage(contractId, new Date()),
    goodsMatchesFor(db(), [contractId]),
  ])
  return computeRiskTier({
    contracts: [riskContractFacts(contract, goodsMatches)],
    organizationIndustries: contract.primeVendor?.industries ?? [],
    subcontractDepth: subcontractDepth._max.tier ?? 0,
    trainingCoveragePercent: coverage?.total.percentCurrent ?? null,
    trainingCoverageTarget: policy?.trainingCoverageTargetPercent ?? 90,
  })
}
