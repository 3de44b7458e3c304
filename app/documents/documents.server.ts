import { randomUUID } from 'node:crypto'
import { recordAuditEvent } from '~/audit/audit.server'
import { db } from '~/db/db.server'
import type { OrganizationKind } from '~/generated/prisma/enums'
import { PlanElementsSchema, type DocumentKind, type PlanElement } from './schemas'
import type { ReceivedFile, UploadErrorKey } from './upload.server'

// Documents and their versions (product.md §3 "Document"). Every version of one document shares a
// seriesId and gets the next version number; the file itself lives in storage under its random key.

/** Who is asking to read a document: what requireMembership returns is enough. */
export type DocumentReader = {
  organization: { id: string; kind: OrganizationKind }
  user: { id: string }
}

/**
 * The one place that decides who may open a document. Today: members of the organization that
 * uploaded it (the route has already checked the membership and 'read:organization'). Next: an
 * agency's reviewers, for documents attached to an attestation on one of that agency's contracts
 * (product.md §9) — extend this function, and every download path follows.
 */
export function canReadDocument(access: DocumentReader, document: { organizationId: string }): boolean {
  return access.organization.id === document.organizationId
}

// Key class for pg_advisory_xact_lock(int, int): the two-key form has its own key space, apart
// from the audit chain's single-key lock, and hashtext(seriesId) picks the series.
const SERIES_LOCK_CLASS = 0x646f6373 // "docs"

export type NewDocumentVersion = {
  organizationId: string
  uploadedById: string
  kind: DocumentKind
  /** A contract of which the organization is the prime vendor. A new version inherits its series' contract when absent. */
  contractId?: string
  /** The series to add a version to; absent: a new document (version 1). */
  seriesId?: string
  file: ReceivedFile
  /** Compliance plans only; ignored for other kinds. */
  planElements: PlanElement[]
}

export type CreatedDocumentVersion = { id: string; seriesId: string; version: number; originalFileName: string }

export type DocumentWriteError = { ok: false; field: 'contractId' | 'seriesId' | 'kind' | 'planElements'; error: UploadErrorKey }

/**
 * Record an uploaded file as a new document, or as the next version of `seriesId`, with an audit
 * event, in one transaction. Versions are numbered under a per-series lock, so two uploads to the
 * same series at the same moment get consecutive numbers instead of one failing on the unique key.
 * The caller deletes the stored file when this does not return ok (or throws).
 */
export async function createDocumentVersion(
  input: NewDocumentVersion,
): Promise<{ ok: true; document: CreatedDocumentVersion } | DocumentWriteError> {
  const planElements = input.kind === 'compliance_plan' ? PlanElementsSchema.safeParse(input.planElements) : null
  if (planElements && !planElements.success) return { ok: false, field: 'planElements', error: 'documents.errors.pages' }

  return db().$transaction(
    async (tx): Promise<{ ok: true; document: CreatedDocumentVersion } | DocumentWriteError> => {
      if (input.contractId) {
        const contract = await tx.contract.findFirst({
          where: { id: input.contractId, primeVendorId: input.organizationId },
          select: { id: true },
        })
        if (!contract) return { ok: false, field: 'contractId', error: 'documents.errors.contract' }
      }

      let seriesId: string = randomUUID()
      let version = 1
      let contractId = input.contractId ?? null
      if (input.seriesId) {
        seriesId = input.seriesId
        // Held to commit: the next upload to this series waits here and then sees this version.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SERIES_LOCK_CLASS}::int, hashtext(${seriesId}))`
        const latest = await tx.document.findFirst({
          where: { seriesId, organizationId: input.organizationId },
          orderBy: { version: 'desc' },
          select: { version: true, kind: true, contractId: true },
        })
        if (!latest) return { ok: false, field: 'seriesId', error: 'documents.errors.series' }
        if (latest.kind !== input.kind) return { ok: false, field: 'kind', error: 'documents.errors.kindMismatch' }
        version = latest.version + 1
        contractId = input.contractId ?? latest.contractId
      }

      const document = await tx.document.create({
        data: {
          organizationId: input.organizationId,
          contractId,
          kind: input.kind,
          seriesId,
          version,
          originalFileName: input.file.originalFileName,
          sizeBytes: input.file.sizeBytes,
          mediaType: input.file.mediaType,
          sha256: input.file.sha256,
          storageKey: input.file.storageKey,
          planElements: planElements?.data ?? [],
          uploadedById: input.uploadedById,
        },
        select: { id: true, seriesId: true, version: true, originalFileName: true },
      })
      await recordAuditEvent(tx, {
        action: 'document.uploaded',
        actorUserId: input.uploadedById,
        organizationId: input.organizationId,
        targetType: 'Document',
        targetId: document.id,
        data: {
          seriesId,
          version,
          kind: input.kind,
          contractId,
          originalFileName: input.file.originalFileName,
          sizeBytes: input.file.sizeBytes,
          mediaType: input.file.mediaType,
          sha256: input.file.sha256,
          planElements: planElements?.data ?? [],
        },
      })
      return { ok: true, document }
    },
    { isolationLevel: 'ReadCommitted' },
  )
}

/** Plan elements as stored (JSON); anything that does not validate reads as none. */
function storedPlanElements(value: unknown): PlanElement[] {
  const parsed = PlanElementsSchema.safeParse(value)
  return parsed.success ? parsed.data : []
}

export type DocumentSummary = {
  id: string
  seriesId: string
  kind: DocumentKind
  version: number
  versionCount: number
  originalFileName: string
  sizeBytes: number
  mediaType: string
  reviewStatus: 'pending' | 'accepted' | 'needs_changes'
  planElements: PlanElement[]
  createdAt: Date
  uploadedBy: string | null
  contract: { id: string; number: string; title: string } | null
}

/** The latest version of each of the organization's documents, newest first, with its version count. */
export async function listDocuments(organizationId: string): Promise<DocumentSummary[]> {
  const series = await db().document.groupBy({
    by: ['seriesId'],
    where: { organizationId },
    _max: { version: true },
    _count: { _all: true },
  })
  if (series.length === 0) return []
  const counts = new Map(series.map((s) => [s.seriesId, s._count._all]))
  const rows = await db().document.findMany({
    where: { organizationId, OR: series.map((s) => ({ seriesId: s.seriesId, version: s._max.version ?? 1 })) },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      seriesId: true,
      kind: true,
      version: true,
      originalFileName: true,
      sizeBytes: true,
      mediaType: true,
      reviewStatus: true,
      planElements: true,
      createdAt: true,
      uploadedBy: { select: { name: true } },
      contract: { select: { id: true, number: true, title: true } },
    },
  })
  return rows.map(({ uploadedBy, planElements, ...row }) => ({
    ...row,
    versionCount: counts.get(row.seriesId) ?? 1,
    planElements: storedPlanElements(planElements),
    uploadedBy: uploadedBy?.name ?? null,
  }))
}

/** The latest version of one of the organization's series, to upload the next one (null when not theirs). */
export async function getLatestInSeries(organizationId: string, seriesId: string) {
  const latest = await db().document.findFirst({
    where: { organizationId, seriesId },
    orderBy: { version: 'desc' },
    select: { seriesId: true, kind: true, version: true, originalFileName: true, contractId: true, planElements: true },
  })
  return latest ? { ...latest, planElements: storedPlanElements(latest.planElements) } : null
}

/** Contracts a vendor can attach its documents to: those where it is the prime contractor. */
export function listPrimeContracts(organizationId: string) {
  return db().contract.findMany({
    where: { primeVendorId: organizationId },
    orderBy: [{ startDate: 'desc' }, { number: 'asc' }],
    select: { id: true, number: true, title: true },
  })
}

/**
 * What the download route needs to stream a document, or null when it does not exist or `access`
 * may not read it (the same null for both: a document of another organization is not revealed).
 */
export async function getDocumentForDownload(documentId: string, access: DocumentReader) {
  const document = await db().document.findUnique({
    where: { id: documentId },
    select: { id: true, organizationId: true, storageKey: true, mediaType: true, originalFileName: true, sizeBytes: true, sha256: true },
  })
  if (!document || !canReadDocument(access, document)) return null
  return document
}

/**
 * Change which compliance-plan elements a version covers (e.g. a reviewer's page reference was
 * wrong), with an audit event. The file is not touched: its SHA-256 still describes it.
 */
export async function updatePlanElements(input: {
  documentId: string
  organizationId: string
  actorUserId: string
  planElements: PlanElement[]
}): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'not_a_plan' | 'invalid' }> {
  const parsed = PlanElementsSchema.safeParse(input.planElements)
  if (!parsed.success) return { ok: false, error: 'invalid' }
  return db().$transaction(
    async (tx): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'not_a_plan' }> => {
      const document = await tx.document.findFirst({
        where: { id: input.documentId, organizationId: input.organizationId },
        select: { id: true, kind: true, planElements: true },
      })
      if (!document) return { ok: false, error: 'not_found' }
      if (document.kind !== 'compliance_plan') return { ok: false, error: 'not_a_plan' }
      await tx.document.update({ where: { id: document.id }, data: { planElements: parsed.data } })
      await recordAuditEvent(tx, {
        action: 'document.plan_elements_updated',
        actorUserId: input.actorUserId,
        organizationId: input.organizationId,
        targetType: 'Document',
        targetId: document.id,
        data: { before: storedPlanElements(document.planElements), after: parsed.data },
      })
      return { ok: true }
    },
    { isolationLevel: 'ReadCommitted' },
  )
}
