// Public certificate status (product.md §6 "Verification without login"): what anyone holding a
// certificate number may learn about it. "expired" is never stored; it is derived here from
// validUntil for a row whose stored status is still "valid".
import { db } from '~/db/db.server'
import { isValidCertificateNumber, normalizeCertificateNumber } from './number'

export type CertificateState = 'valid' | 'expired' | 'revoked' | 'superseded'

export type CertificateStatusView = {
  number: string
  state: CertificateState
  vendor: { legalName: string; uei: string | null }
  agency: { legalName: string } | null
  scope: { contractNumbers: string[] }
  issuedAt: Date
  validFrom: Date
  validUntil: Date
  revokedAt: Date | null
  revocationReason: string | null
  /** The number of the certificate that replaced this one. */
  supersededBy: string | null
}

function contractIdsOf(scope: unknown): string[] {
  if (typeof scope !== 'object' || scope === null || !('contractIds' in scope)) return []
  const ids = scope.contractIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

/**
 * The public status of the certificate with this number (typed leniently: any case, spaces or
 * dashes), or null when the number is malformed (wrong shape or check character) or unknown.
 */
export async function findCertificateStatus(numberInput: string, now: Date = new Date()): Promise<CertificateStatusView | null> {
  const number = normalizeCertificateNumber(numberInput)
  if (number === null || !isValidCertificateNumber(number)) return null
  const certificate = await db().certificate.findUnique({
    where: { number },
    select: {
      number: true,
      scope: true,
      issuedAt: true,
      validFrom: true,
      validUntil: true,
      status: true,
      revokedAt: true,
      revocationReason: true,
      organization: { select: { legalName: true, uei: true } },
      agency: { select: { legalName: true } },
      supersededBy: { select: { number: true } },
    },
  })
  if (!certificate) return null

  const contractIds = contractIdsOf(certificate.scope)
  const contracts =
    contractIds.length === 0
      ? []
      : await db().contract.findMany({ where: { id: { in: contractIds } }, select: { number: true }, orderBy: { number: 'asc' } })

  const state: CertificateState =
    certificate.status === 'valid' ? (certificate.validUntil.getTime() < now.getTime() ? 'expired' : 'valid') : certificate.status

  return {
    number: certificate.number,
    state,
    vendor: { legalName: certificate.organization.legalName, uei: certificate.organization.uei },
    agency: certificate.agency ? { legalName: certificate.agency.legalName } : null,
    scope: { contractNumbers: contracts.map((c) => c.number) },
    issuedAt: certificate.issuedAt,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    revokedAt: certificate.revokedAt,
    revocationReason: certificate.revocationReason,
    supersededBy: certificate.supersededBy?.number ?? null,
  }
}
