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

/** The stored facts behind a status answer; the state is derived from them at request time. */
export type CertificateStatusRow = {
  number: string
  issuedAt: Date
  validFrom: Date
  validUntil: Date
  status: 'valid' | 'revoked' | 'superseded'
  revokedAt: Date | null
  revocationReason: string | null
  vendorLegalName: string
  vendorUei: string | null
  agencyLegalName: string | null
  supersededBy: string | null
  contractNumbers: string[]
}

/**
 * The public status of the certificate with this number (typed leniently: any case, spaces or
 * dashes), or null when the number is malformed (wrong shape or check character) or unknown.
 */
export async function findCertificateStatus(numberInput: string, now: Date = new Date()): Promise<CertificateStatusView | null> {
  const number = canonicalCertificateNumber(numberInput)
  if (number === null) return null
  const row = await readCertificateStatusRow(number)
  return row && certificateStatusView(row, now)
}

/** The number in its printed form, or null when it is malformed (wrong shape or check character). */
export function canonicalCertificateNumber(numberInput: string): string | null {
  const number = normalizeCertificateNumber(numberInput)
  return number === null || !isValidCertificateNumber(number) ? null : number
}

/**
 * The stored facts of the certificate with this (canonical) number, or null when there is none.
 * One statement, one round trip: this is what the public API and the /verify page serve under
 * load (bench/verification.bench.ts).
 */
export async function readCertificateStatusRow(number: string): Promise<CertificateStatusRow | null> {
  // The scope's contract ids (strings in a JSON array; anything malformed counts as none) name
  // the contracts whose current numbers are shown.
  const [certificate] = await db().$queryRaw<CertificateStatusRow[]>`
    SELECT c.number, c."issuedAt", c."validFrom", c."validUntil", c.status::text AS status,
           c."revokedAt", c."revocationReason",
           vendor."legalName" AS "vendorLegalName", vendor.uei AS "vendorUei",
           agency."legalName" AS "agencyLegalName", successor.number AS "supersededBy",
           ARRAY(
             SELECT contract.number FROM "Contract" contract
             WHERE contract.id IN (
               SELECT jsonb_array_elements_text(
                 CASE WHEN jsonb_typeof(c.scope -> 'contractIds') = 'array' THEN c.scope -> 'contractIds' ELSE '[]'::jsonb END
               )
             )
             ORDER BY contract.number
           ) AS "contractNumbers"
    FROM "Certificate" c
    JOIN "Organization" vendor ON vendor.id = c."organizationId"
    LEFT JOIN "Organization" agency ON agency.id = c."agencyId"
    LEFT JOIN "Certificate" successor ON successor.id = c."supersededById"
    WHERE c.number = ${number}`
  return certificate ?? null
}

/** The state at `now`: "expired" is derived from validUntil for a row still stored as valid. */
export function certificateStateAt(certificate: CertificateStatusRow, now: Date): CertificateState {
  return certificate.status === 'valid' ? (certificate.validUntil.getTime() < now.getTime() ? 'expired' : 'valid') : certificate.status
}

export function certificateStatusView(certificate: CertificateStatusRow, now: Date): CertificateStatusView {
  const state = certificateStateAt(certificate, now)

  return {
    number: certificate.number,
    state,
    vendor: { legalName: certificate.vendorLegalName, uei: certificate.vendorUei },
    agency: certificate.agencyLegalName === null ? null : { legalName: certificate.agencyLegalName },
    scope: { contractNumbers: certificate.contractNumbers },
    issuedAt: certificate.issuedAt,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    revokedAt: certificate.revokedAt,
    revocationReason: certificate.revocationReason,
    supersededBy: certificate.supersededBy,
  }
}
