import { createHash } from 'node:crypto'
import { findCertificateStatus, type CertificateStatusView } from './status.server'

// The answer of GET /api/v1/certificates/:number (product.md §6; described in
// /api/v1/openapi.json): the public status of a certificate as JSON, for anyone, from any origin.
// Caches must revalidate every time; the ETag is derived from the status fields, so a revocation
// changes it at once and a client holding the old ETag gets the new status (200), not a 304.
//
// Plain data rather than a Response, so that two callers share it: the Remix route
// (app/routes/api.certificates.number.ts) and the production server, which answers this hot,
// public path directly in Express without the Remix request adapter (server/app.ts;
// bench/verification.bench.ts measures both).

export type PlainAnswer = { status: number; headers: Record<string, string>; body: string | null }

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match',
  'Access-Control-Expose-Headers': 'ETag',
}
const CACHE = { 'Cache-Control': 'no-cache, must-revalidate' }

export type CertificateStatusJson = {
  number: string
  status: CertificateStatusView['state']
  vendor: { legalName: string; uei: string | null }
  agency: { legalName: string } | null
  scope: { contractNumbers: string[] }
  issuedAt: string
  validFrom: string
  validUntil: string
  revokedAt: string | null
  revocationReason: string | null
  supersededBy: string | null
}

export function toStatusJson(view: CertificateStatusView): CertificateStatusJson {
  return {
    number: view.number,
    status: view.state,
    vendor: { legalName: view.vendor.legalName, uei: view.vendor.uei },
    agency: view.agency ? { legalName: view.agency.legalName } : null,
    scope: { contractNumbers: [...view.scope.contractNumbers] },
    issuedAt: view.issuedAt.toISOString(),
    validFrom: view.validFrom.toISOString(),
    validUntil: view.validUntil.toISOString(),
    revokedAt: view.revokedAt?.toISOString() ?? null,
    revocationReason: view.revocationReason,
    supersededBy: view.supersededBy,
  }
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

/** True when an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim()
    return tag === '*' || tag.replace(/^W\//, '') === etag
  })
}

/** The status answer for a number as typed in the URL and the request's If-None-Match header. */
export async function certificateStatusAnswer(numberParam: string, ifNoneMatch: string | null): Promise<PlainAnswer> {
  const view = await findCertificateStatus(numberParam)
  if (!view) {
    return {
      status: 404,
      headers: { ...CORS, ...CACHE, 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: 'not_found' }),
    }
  }
  const body = JSON.stringify(toStatusJson(view))
  const etag = etagOf(body)
  const headers = { ...CORS, ...CACHE, ETag: etag }
  if (matches(ifNoneMatch, etag)) return { status: 304, headers, body: null }
  return { status: 200, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body }
}

/** CORS preflight (a browser sends one before a GET with If-None-Match); nothing else is allowed. */
export function certificateStatusOtherMethod(method: string): PlainAnswer {
  if (method === 'OPTIONS') return { status: 204, headers: { ...CORS, 'Access-Control-Max-Age': '86400' }, body: null }
  return {
    status: 405,
    headers: { ...CORS, Allow: 'GET, HEAD, OPTIONS', 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: 'method_not_allowed' }),
  }
}
