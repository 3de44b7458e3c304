// "Verify a PDF" (product.md §6): someone uploads a certificate file and the portal says whether
// it is one the portal issued, unchanged, and what the certificate's status is now. The checks run
// in a fixed order, each needing the ones before it; the first that fails decides the answer, and
// the ones after it are "not reached". Nothing is stored.
//
// inspectCertificatePdf is pure (bytes in, findings out); verifyCertificatePdf adds the two
// database lookups: is the signer one of the portal's keys (SigningKey, active or retired), and
// is the file's SHA-256 the one recorded when the certificate was issued (Certificate.pdfSha256).
import { createHash } from 'node:crypto'
import { db } from '~/db/db.server'
import {
  DerError,
  digestOfSignedRanges,
  findSignatureDictionaries,
  fingerprintOf,
  hasPdfEnd,
  hasPdfHeader,
  numbersInSignatureDictionary,
  parseSignedData,
  signatureValueOf,
  signatureVerifies,
  type SignatureDictionary,
} from './pdf-signature.server'
import { isValidCertificateNumber } from './number'
import {
  MAX_VERIFY_PDF_BYTES,
  PDF_CHECK_IDS,
  type PdfCheckId,
  type PdfCheckStatus,
  type PdfVerdict,
} from './verify-pdf-checks'
import { findCertificateStatus, type CertificateStatusView } from './status.server'

export {
  MAX_VERIFY_PDF_BYTES,
  PDF_CHECK_IDS,
  PDF_VERDICTS,
  type PdfCheckId,
  type PdfCheckStatus,
  type PdfVerdict,
} from './verify-pdf-checks'

export type PdfCheck = { id: PdfCheckId; status: PdfCheckStatus }

/** What the bytes alone say. */
export type PdfInspection = {
  /** The first check that failed and the answer it gives; null when every check without the database passed. */
  failure: { check: PdfCheckId; verdict: PdfVerdict } | null
  sizeBytes: number
  /** Hex SHA-256 of the whole file. */
  sha256: string
  /** Hex SHA-256 of the signer's certificate, once the signature verified with it. */
  signerFingerprint: string | null
  /** Certificate numbers written in the (verified) signature dictionary. */
  numbers: string[]
}

export type PdfVerification = {
  verdict: PdfVerdict
  checks: PdfCheck[]
  /** The certificate the file is (authentic), or an older copy of (not_current_copy). */
  certificate: CertificateStatusView | null
  sizeBytes: number
  sha256: string
}

/** The checks in order: passed up to the failed one, not reached after it. */
export function checkList(failed: PdfCheckId | null): PdfCheck[] {
  const failedAt = failed === null ? PDF_CHECK_IDS.length : PDF_CHECK_IDS.indexOf(failed)
  return PDF_CHECK_IDS.map((id, index) => ({
    id,
    status: index < failedAt ? 'passed' : index === failedAt ? 'failed' : 'not_reached',
  }))
}

/** Everything that can be checked from the bytes alone, up to and including the signature. */
export function inspectCertificatePdf(
  bytes: Uint8Array,
  { maxBytes = MAX_VERIFY_PDF_BYTES }: { maxBytes?: number } = {},
): PdfInspection {
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const base = { sizeBytes: bytes.length, sha256, signerFingerprint: null, numbers: [] }
  const fail = (check: PdfCheckId, verdict: PdfVerdict): PdfInspection => ({ ...base, failure: { check, verdict } })

  if (bytes.length === 0) return fail('not_empty', 'empty')
  if (bytes.length > maxBytes) return fail('size', 'too_large')
  if (!hasPdfHeader(bytes)) return fail('pdf', 'not_pdf')
  if (!hasPdfEnd(bytes)) return fail('complete', 'truncated')

  const dictionaries = findSignatureDictionaries(bytes)
  if (dictionaries.length === 0) return fail('signature_present', 'no_signature')
  // A certificate has one signature. If someone signed it again (an incremental update), the
  // signature over the most of the file is the one that speaks for the file as it is.
  const dictionary = dictionaries.reduce<SignatureDictionary>(
    (best, candidate) => (coverageEnd(candidate) > coverageEnd(best) ? candidate : best),
    dictionaries[0]!,
  )
  const value = signatureValueOf(bytes, dictionary)
  if (!value.ok) return fail('whole_file', value.problem === 'malformed' ? 'malformed_signature' : value.problem)

  let parsed: ReturnType<typeof parseSignedData>
  try {
    parsed = parseSignedData(value.der)
  } catch (error) {
    if (error instanceof DerError) return fail('signature_data', 'malformed_signature')
    throw error
  }
  const digest = digestOfSignedRanges(bytes, dictionary, parsed.digestAlgorithm)
  if (!digest.equals(parsed.messageDigest)) return fail('digest', 'digest_mismatch')

  const candidates = parsed.signerCertificate ? [parsed.signerCertificate] : parsed.certificates
  const signer = candidates.find((certificate) => signatureVerifies(parsed, certificate))
  if (!signer) return fail('signature', 'bad_signature')

  return {
    ...base,
    failure: null,
    signerFingerprint: fingerprintOf(signer),
    numbers: numbersInSignatureDictionary(bytes, dictionary).filter((number) => isValidCertificateNumber(number)),
  }
}

function coverageEnd({ byteRange }: SignatureDictionary): number {
  return byteRange[2] + byteRange[3]
}

/** All the checks, the answer, and the certificate's current public status when the file names one. */
export async function verifyCertificatePdf(
  bytes: Uint8Array,
  { now = new Date(), maxBytes = MAX_VERIFY_PDF_BYTES }: { now?: Date; maxBytes?: number } = {},
): Promise<PdfVerification> {
  const inspection = inspectCertificatePdf(bytes, { maxBytes })
  const answer = (
    verdict: PdfVerdict,
    failed: PdfCheckId | null,
    certificate: CertificateStatusView | null = null,
  ): PdfVerification => ({
    verdict,
    checks: checkList(failed),
    certificate,
    sizeBytes: inspection.sizeBytes,
    sha256: inspection.sha256,
  })
  if (inspection.failure) return answer(inspection.failure.verdict, inspection.failure.check)

  const key = await db().signingKey.findUnique({
    where: { fingerprintSha256: inspection.signerFingerprint ?? '' },
    select: { id: true },
  })
  if (!key) return answer('foreign_signer', 'portal_key')

  const issued = await db().certificate.findFirst({ where: { pdfSha256: inspection.sha256 }, select: { number: true } })
  if (issued) return answer('authentic', null, await findCertificateStatus(issued.number, now))

  // Signed by the portal, but not the copy on record (e.g. the certificate was drawn again since):
  // the number inside the signed bytes leads to the certificate and its current copy.
  for (const number of inspection.numbers) {
    const certificate = await findCertificateStatus(number, now)
    if (certificate) return answer('not_current_copy', 'registered', certificate)
  }
  return answer('not_registered', 'registered')
}
