import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { recordAuditEvent } from '~/audit/audit.server'
import type { Database } from '~/db/db.server'
import { getStorage, newStorageKey } from '~/documents/storage.server'
import { drawSignedCertificate, issueCertificate, scopeContractIds, scopeContractNumbers } from './issue.server'
import { ensureActiveSigningKey } from './keys.server'
import { isValidCertificateNumber, normalizeCertificateNumber } from './number'
import type { CertificateLanguage } from './pdf.server'

// What `npm run certificates` does for operators (product.md §6): issue a certificate for an
// approved attestation that lacks one, re-draw and re-sign a certificate's PDF, show a
// certificate, list the signing keys. Each function takes the database and plain values and
// throws OperatorError with one sentence when the operation cannot be done.

export class OperatorError extends Error {
  override name = 'OperatorError'
}

/** The canonical number, or null when the text cannot be a certificate number (shape or check character). */
export function parseCertificateNumber(input: string): string | null {
  const number = normalizeCertificateNumber(input)
  return number !== null && isValidCertificateNumber(number) ? number : null
}

function requireNumber(input: string): string {
  const number = parseCertificateNumber(input)
  if (number === null) throw new OperatorError(`"${input}" is not a certificate number (wrong length or check character).`)
  return number
}

export const OPERATOR_ISSUED_ACTION = 'certificate.issued-by-operator'
export const RE_RENDERED_ACTION = 'certificate.re-rendered'

/**
 * The certificate of an approved attestation: issued now when it has none, or the existing one
 * (idempotent). Refuses an unknown attestation and one that is not approved.
 */
export async function issueForAttestation(
  client: Database,
  { attestationId, operator, at = new Date() }: { attestationId: string; operator: string; at?: Date },
): Promise<{ number: string; created: boolean }> {
  return client.$transaction(async (tx) => {
    // Locked, so a reviewer's decision and this command cannot both act on the row at once.
    const [attestation] = await tx.$queryRaw<{ id: string; status: string; organizationId: string }[]>`
      SELECT id, status::text AS status, "organizationId" FROM "Attestation" WHERE id = ${attestationId} FOR UPDATE`
    if (!attestation) throw new OperatorError(`No attestation has the id ${attestationId}.`)
    const existing = await tx.certificate.findUnique({ where: { attestationId }, select: { number: true } })
    if (existing) return { number: existing.number, created: false }
    if (attestation.status !== 'approved') {
      throw new OperatorError(
        `Attestation ${attestationId} is ${attestation.status.replaceAll('_', ' ')}, not approved; only an approved attestation gets a certificate.`,
      )
    }
    const certificate = await issueCertificate(tx, { attestationId, at })
    await recordAuditEvent(tx, {
      action: OPERATOR_ISSUED_ACTION,
      organizationId: attestation.organizationId,
      targetType: 'Certificate',
      targetId: certificate.id,
      occurredAt: at,
      data: { number: certificate.number, attestationId, operator },
    })
    return { number: certificate.number, created: true }
  })
}

export type ReRendered = {
  number: string
  previousSha256: string | null
  pdfSha256: string
  signingKeyFingerprint: string
}

/**
 * Draws the certificate again with the data on record (same number, dates, language, scope;
 * the vendor's and agency's current names) and signs it with the active key. The new file,
 * its hash and its key replace the old ones on the row; the audit event keeps both hashes.
 * The previous file stays in storage, unreferenced, so nothing an operator may need is lost.
 */
export async function reRenderCertificate(
  client: Database,
  { number: input, operator, at = new Date() }: { number: string; operator: string; at?: Date },
): Promise<ReRendered> {
  const number = requireNumber(input)
  const storage = getStorage()
  let storedKey: string | undefined
  try {
    return await client.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Certificate" WHERE number = ${number} FOR UPDATE`
      if (!locked) throw new OperatorError(`No certificate has the number ${number}.`)
      const certificate = await tx.certificate.findUniqueOrThrow({
        where: { id: locked.id },
        select: {
          id: true,
          number: true,
          organizationId: true,
          scope: true,
          language: true,
          issuedAt: true,
          validFrom: true,
          validUntil: true,
          pdfSha256: true,
          pdfStorageKey: true,
          organization: { select: { legalName: true, uei: true } },
          agency: { select: { legalName: true } },
          signingKey: { select: { fingerprintSha256: true } },
        },
      })
      const contractIds = scopeContractIds(certificate.scope)
      const contracts = await tx.contract.findMany({
        where: { id: { in: contractIds } },
        select: { number: true, title: true },
        orderBy: { number: 'asc' },
      })
      // A contract removed since issuance is still named by the number kept in the scope.
      const titled = new Set(contracts.map((c) => c.number))
      const scopeLines = [
        ...contracts.map((c) => `${c.number} — ${c.title}`),
        ...scopeContractNumbers(certificate.scope).filter((n) => !titled.has(n)),
      ]

      const key = await ensureActiveSigningKey(tx)
      const pdf = await drawSignedCertificate({
        number: certificate.number,
        language: (certificate.language === 'es' ? 'es' : 'en') satisfies CertificateLanguage,
        agencyName: certificate.agency?.legalName ?? '—',
        vendorLegalName: certificate.organization.legalName,
        uei: certificate.organization.uei ?? '—',
        scope: scopeLines,
        validFrom: certificate.validFrom,
        validUntil: certificate.validUntil,
        issuedAt: certificate.issuedAt,
        signer: key.signer,
        signingTime: at,
      })
      const pdfSha256 = createHash('sha256').update(pdf).digest('hex')
      const pdfStorageKey = newStorageKey()
      await storage.put(pdfStorageKey, Readable.from(pdf))
      storedKey = pdfStorageKey

      await tx.certificate.update({ where: { id: certificate.id }, data: { pdfSha256, pdfStorageKey, signingKeyId: key.id } })
      await recordAuditEvent(tx, {
        action: RE_RENDERED_ACTION,
        organizationId: certificate.organizationId,
        targetType: 'Certificate',
        targetId: certificate.id,
        occurredAt: at,
        data: {
          number: certificate.number,
          operator,
          previousPdfSha256: certificate.pdfSha256,
          pdfSha256,
          previousSigningKeyFingerprint: certificate.signingKey?.fingerprintSha256 ?? null,
          signingKeyFingerprint: key.fingerprintSha256,
        },
      })
      return {
        number: certificate.number,
        previousSha256: certificate.pdfSha256,
        pdfSha256,
        signingKeyFingerprint: key.fingerprintSha256,
      }
    })
  } catch (error) {
    // The transaction rolled back: nothing points to the new object.
    if (storedKey) await storage.delete(storedKey).catch(() => undefined)
    throw error
  }
}

export type CertificateDetails = {
  number: string
  status: string
  vendor: string
  uei: string | null
  agency: string | null
  attestationId: string | null
  contractNumbers: string[]
  language: string
  issuedAt: Date
  validFrom: Date
  validUntil: Date
  revokedAt: Date | null
  revocationReason: string | null
  supersededBy: string | null
  pdfSha256: string | null
  signingKey: { fingerprintSha256: string; source: string; active: boolean; retiredAt: Date | null } | null
}

/** Everything on record about one certificate, for `show`. */
export async function showCertificate(client: Database, input: string, now: Date = new Date()): Promise<CertificateDetails> {
  const number = requireNumber(input)
  const certificate = await client.certificate.findUnique({
    where: { number },
    select: {
      number: true,
      status: true,
      attestationId: true,
      scope: true,
      language: true,
      issuedAt: true,
      validFrom: true,
      validUntil: true,
      revokedAt: true,
      revocationReason: true,
      pdfSha256: true,
      organization: { select: { legalName: true, uei: true } },
      agency: { select: { legalName: true } },
      supersededBy: { select: { number: true } },
      signingKey: { select: { fingerprintSha256: true, source: true, active: true, retiredAt: true } },
    },
  })
  if (!certificate) throw new OperatorError(`No certificate has the number ${number}.`)
  // "expired" is derived, never stored (status.server.ts).
  const status = certificate.status === 'valid' && certificate.validUntil.getTime() < now.getTime() ? 'expired' : certificate.status
  return {
    number: certificate.number,
    status,
    vendor: certificate.organization.legalName,
    uei: certificate.organization.uei,
    agency: certificate.agency?.legalName ?? null,
    attestationId: certificate.attestationId,
    contractNumbers: scopeContractNumbers(certificate.scope),
    language: certificate.language,
    issuedAt: certificate.issuedAt,
    validFrom: certificate.validFrom,
    validUntil: certificate.validUntil,
    revokedAt: certificate.revokedAt,
    revocationReason: certificate.revocationReason,
    supersededBy: certificate.supersededBy?.number ?? null,
    pdfSha256: certificate.pdfSha256,
    signingKey: certificate.signingKey,
  }
}

export type SigningKeyListing = {
  id: string
  fingerprintSha256: string
  source: string
  active: boolean
  createdAt: Date
  retiredAt: Date | null
  certificates: number
}

/** Every signing key on record, newest first, with how many certificates each signed. */
export async function listSigningKeys(client: Database): Promise<SigningKeyListing[]> {
  const keys = await client.signingKey.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: { id: true, fingerprintSha256: true, source: true, active: true, createdAt: true, retiredAt: true, _count: { select: { certificates: true } } },
  })
  return keys.map(({ _count, ...key }) => ({ ...key, certificates: _count.certificates }))
}
