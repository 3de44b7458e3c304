import { z } from 'zod'
import { ISSUING_TRANSACTION } from '~/certificates/issue.server'
import { loadAttestation, markAttestationApproved, type AttestationContext } from '~/attestations/attestations.server'
import type { Answers, ReviewReason } from '~/attestations/answers'
import { itemApplies } from '~/attestations/applicability'
import {
  isAnswerable,
  itemsOf,
  PLAN_ELEMENTS,
  REVIEW_CODES,
  type LocalizedText,
  type TemplateItem,
} from '~/attestations/template'
import { recordAuditEvent } from '~/audit/audit.server'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership, type OrganizationAccess } from '~/auth/permissions.server'
import { db, type Database } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { AttestationStatus, DocumentKind, RiskTier } from '~/generated/prisma/enums'
import { forbidden, notFound } from '~/http/responses.server'
import { RiskAssessmentSchema, type RiskReason } from '~/risk/risk'
import { ANSWERS_AT_REVIEW_KEY, answersAtReview, canonicalAnswers, changedItemIds, reviewItemComments } from './changes'
import type { ReviewMessageKey } from './messages'
import { commentFieldName, MAX_REVIEW_TEXT_LENGTH, type ReviewDecision } from './schemas'

// The agency's review of submitted attestations (product.md §4, §5, §9): the queue, one
// attestation with everything a reviewer weighs, and the decision (approve, request changes with
// per-item comments, reject). Tenancy: an agency sees an attestation only while it covers one of
// the agency's contracts, and only the vendor's documents and history that concern those contracts.

type Client = Prisma.TransactionClient | ReturnType<typeof db>
type Context = NonNullable<AttestationContext>

/**
 * The agency pages' gate: a member of `organizationId` (else 404, requireMembership), which must
 * be an agency (a vendor's URL gives 404, like any page that does not exist for it), with the
 * 'review:attestation' permission (else 403).
 */
export async function requireReviewer(
  request: Request,
  organizationId: string | undefined,
): Promise<OrganizationAccess> {
  const access = await requireMembership(request, organizationId, 'read:organization')
  if (access.organization.kind !== 'agency') notFound()
  if (!roleHasPermission(access.membership.role, 'review:attestation')) forbidden()
  return access
}

// ───────────────────────────── stored risk ─────────────────────────────

const ReviewReasonSchema = z.object({
  itemId: z.string(),
  code: z.enum(REVIEW_CODES),
  planElement: z.enum(PLAN_ELEMENTS).optional(),
})

// Attestation.riskReasons as submitAttestation writes it: { score, modelVersion, reasons, reviewReasons }
// (the tier itself is the riskTier column).
const StoredRiskSchema = RiskAssessmentSchema.omit({ tier: true }).extend({
  reviewReasons: z.array(ReviewReasonSchema).default([]),
})

export type StoredRisk = { score: number; modelVersion: string; reasons: RiskReason[]; reviewReasons: ReviewReason[] }

/** Attestation.riskReasons read back; null when absent or not in the expected shape. */
export function parseStoredRisk(json: unknown): StoredRisk | null {
  const parsed = StoredRiskSchema.safeParse(json)
  return parsed.success ? parsed.data : null
}

// ───────────────────────────── the queue ─────────────────────────────

export type ReviewQueueFilters = { tier?: RiskTier; vendor?: string; sort: 'oldest' }

export type ReviewQueueEntry = {
  id: string
  submittedAt: Date | null
  vendor: { id: string; legalName: string; uei: string | null }
  contractNumbers: string[]
  riskTier: RiskTier | null
  reviewReasonCount: number
  /** A revision of an earlier attestation, or a resubmission after "changes requested". */
  revises: boolean
}

/**
 * Attestations awaiting this agency's decision: status `submitted`, covering at least one of its
 * contracts; oldest submission first, so nobody waits behind newer arrivals.
 */
export async function listReviewQueue(agencyId: string, filters: ReviewQueueFilters): Promise<ReviewQueueEntry[]> {
  const vendor = filters.vendor?.trim()
  const rows = await db().attestation.findMany({
    where: {
      status: 'submitted',
      contracts: { some: { contract: { agencyId } } },
      ...(filters.tier ? { riskTier: filters.tier } : {}),
      ...(vendor
        ? {
            organization: {
              OR: [
                { legalName: { contains: vendor, mode: 'insensitive' } },
                { dbaName: { contains: vendor, mode: 'insensitive' } },
                { uei: { contains: vendor.toUpperCase() } },
              ],
            },
          }
        : {}),
    },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      submittedAt: true,
      riskTier: true,
      riskReasons: true,
      supersedesId: true,
      organization: { select: { id: true, legalName: true, uei: true } },
      // Only this agency's contracts: an attestation is made to one agency, but never show more.
      contracts: { where: { contract: { agencyId } }, select: { contract: { select: { number: true } } } },
      reviews: { where: { decision: 'changes_requested' }, select: { id: true }, take: 1 },
    },
  })
  return rows.map((row) => ({
    id: row.id,
    submittedAt: row.submittedAt,
    vendor: row.organization,
    contractNumbers: row.contracts.map((link) => link.contract.number).sort(),
    riskTier: row.riskTier,
    reviewReasonCount: parseStoredRisk(row.riskReasons)?.reviewReasons.length ?? 0,
    revises: row.supersedesId !== null || row.reviews.length > 0,
  }))
}

/** The latest decision on an attestation this agency may see, for the notice after deciding. */
export async function latestDecision(
  agencyId: string,
  attestationId: string,
): Promise<{ decision: ReviewDecision; vendor: string } | null> {
  const review = await db().attestationReview.findFirst({
    where: { attestationId, attestation: { contracts: { some: { contract: { agencyId } } } } },
    orderBy: { createdAt: 'desc' },
    select: { decision: true, attestation: { select: { organization: { select: { legalName: true } } } } },
  })
  return review ? { decision: review.decision, vendor: review.attestation.organization.legalName } : null
}

// ───────────────────────────── the decision ─────────────────────────────

export type ReviewFailure = {
  ok: false
  status: 400 | 404 | 409
  formError: ReviewMessageKey | 'errors.notFound.title' | 'errors.summary'
  fieldErrors?: Record<string, string>
}

export type DecideReviewInput = {
  agencyId: string
  attestationId: string
  reviewerId: string
  decision: ReviewDecision
  reason?: string
  itemComments?: Record<string, string>
}

export type DecidedReview = {
  ok: true
  reviewId: string
  decision: ReviewDecision
  attestationId: string
  /** The vendor organization that made the attestation. */
  organizationId: string
}

/**
 * Record an agency decision on a submitted attestation, in one transaction: lock the row, check
 * it covers one of the agency's contracts (else 404) and is still `submitted` (else 409: of two
 * reviewers deciding at once, exactly one wins; the other learns it is no longer in review),
 * validate, store an AttestationReview, set the status (approval through markAttestationApproved,
 * the hook a certificate builds on) and audit it.
 *
 * Rules: a rejection needs a reason (the vendor is told why); "changes requested" needs a reason
 * or at least one item comment; comments only on items of the template that apply; texts up to
 * 2,000 characters.
 */
export async function decideReview(
  input: DecideReviewInput,
  now: Date = new Date(),
  client: Database = db(),
): Promise<DecidedReview | ReviewFailure> {
  const reason = input.reason?.trim() || undefined
  const comments: Record<string, string> = {}
  for (const [itemId, comment] of Object.entries(input.itemComments ?? {})) {
    const text = comment.trim()
    if (text !== '') comments[itemId] = text
  }

  return client.$transaction(async (tx): Promise<DecidedReview | ReviewFailure> => {
    const locked = await tx.$queryRaw<
      {
        status: AttestationStatus
        organizationId: string
        canonicalContent: string | null
        contentSha256: string | null
      }[]
    >`
      SELECT a.status::text AS status, a."organizationId" AS "organizationId", a."canonicalContent" AS "canonicalContent",
             a."contentSha256" AS "contentSha256"
      FROM "Attestation" a
      WHERE a.id = ${input.attestationId}
        AND EXISTS (
          SELECT 1 FROM "AttestationContract" ac JOIN "Contract" c ON c.id = ac."contractId"
          WHERE ac."attestationId" = a.id AND c."agencyId" = ${input.agencyId})
      FOR UPDATE OF a`
    const row = locked[0]
    if (!row) return { ok: false, status: 404, formError: 'errors.notFound.title' }
    if (row.status !== 'submitted') return { ok: false, status: 409, formError: 'review.errors.noLongerInReview' }

    // Which questions exist and apply, read under the lock, only when there are comments to check.
    const context =
      Object.keys(comments).length > 0
        ? await loadAttestation(input.attestationId, { agencyId: input.agencyId }, tx)
        : null
    const invalid = validateDecision(input, reason, comments, context)
    if (invalid) return invalid

    const data = { reviewedAt: now, reviewedById: input.reviewerId, reviewComment: reason ?? null }
    if (input.decision === 'approved') {
      // The row is locked and `submitted`, so this succeeds; false would mean another path changed it.
      const approved = await markAttestationApproved(tx, {
        attestationId: input.attestationId,
        at: now,
        reviewerId: input.reviewerId,
      })
      if (!approved) return { ok: false, status: 409, formError: 'review.errors.noLongerInReview' }
      await tx.attestation.update({ where: { id: input.attestationId }, data })
    } else {
      await tx.attestation.update({ where: { id: input.attestationId }, data: { ...data, status: input.decision } })
    }

    const review = await tx.attestationReview.create({
      data: {
        attestationId: input.attestationId,
        reviewerId: input.reviewerId,
        decision: input.decision,
        reason: reason ?? null,
        itemComments: comments,
        createdAt: now,
      },
      select: { id: true },
    })

    // The vendor edits this same row after "changes requested" and resubmits it, which overwrites
    // canonicalContent: the event keeps the answers as reviewed, so the next reviewer sees what
    // changed (changes.ts), and every decision names the hash of the content it was made on.
    const reviewed: Answers | null =
      input.decision === 'changes_requested' ? canonicalAnswers(row.canonicalContent) : null
    await recordAuditEvent(tx, {
      action: `attestation.${input.decision}`,
      actorUserId: input.reviewerId,
      organizationId: row.organizationId,
      targetType: 'Attestation',
      targetId: input.attestationId,
      data: {
        agencyId: input.agencyId,
        reviewId: review.id,
        contentSha256: row.contentSha256,
        reason: reason ?? null,
        commentedItems: Object.keys(comments),
        ...(reviewed ? { [ANSWERS_AT_REVIEW_KEY]: reviewed } : {}),
      },
    })
    return {
      ok: true,
      reviewId: review.id,
      decision: input.decision,
      attestationId: input.attestationId,
      organizationId: row.organizationId,
    }
  }, ISSUING_TRANSACTION)
}

function validateDecision(
  input: DecideReviewInput,
  reason: string | undefined,
  comments: Record<string, string>,
  context: Context | null,
): ReviewFailure | null {
  const fieldErrors: Record<string, string> = {}
  if (reason && reason.length > MAX_REVIEW_TEXT_LENGTH) fieldErrors.reason = 'errors.tooLong'
  if (input.decision === 'rejected' && !reason) fieldErrors.reason = 'review.errors.reasonRequired'
  for (const [itemId, comment] of Object.entries(comments)) {
    if (comment.length > MAX_REVIEW_TEXT_LENGTH) fieldErrors[commentFieldName(itemId)] = 'errors.tooLong'
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, status: 400, formError: 'errors.summary', fieldErrors }
  if (input.decision === 'changes_requested' && !reason && Object.keys(comments).length === 0) {
    return { ok: false, status: 400, formError: 'review.errors.changesNeedComment' }
  }
  if (Object.keys(comments).length > 0) {
    if (!context) return { ok: false, status: 404, formError: 'errors.notFound.title' }
    const known = new Set(itemsOf(context.template).map((item) => item.id))
    if (Object.keys(comments).some((itemId) => !known.has(itemId) || !itemApplies(context.applicability, itemId))) {
      return { ok: false, status: 400, formError: 'review.errors.unknownItem' }
    }
  }
  return null
}

// ───────────────────────────── what changed since the previous submission ─────────────────────────────

export type ChangesSincePrevious = {
  /** What the answers are compared with. */
  basis: 'changes_requested' | 'superseded'
  /** When the previous answers were reviewed (or the superseded attestation submitted). */
  previousAt: Date | null
  /** Items whose answer or explanation changed, in template order. */
  itemIds: string[]
}

/**
 * For a resubmission, the items whose answer or explanation changed since the previous
 * submission; null for a first submission. After "changes requested" the previous answers are
 * those kept in the latest such decision's audit event; for a revision, the superseded
 * attestation's signed content (see changes.ts). The in-place one, being the more recent, wins.
 */
export async function changesSincePrevious(
  context: Context,
  client: Client = db(),
): Promise<ChangesSincePrevious | null> {
  const row = await client.attestation.findUnique({
    where: { id: context.attestation.id },
    select: { canonicalContent: true, supersedes: { select: { canonicalContent: true, submittedAt: true } } },
  })
  const current = canonicalAnswers(row?.canonicalContent) ?? context.answers
  const compare = (previous: Answers) => changedItemIds(context.template, context.applicability, previous, current)

  // The latest "changes requested" on this row holds the answers as last reviewed.
  const changeRequest = await client.auditEvent.findFirst({
    where: { action: 'attestation.changes_requested', targetType: 'Attestation', targetId: context.attestation.id },
    orderBy: { sequence: 'desc' },
    select: { occurredAt: true, data: true },
  })
  const reviewed = changeRequest ? answersAtReview(changeRequest.data) : null
  if (changeRequest && reviewed)
    return { basis: 'changes_requested', previousAt: changeRequest.occurredAt, itemIds: compare(reviewed) }
  const previous = canonicalAnswers(row?.supersedes?.canonicalContent)
  if (previous)
    return { basis: 'superseded', previousAt: row?.supersedes?.submittedAt ?? null, itemIds: compare(previous) }
  return null
}

// ───────────────────────────── documents a reviewer may open ─────────────────────────────

/** product.md §4, §9: what a reviewer weighs next to the answers. Training material and "other" stay private. */
export const REVIEWABLE_DOCUMENT_KINDS = [
  'compliance_plan',
  'policy',
  'evidence',
] as const satisfies readonly DocumentKind[]
export type ReviewableDocumentKind = (typeof REVIEWABLE_DOCUMENT_KINDS)[number]

/**
 * The vendor's documents a reviewer of this attestation may read: of the attesting organization,
 * of a reviewable kind, and linked to the attestation, to one of its contracts with this agency,
 * or organization-wide (no contract and no other attestation). A document tied to another
 * agency's contract, or to another attestation, stays with the vendor.
 */
function reviewerDocumentsWhere(scope: {
  organizationId: string
  attestationId: string
  contractIds: string[]
}): Prisma.DocumentWhereInput {
  return {
    organizationId: scope.organizationId,
    kind: { in: [...REVIEWABLE_DOCUMENT_KINDS] },
    OR: [
      { attestationId: scope.attestationId },
      { contractId: { in: scope.contractIds } },
      { contractId: null, attestationId: null },
    ],
  }
}

/** The attestation as this agency sees it (null outside its tenancy), with its contracts of this agency. */
async function reviewScope(agencyId: string, attestationId: string, client: Client = db()) {
  const attestation = await client.attestation.findFirst({
    where: { id: attestationId, contracts: { some: { contract: { agencyId } } } },
    select: {
      id: true,
      organizationId: true,
      contracts: { where: { contract: { agencyId } }, select: { contractId: true } },
    },
  })
  if (!attestation) return null
  return {
    attestationId: attestation.id,
    organizationId: attestation.organizationId,
    contractIds: attestation.contracts.map((c) => c.contractId),
  }
}

/** Whether this agency may see the attestation at all (it covers one of the agency's contracts). */
export async function isInReviewScope(agencyId: string, attestationId: string): Promise<boolean> {
  return (await reviewScope(agencyId, attestationId)) !== null
}

/** One document for the reviewer's download route; null when the agency may not read it. */
export async function findReviewDocument({
  agencyId,
  attestationId,
  documentId,
}: {
  agencyId: string
  attestationId: string
  documentId: string
}) {
  const scope = await reviewScope(agencyId, attestationId)
  if (!scope) return null
  return db().document.findFirst({
    where: { id: documentId, ...reviewerDocumentsWhere(scope) },
    select: { id: true, storageKey: true, mediaType: true, sizeBytes: true, originalFileName: true, sha256: true },
  })
}

export type ReviewDocument = {
  id: string
  kind: ReviewableDocumentKind
  originalFileName: string
  mediaType: string
  version: number
  createdAt: Date
  scope: { kind: 'attestation' } | { kind: 'contract'; number: string } | { kind: 'organization' }
  planElements: string[]
}

function isReviewableKind(kind: DocumentKind): kind is ReviewableDocumentKind {
  return (REVIEWABLE_DOCUMENT_KINDS as readonly DocumentKind[]).includes(kind)
}

function planElementsOf(json: unknown): string[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((entry: unknown) => {
    if (!entry || typeof entry !== 'object') return []
    const element: unknown = Reflect.get(entry, 'element')
    return typeof element === 'string' ? [element] : []
  })
}

/** The latest version of each document series the reviewer may read. */
async function listReviewDocuments(
  scope: { organizationId: string; attestationId: string; contractIds: string[] },
  client: Client,
): Promise<ReviewDocument[]> {
  const rows = await client.document.findMany({
    where: reviewerDocumentsWhere(scope),
    orderBy: [{ kind: 'asc' }, { createdAt: 'desc' }, { version: 'desc' }],
    select: {
      id: true,
      kind: true,
      seriesId: true,
      version: true,
      originalFileName: true,
      mediaType: true,
      createdAt: true,
      attestationId: true,
      planElements: true,
      contract: { select: { number: true } },
    },
  })
  const latest = new Map<string, (typeof rows)[number]>()
  for (const row of rows) {
    const kept = latest.get(row.seriesId)
    if (!kept || row.version > kept.version) latest.set(row.seriesId, row)
  }
  return [...latest.values()].flatMap((row) => {
    if (!isReviewableKind(row.kind)) return []
    const scopeOf: ReviewDocument['scope'] =
      row.attestationId === scope.attestationId
        ? { kind: 'attestation' }
        : row.contract
          ? { kind: 'contract', number: row.contract.number }
          : { kind: 'organization' }
    return [
      {
        id: row.id,
        kind: row.kind,
        originalFileName: row.originalFileName,
        mediaType: row.mediaType,
        version: row.version,
        createdAt: row.createdAt,
        scope: scopeOf,
        planElements: planElementsOf(row.planElements),
      },
    ]
  })
}

// ───────────────────────────── the review page ─────────────────────────────

export type ReviewedAnswer =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'choice'; label: LocalizedText; negative: boolean }
  | { kind: 'text'; text: string }
  | { kind: 'acknowledged' }
  | { kind: 'none' }

export type ReviewItem = {
  id: string
  text: LocalizedText
  rule: string
  answer: ReviewedAnswer
  explanation: string | null
  changed: boolean
  triggeredReview: ReviewReason | null
  /** The reviewer's comment on this item at the latest "changes requested", if any. */
  previousComment: { text: string; at: Date } | null
}

function describeAnswer(item: TemplateItem, value: string | boolean | undefined): ReviewedAnswer {
  if (value === undefined || value === '') return { kind: 'none' }
  switch (item.answer.type) {
    case 'yes_no':
      return value === 'yes' || value === true ? { kind: 'yes' } : { kind: 'no' }
    case 'choice': {
      const option = item.answer.options.find((candidate) => candidate.value === value)
      return option
        ? { kind: 'choice', label: option.label, negative: option.negative === true }
        : { kind: 'text', text: String(value) }
    }
    case 'acknowledgement':
      return value === true || value === 'on' || value === 'true' ? { kind: 'acknowledged' } : { kind: 'none' }
    default:
      return { kind: 'text', text: String(value) }
  }
}

type HistoryDecision = {
  id: string
  decision: ReviewDecision
  reason: string | null
  commentCount: number
  createdAt: Date
  reviewerName: string
}

function historyDecision(review: {
  id: string
  decision: ReviewDecision
  reason: string | null
  itemComments: unknown
  createdAt: Date
  reviewer: { name: string }
}): HistoryDecision {
  return {
    id: review.id,
    decision: review.decision,
    reason: review.reason,
    commentCount: Object.keys(reviewItemComments(review.itemComments)).length,
    createdAt: review.createdAt,
    reviewerName: review.reviewer.name,
  }
}

/**
 * Everything the review page shows, for an attestation this agency may see that was submitted at
 * least once (a vendor's draft is its own business: null, like one outside the agency's tenancy).
 */
export async function loadReviewPage(agencyId: string, attestationId: string) {
  const context = await loadAttestation(attestationId, { agencyId })
  if (!context || !context.attestation.submittedAt) return null
  const { attestation, template, applicability } = context
  const scope = {
    organizationId: attestation.organization.id,
    attestationId: attestation.id,
    contractIds: context.contracts.filter((c) => c.agencyId === agencyId).map((c) => c.id),
  }

  const [row, changes, documents, history] = await Promise.all([
    db().attestation.findUniqueOrThrow({ where: { id: attestation.id }, select: { canonicalContent: true } }),
    changesSincePrevious(context),
    listReviewDocuments(scope, db()),
    db().attestation.findMany({
      // Earlier submissions for this agency's contracts only: what the vendor told other agencies is not ours to read.
      where: {
        organizationId: scope.organizationId,
        id: { not: attestation.id },
        submittedAt: { not: null },
        contracts: { some: { contract: { agencyId } } },
      },
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      select: {
        id: true,
        status: true,
        submittedAt: true,
        riskTier: true,
        template: { select: { version: true } },
        contracts: { where: { contract: { agencyId } }, select: { contract: { select: { number: true } } } },
        reviews: {
          orderBy: { createdAt: 'desc' },
          select: {
            id: true,
            decision: true,
            reason: true,
            itemComments: true,
            createdAt: true,
            reviewer: { select: { name: true } },
          },
        },
      },
    }),
  ])

  const risk = parseStoredRisk(attestation.riskReasons)
  const reviewReasons = risk?.reviewReasons ?? []
  // What the official signed; the live answers only if the frozen copy is unreadable.
  const answers = canonicalAnswers(row.canonicalContent) ?? context.answers
  const changed = new Set(changes?.itemIds ?? [])
  const latestChangeRequest = attestation.reviews.find((review) => review.decision === 'changes_requested')
  const earlierComments = latestChangeRequest ? reviewItemComments(latestChangeRequest.itemComments) : {}
  const earlierComment = (itemId: string) => {
    const text = earlierComments[itemId]
    return latestChangeRequest && text ? { text, at: latestChangeRequest.createdAt } : null
  }

  const sections = template.sections
    .map((section) => ({
      id: section.id,
      title: section.title,
      items: section.items
        .filter((item) => isAnswerable(item) && itemApplies(applicability, item.id))
        .map((item): ReviewItem => ({
          id: item.id,
          text: item.text,
          rule: item.rule,
          answer: describeAnswer(item, answers[item.id]?.value),
          explanation: answers[item.id]?.explanation ?? null,
          changed: changed.has(item.id),
          triggeredReview: reviewReasons.find((reason) => reason.itemId === item.id) ?? null,
          previousComment: earlierComment(item.id),
        })),
    }))
    .filter((section) => section.items.length > 0)

  return {
    attestation: {
      id: attestation.id,
      status: attestation.status,
      submittedAt: attestation.submittedAt,
      signerName: attestation.signerName,
      signerTitle: attestation.signerTitle,
      signedAt: attestation.signedAt,
      contentSha256: attestation.contentSha256,
      riskTier: attestation.riskTier,
      templateVersion: attestation.template.version,
      templateTitle: template.title,
      supersedesId: attestation.supersedesId,
    },
    vendor: {
      id: attestation.organization.id,
      legalName: attestation.organization.legalName,
      uei: attestation.organization.uei,
    },
    contracts: context.contracts
      .filter((c) => c.agencyId === agencyId)
      .map((c) => ({ id: c.id, number: c.number, title: c.title })),
    risk: risk ? { score: risk.score, modelVersion: risk.modelVersion, reasons: risk.reasons } : null,
    reviewReasons,
    sections,
    changes: changes ? { basis: changes.basis, previousAt: changes.previousAt, count: changes.itemIds.length } : null,
    documents,
    decisions: attestation.reviews.map(historyDecision),
    history: history.map((earlier) => ({
      id: earlier.id,
      status: earlier.status,
      submittedAt: earlier.submittedAt,
      riskTier: earlier.riskTier,
      templateVersion: earlier.template.version,
      contractNumbers: earlier.contracts.map((link) => link.contract.number).sort(),
      decisions: earlier.reviews.map(historyDecision),
    })),
    canDecide: attestation.status === 'submitted',
  }
}

export type ReviewPage = NonNullable<Awaited<ReturnType<typeof loadReviewPage>>>
