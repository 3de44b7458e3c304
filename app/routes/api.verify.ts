import type { ActionFunctionArgs } from '@remix-run/node'
import { verifyCertificatePdf } from '~/certificates/verify-pdf.server'
import { hitVerifyPdfRateLimit, receivePdfForVerification } from '~/certificates/verify-upload.server'
import { clientIp } from '~/http/responses.server'
import { toStatusJson } from '~/certificates/status-api.server'

// POST /api/v1/verify (product.md §6; described in /api/v1/openapi.json): the certificate file
// check as JSON, for anyone, from any origin. Multipart field `file`. The HTTP status says whether
// the request could be answered (400: not multipart or no `file`; 413: over the size limit; 429:
// too many checks from this address); every file that arrived gets 200 with its verdict, whatever
// the verdict, so a client reads one field (`verdict`) to know the answer. Nothing is stored; the
// answer is never cached.

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
}
const NO_STORE = { 'Cache-Control': 'no-store' }
const ALLOW = 'POST, OPTIONS'

function json(body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...CORS, ...NO_STORE, ...headers } })
}

export async function loader() {
  return json({ error: 'method_not_allowed' }, 405, { Allow: ALLOW })
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { ...CORS, 'Access-Control-Max-Age': '86400' } })
  if (request.method !== 'POST') return json({ error: 'method_not_allowed' }, 405, { Allow: ALLOW })

  const limit = await hitVerifyPdfRateLimit(clientIp(request))
  if (!limit.allowed) return json({ error: 'rate_limited' }, 429, { 'Retry-After': String(limit.retryAfterSeconds) })

  const received = await receivePdfForVerification(request)
  if (!received.ok) return json({ error: received.reason }, received.status)

  const verification = await verifyCertificatePdf(received.bytes)
  return json(
    {
      verdict: verification.verdict,
      checks: verification.checks,
      file: { sha256: verification.sha256, sizeBytes: verification.sizeBytes },
      ...(verification.certificate ? { certificate: toStatusJson(verification.certificate) } : {}),
    },
    200,
  )
}
