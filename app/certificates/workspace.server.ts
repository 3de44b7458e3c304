import { db } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { OrganizationKind } from '~/generated/prisma/enums'
import { displayedCertificateState } from './certificates.server'
import { AGENCY_CERTIFICATES_PAGE_SIZE, type AgencyCertificateFilters } from './filters'
import { scopeContractNumbers } from './issue.server'
import { normalizeCertificateNumber } from './number'

// Certificates seen from a workspace (product.md §6, §9): the vendor that holds a certificate and
// the agency it was issued for both see it, its history and its PDF; nobody else does. Tenancy is
// the `where` below: a certificate outside it is the same "not found" as a number never issued.

type Workspace = { id: string; kind: OrganizationKind }

/** The certificates a workspace may see: its own (vendor) or those issued for it (agency); none for anyone else. */
function visibleTo(workspace: Workspace): Prisma.CertificateWhereInput | null {
  if (workspace.kind === 'vendor') return { organizationId: workspace.id }
  if (workspace.kind === 'agency') return { agencyId: workspace.id }
  return null
}

function whereState(state: AgencyCertificateFilters['state'], now: Date): Prisma.CertificateWhereInput {
  switch (state) {
    case 'valid':
      return { status: 'valid', validUntil: { gt: now } }
    case 'expired':
      return { status: 'valid', validUntil: { lte: now } }
    case 'revoked':
      return { status: 'revoked' }
    case 'superseded':
      return { status: 'superseded' }
    default:
      return {}
  }
}

function whereSearch(q: string | undefined): Prisma.CertificateWhereInput {
  if (!q) return {}
  const number = normalizeCertificateNumber(q)
  return {
    OR: [
      { organization: { legalName: { contains: q, mode: 'insensitive' } } },
      { organization: { dbaName: { contains: q, mode: 'insensitive' } } },
      { organization: { uei: { contains: q.toUpperCase() } } },
      { number: { contains: q.toUpperCase() } },
      ...(number ? [{ number }] : []),
    ],
  }
}

export type AgencyCertificateRow = {
  id: string
  number: string
  state: ReturnType<typeof displayedCertificateState>
  vendor: { legalName: string; uei: string | null }
  issuedAt: Date
  validFrom: Date
  validUntil: Date
  contractNumbers: string[]
}

/** One page of the certificates issued for this agency, newest first, filtered by state and a search. */
export async function listAgencyCertificates(
  agencyId: string,
  filters: AgencyCertificateFilters,
  now: Date = new Date(),
): Promise<{ rows: AgencyCertificateRow[]; total: number; page: number; pageCount: number }> {
  const where: Prisma.CertificateWhereInput = { AND: [{ agencyId }, whereState(filters.state, now), whereSearch(filters.q)] }
  const total = await db().certificate.count({ where })
  const pageCount = Math.max(1, Math.ceil(total / AGENCY_CERTIFICATES_PAGE_SIZE))
  const page = Math.min(filters.page, pageCount)
  const rows = await db().certificate.findMany({
    where,
    orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }],
    skip: (page - 1) * AGENCY_CERTIFICATES_PAGE_SIZE,
    take: AGENCY_CERTIFICATES_PAGE_SIZE,
    select: {
      id: true,
      number: true,
      status: true,
      issuedAt: true,
      validFrom: true,
      validUntil: true,
      scope: true,
      organization: { select: { legalName: true, uei: true } },
    },
  })
  return {
    total,
    page,
    pageCount,
    rows: rows.map((row) => ({
      id: row.id,
      number: row.number,
      state: displayedCertificateState(row.status, row.validUntil, now),
      vendor: row.organization,
      issuedAt: row.issuedAt,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      contractNumbers: scopeContractNumbers(row.scope),
    })),
  }
}

/** The certificate with this number as the workspace may see it, with its history; null otherwise. */
export async function findWorkspaceCertificate(workspace: Workspace, numberInput: string, now: Date = new Date()) {
  const scope = visibleTo(workspace)
  const number = normalizeCertificateNumber(numberInput)
  if (!scope || number === null) return null
  const certificate = await db().certificate.findFirst({
    where: { AND: [scope, { number }] },
    select: {
      id: true,
      number: true,
      status: true,
      scope: true,
      issuedAt: true,
      validFrom: true,
      validUntil: true,
      revokedAt: true,
      revocationReason: true,
      pdfStorageKey: true,
      attestationId: true,
      revokedBy: { select: { name: true } },
      organization: { select: { id: true, legalName: true, uei: true } },
      agency: { select: { id: true, legalName: true } },
      supersedes: { select: { number: true, issuedAt: true } },
      supersededBy: { select: { number: true, issuedAt: true } },
    },
  })
  if (!certificate) return null
  return {
    id: certificate.id,
    number: certificate.number,
    state: displayedCertificateState(certificate.status, certificate.validUntil, now),
    revoked: certificate.status === 'revoked',
    vendor: certificate.organization,
    agency: certificate.agency,
    contractNumbers: scopeContractNumbers(certificate.scope),
    issuedAt: certificate.issuedAt,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    revokedAt: certificate.revokedAt,
    revocationReason: certificate.revocationReason,
    // The reviewer's name is the agency's internal record; the vendor is told the agency decided.
    revokedBy: workspace.kind === 'agency' ? (certificate.revokedBy?.name ?? null) : null,
    hasPdf: certificate.pdfStorageKey !== null,
    // The declaration page exists for the vendor only (the agency reads it through its review pages).
    attestationId: workspace.kind === 'vendor' ? certificate.attestationId : null,
    supersedes: certificate.supersedes,
    supersededBy: certificate.supersededBy,
  }
}

export type WorkspaceCertificate = NonNullable<Awaited<ReturnType<typeof findWorkspaceCertificate>>>

/** The stored PDF of a certificate the workspace may see. */
export function findWorkspaceCertificatePdf(workspace: Workspace, numberInput: string) {
  const scope = visibleTo(workspace)
  const number = normalizeCertificateNumber(numberInput)
  if (!scope || number === null) return Promise.resolve(null)
  return db().certificate.findFirst({
    where: { AND: [scope, { number }, { pdfStorageKey: { not: null } }] },
    select: { id: true, number: true, pdfStorageKey: true, pdfSha256: true },
  })
}
