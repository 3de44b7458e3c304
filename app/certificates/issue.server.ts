import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { recordAuditEvent } from '~/audit/audit.server'
import { appUrl } from '~/auth/auth.server'
import { getStorage, newStorageKey } from '~/documents/storage.server'
import type { Prisma } from '~/generated/prisma/client'
import { ensureActiveSigningKey } from './keys.server'
import { newCertificateNumber, verificationPath } from './number'
import type { Signer } from '@signpdf/signpdf'
import { addMonthsUtc } from '~/calendar'
import {
  CURRENT_TEMPLATE_VERSION,
  renderCertificatePdf,
  signPdf,
  type CertificateLanguage,
  type CertificatePdfData,
} from './pdf.server'

// Issuing a certificate when an attestation is approved (product.md §6): a new public number,
// validity from the agency's policy (12 months by default), a signed PDF kept in document
// storage, and the previous certificate for the same contracts superseded. Runs inside the
// approval transaction (markAttestationApproved), so the approval and the certificate commit
// together.
//
// Storage is not part of the database transaction. The PDF is written before the row is
// inserted; if anything after the write fails inside this function, the object is deleted again.
// If the caller's transaction rolls back later (after this function returned), the stored object
// stays behind unreferenced: no Certificate row points to its random key, so it is never served,
// and it is harmless garbage an operator may sweep.

export const CERTIFICATE_PORTAL_NAME = 'Trafficking-Free Vendor Portal'
export const DEFAULT_CERTIFICATE_VALIDITY_MONTHS = 12

/**
 * Options for a transaction that may issue a certificate (an approval): drawing and signing the
 * PDF happens inside it so both commit together, which on a busy machine can outlast Prisma's
 * default 5-second interactive-transaction timeout.
 */
export const ISSUING_TRANSACTION = { timeout: 30_000, maxWait: 10_000 } as const

/** A subcontractor's certificate also names its subcontract (FAR 52.222-50(h)(5), (i) flowdown). */
export type CertificateScope = { contractIds: string[]; contractNumbers: string[]; subcontractIds?: string[] }

export { addMonthsUtc }

/** The contract ids in a stored scope (anything malformed counts as none). */
export function scopeContractIds(scope: unknown): string[] {
  if (typeof scope !== 'object' || scope === null || !('contractIds' in scope)) return []
  const ids = scope.contractIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

/** The contract numbers in a stored scope (anything malformed counts as none). */
export function scopeContractNumbers(scope: unknown): string[] {
  if (typeof scope !== 'object' || scope === null || !('contractNumbers' in scope)) return []
  const numbers = scope.contractNumbers
  return Array.isArray(numbers) ? numbers.filter((n): n is string => typeof n === 'string') : []
}

const certificateSelect = {
  id: true,
  number: true,
  organizationId: true,
  agencyId: true,
  attestationId: true,
  scope: true,
  language: true,
  issuedAt: true,
  validFrom: true,
  validUntil: true,
  status: true,
  supersededById: true,
  pdfSha256: true,
  pdfStorageKey: true,
  signingKeyId: true,
} satisfies Prisma.CertificateSelect

export type IssuedCertificate = Prisma.CertificateGetPayload<{ select: typeof certificateSelect }>

/**
 * The certificate PDF, drawn with the current template and signed (issuing, and re-rendering by
 * an operator: the same data gives the same page).
 */
export async function drawSignedCertificate({
  signer,
  signingTime,
  ...data
}: Omit<CertificatePdfData, 'portalName' | 'templateVersion' | 'verifyUrl'> & { signer: Signer; signingTime: Date }): Promise<Buffer> {
  const unsigned = await renderCertificatePdf({
    ...data,
    portalName: CERTIFICATE_PORTAL_NAME,
    templateVersion: CURRENT_TEMPLATE_VERSION,
    verifyUrl: appUrl(verificationPath(data.number)),
  })
  return signPdf(
    unsigned,
    signer,
    {
      reason: `Certificate of compliance ${data.number}`,
      name: CERTIFICATE_PORTAL_NAME,
      location: new URL(appUrl('/')).host,
      contactInfo: appUrl(verificationPath(data.number)),
    },
    { signingTime },
  )
}

/**
 * The certificate for an approved attestation, issued once: when one exists for this attestation
 * it is returned unchanged.
 */
export async function issueCertificate(
  tx: Prisma.TransactionClient,
  { attestationId, at }: { attestationId: string; at: Date },
): Promise<IssuedCertificate> {
  const existing = await tx.certificate.findUnique({ where: { attestationId }, select: certificateSelect })
  if (existing) return existing

  const attestation = await tx.attestation.findUniqueOrThrow({
    where: { id: attestationId },
    select: {
      organizationId: true,
      subcontractId: true,
      organization: { select: { legalName: true, uei: true, preferredLanguage: true } },
      contracts: {
        select: { contract: { select: { id: true, number: true, title: true, agencyId: true, agency: { select: { legalName: true } } } } },
      },
    },
  })
  const contracts = attestation.contracts.map((link) => link.contract).sort((a, b) => a.number.localeCompare(b.number))
  const first = contracts[0]
  if (!first) throw new Error(`Attestation ${attestationId} covers no contract; no certificate can be issued`)
  // One agency per attestation (startAttestation checks it).
  const agencyId = first.agencyId
  const policy = await tx.agencyPolicy.findUnique({ where: { agencyId }, select: { certificateValidityMonths: true } })
  const validityMonths = policy?.certificateValidityMonths ?? DEFAULT_CERTIFICATE_VALIDITY_MONTHS

  const number = newCertificateNumber()
  const language: CertificateLanguage = attestation.organization.preferredLanguage === 'es' ? 'es' : 'en'
  const validFrom = at
  const validUntil = addMonthsUtc(at, validityMonths)
  const scope: CertificateScope = {
    contractIds: contracts.map((c) => c.id),
    contractNumbers: contracts.map((c) => c.number),
    ...(attestation.subcontractId ? { subcontractIds: [attestation.subcontractId] } : {}),
  }

  const key = await ensureActiveSigningKey(tx)
  const pdf = await drawSignedCertificate({
    number,
    language,
    agencyName: first.agency.legalName,
    vendorLegalName: attestation.organization.legalName,
    uei: attestation.organization.uei ?? '—',
    scope: contracts.map((c) => `${c.number} — ${c.title}`),
    validFrom,
    validUntil,
    issuedAt: at,
    signer: key.signer,
    signingTime: at,
  })
  const pdfSha256 = createHash('sha256').update(pdf).digest('hex')

  const storage = getStorage()
  const pdfStorageKey = newStorageKey()
  await storage.put(pdfStorageKey, Readable.from(pdf))
  try {
    // The newest valid certificate of this vendor and agency whose scope shares a contract.
    const candidates = await tx.certificate.findMany({
      where: { organizationId: attestation.organizationId, agencyId, status: 'valid' },
      orderBy: { issuedAt: 'desc' },
      select: { id: true, number: true, scope: true },
    })
    const contractIds = new Set(scope.contractIds)
    const previous = candidates.find((c) => scopeContractIds(c.scope).some((id) => contractIds.has(id)))

    const certificate = await tx.certificate.create({
      data: {
        number,
        organizationId: attestation.organizationId,
        agencyId,
        attestationId,
        scope,
        language,
        issuedAt: at,
        validFrom,
        validUntil,
        status: 'valid',
        pdfSha256,
        pdfStorageKey,
        signingKeyId: key.id,
      },
      select: certificateSelect,
    })
    if (previous) {
      await tx.certificate.update({ where: { id: previous.id }, data: { status: 'superseded', supersededById: certificate.id } })
    }
    await recordAuditEvent(tx, {
      action: 'certificate.issued',
      organizationId: attestation.organizationId,
      targetType: 'Certificate',
      targetId: certificate.id,
      data: {
        number,
        attestationId,
        agencyId,
        contractNumbers: scope.contractNumbers,
        validFrom,
        validUntil,
        pdfSha256,
        signingKeyFingerprint: key.fingerprintSha256,
        supersedes: previous?.number ?? null,
      },
    })
    return certificate
  } catch (error) {
    // Nothing in the database points to the object: remove it (best effort) and report the failure.
    await storage.delete(pdfStorageKey).catch(() => undefined)
    throw error
  }
}
