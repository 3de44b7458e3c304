// The portal's signing certificates, published (product.md §6, issue 4: "The portal publishes its
// signing certificates (PEM) at a public URL so anyone can check a PDF offline"). Only the X.509
// certificates, never a private key. Retired keys stay published: PDFs they signed stay checkable.
import { X509Certificate } from 'node:crypto'
import { db } from '~/db/db.server'

export type PublishedSigningCertificate = {
  /** Lowercase hex SHA-256 of the DER certificate, as stored and as used in URLs. */
  fingerprintSha256: string
  /** The same fingerprint as `openssl x509 -fingerprint -sha256` prints it (AB:CD:…). */
  fingerprintDisplay: string
  subject: string
  validFrom: Date
  validTo: Date
  active: boolean
  createdAt: Date
  retiredAt: Date | null
  certificatePem: string
}

/** Lowercase hex without separators, or null when the text cannot be a SHA-256 fingerprint. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/:/g, '').toLowerCase()
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null
}

function describe(row: { certificatePem: string; fingerprintSha256: string; active: boolean; createdAt: Date; retiredAt: Date | null }): PublishedSigningCertificate {
  const certificate = new X509Certificate(row.certificatePem)
  return {
    fingerprintSha256: row.fingerprintSha256,
    fingerprintDisplay: certificate.fingerprint256,
    // One attribute per line in Node's text form; one line reads better on a page.
    subject: certificate.subject.split('\n').join(', '),
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    active: row.active,
    createdAt: row.createdAt,
    retiredAt: row.retiredAt,
    certificatePem: `${row.certificatePem.trim()}\n`,
  }
}

const select = { certificatePem: true, fingerprintSha256: true, active: true, createdAt: true, retiredAt: true } as const

/** Every signing certificate the portal has used: the active one first, then newest first. */
export async function listPublishedSigningCertificates(): Promise<PublishedSigningCertificate[]> {
  const rows = await db().signingKey.findMany({ select, orderBy: [{ active: 'desc' }, { createdAt: 'desc' }, { fingerprintSha256: 'asc' }] })
  return rows.map(describe)
}

export async function findPublishedSigningCertificate(fingerprint: string): Promise<PublishedSigningCertificate | null> {
  const normalized = normalizeFingerprint(fingerprint)
  if (!normalized) return null
  const row = await db().signingKey.findUnique({ where: { fingerprintSha256: normalized }, select })
  return row ? describe(row) : null
}

/** Cache headers of the PEM files: a new key shows within minutes, and nobody hammers the database. */
export const PEM_HEADERS = {
  'Content-Type': 'application/x-pem-file',
  'Cache-Control': 'public, max-age=300',
  'X-Content-Type-Options': 'nosniff',
} as const
