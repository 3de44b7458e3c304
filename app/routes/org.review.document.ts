import type { LoaderFunctionArgs } from '@remix-run/node'
import { documentResponse } from '~/documents/download.server'
import { notFound } from '~/http/responses.server'
import { findReviewDocument, requireReviewer } from '~/review/review.server'

// A vendor's document, for the reviewer of one of its declarations (product.md §9, §10: served only
// after an authorization check). Which documents a reviewer may open is decided by
// findReviewDocument (review.server.ts); the response is the vendor's own download's
// (documents/download.server.ts). Resource route: no UI.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireReviewer(request, params.orgId)
  // Another agency's declaration, a document the reviewer may not read and a missing one are the same 404.
  const document = await findReviewDocument({
    agencyId: access.organization.id,
    attestationId: params.attestationId ?? '',
    documentId: params.documentId ?? '',
  })
  if (!document) notFound()

  return documentResponse(request, document)
}
