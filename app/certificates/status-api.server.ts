import { createHash } from 'node:crypto'
import { CertificateStatusCache } from './status-cache.server'
import {
  canonicalCertificateNumber,
  certificateStateAt,
  certificateStatusView,
  readCertificateStatusRow,
  type CertificateState,
  type CertificateStatusRow,
  type CertificateStatusView,
} from './status.server'

// The answer of GET /api/v1/certificates/:number (product.md §6; described in
// /api/v1/openapi.json): the public status of a certificate as JSON, for anyone, from any origin.
// Caches must revalidate every time; the ETag is derived from the status fields, so a revocation
// changes it at once and a client holding the old ETag gets the new status (200), not a 304.
//
// Plain data rather than a Response, so that two callers share it: the Remix route
// (app/routes/api.certificates.number.ts) and the production server, which answers this hot,
// public path directly in Express without the Remix request adapter (server/app.ts;
// bench/verification.bench.ts measures both).
//
// Answers come from memory when the process runs a status cache (startCertificateStatusCache,
// kept right by LISTEN/NOTIFY, see status-cache.server.ts): the stored row is cached with its
// JSON body and ETag prepared per state, and the state (valid or expired) is chosen per request
// from validUntil and the current time, so the ETag changes at the expiry instant too.

export type PlainAnswer = { status: number; headers: Record<string, string>; body: string | null }

const CORS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match',
  'Access-Control-Expose-Headers': 'ETag',
}
const CACHE: Record<string, string> = { 'Cache-Control': 'no-cache, must-revalidate' }
const jsonHeaders = (body: string) => ({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) })

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

/** One state's answer, made once per cached row: the body, its ETag and the headers of 200 and 304. */
type PreparedAnswer = { etag: string; ok: PlainAnswer; notModified: PlainAnswer }

export type CachedCertificateStatus = { row: CertificateStatusRow; answers: Partial<Record<CertificateState, PreparedAnswer>> }

function prepare(row: CertificateStatusRow, now: Date): PreparedAnswer {
  const body = JSON.stringify(toStatusJson(certificateStatusView(row, now)))
  const etag = etagOf(body)
  const headers = { ...CORS, ...CACHE, ETag: etag }
  return {
    etag,
    ok: { status: 200, headers: { ...headers, ...jsonHeaders(body) }, body },
    notModified: { status: 304, headers, body: null },
  }
}

const NOT_FOUND: PlainAnswer = {
  status: 404,
  headers: { ...CORS, ...CACHE, ...jsonHeaders(JSON.stringify({ error: 'not_found' })) },
  body: JSON.stringify({ error: 'not_found' }),
}

function answerFrom(entry: CachedCertificateStatus, ifNoneMatch: string | null, now: Date): PlainAnswer {
  const state = certificateStateAt(entry.row, now)
  const prepared = (entry.answers[state] ??= prepare(entry.row, now))
  return matches(ifNoneMatch, prepared.etag) ? prepared.notModified : prepared.ok
}

// One cache per process, shared by the server entry and the Remix server build (each loads its
// own copy of this module), like the database client.
type Holder = { cache?: CertificateStatusCache<CachedCertificateStatus> }
const holder: Holder = ((globalThis as { __portalCertificateStatusCache?: Holder }).__portalCertificateStatusCache ??= {})

/** Start this process's status cache on its own listening connection (server/portal.ts). */
export async function startCertificateStatusCache(connectionString: string, log?: (line: string) => void) {
  const cache = new CertificateStatusCache<CachedCertificateStatus>({ connectionString, log })
  await cache.start()
  holder.cache = cache
  return cache
}

export async function stopCertificateStatusCache() {
  const cache = holder.cache
  holder.cache = undefined
  await cache?.stop()
}

type AnswerOptions = { now?: Date; cache?: CertificateStatusCache<CachedCertificateStatus> | null }

/**
 * The answer from memory, or null when the number is not cached (or the cache is not listening).
 * Synchronous, so the hot path needs no promise.
 */
export function cachedCertificateStatusAnswer(numberParam: string, ifNoneMatch: string | null, { now = new Date(), cache = holder.cache }: AnswerOptions = {}): PlainAnswer | null {
  // Most clients send the number as printed, which is the cache key; other spellings miss here.
  const entry = cache?.get(numberParam)
  return entry ? answerFrom(entry, ifNoneMatch, now) : null
}

/** The status answer for a number as typed in the URL and the request's If-None-Match header. */
export async function certificateStatusAnswer(numberParam: string, ifNoneMatch: string | null, options: AnswerOptions = {}): Promise<PlainAnswer> {
  const { now = new Date(), cache = holder.cache } = options
  const cached = cachedCertificateStatusAnswer(numberParam, ifNoneMatch, { now, cache })
  if (cached) return cached
  const number = canonicalCertificateNumber(numberParam)
  if (number === null) return NOT_FOUND
  const hit = cache?.get(number)
  if (hit) return answerFrom(hit, ifNoneMatch, now)
  const ticket = cache?.ticket() ?? null
  let entry: CachedCertificateStatus | null = null
  try {
    const row = await readCertificateStatusRow(number)
    if (row) entry = { row, answers: {} }
  } finally {
    cache?.put(number, entry, ticket)
  }
  return entry ? answerFrom(entry, ifNoneMatch, now) : NOT_FOUND
}

/** CORS preflight (a browser sends one before a GET with If-None-Match); nothing else is allowed. */
export function certificateStatusOtherMethod(method: string): PlainAnswer {
  if (method === 'OPTIONS') return { status: 204, headers: { ...CORS, 'Access-Control-Max-Age': '86400' }, body: null }
  return {
    status: 405,
    headers: { ...CORS, Allow: 'GET, HEAD, OPTIONS', ...jsonHeaders(JSON.stringify({ error: 'method_not_allowed' })) },
    body: JSON.stringify({ error: 'method_not_allowed' }),
  }
}
