import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { certificateStatusAnswer, certificateStatusOtherMethod, type PlainAnswer } from '~/certificates/status-api.server'

// GET /api/v1/certificates/:number (product.md §6; described in /api/v1/openapi.json): the
// public status of a certificate as JSON. The answer is made in app/certificates/status-api.server.ts;
// the production server answers the same path from there directly (server/app.ts).

export type { CertificateStatusJson } from '~/certificates/status-api.server'

function toResponse({ status, headers, body }: PlainAnswer): Response {
  return new Response(body, { status, headers })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return toResponse(await certificateStatusAnswer(params.number ?? '', request.headers.get('If-None-Match')))
}

/** CORS preflight (a browser sends one before a GET with If-None-Match); nothing else is allowed. */
export async function action({ request }: ActionFunctionArgs) {
  return toResponse(certificateStatusOtherMethod(request.method))
}
