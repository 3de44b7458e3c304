import { db } from '~/db/db.server'
import type { CertificateStatus } from '~/generated/prisma/enums'
import { scopeContractNumbers } from './issue.server'

// A vendor's own certificates (product.md §6): the list on its Certificates page and the stored
// PDF for its download. "expired" is derived from validUntil, never stored.

export type VendorCertificateState = CertificateStatus | 'expired'

/** The state shown to people: a stored "valid" past its validUntil is "expired". */
export function displayedCertificateState(status: CertificateStatus, validUntil: Date, now: Date = new Date()): VendorCertificateState {
  return status === 'valid' && validUntil.getTime() <= now.getTime() ? 'expired' : status
}

/** The organization's certificates, newest first. */
export async function listOrganizationCertificates(organizationId: string, now: Date = new Date()) {
  const rows = await db().certificate.findMany({
    where: { organizationId },
    orderBy: { issuedAt: 'desc' },
    select: {
      id: true,
      number: true,
      status: true,
      issuedAt: true,
      validFrom: true,
      validUntil: true,
      scope: true,
      pdfStorageKey: true,
      agency: { select: { legalName: true } },
    },
  })
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    state: displayedCertificateState(row.status, row.validUntil, now),
    issuedAt: row.issuedAt,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    contractNumbers: scopeContractNumbers(row.scope),
    agency: row.agency?.legalName ?? null,
    hasPdf: row.pdfStorageKey !== null,
  }))
}

/** The certificate with this number if it belongs to the organization and has a stored PDF. */
export function findCertificatePdf(organizationId: string, number: string) {
  return db().certificate.findFirst({
    where: { organizationId, number, pdfStorageKey: { not: null } },
    select: { id: true, number: true, pdfStorageKey: true, pdfSha256: true },
  })
}
