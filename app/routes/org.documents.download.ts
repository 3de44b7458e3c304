import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireMembership } from '~/auth/permissions.server'
import { getDocumentForDownload } from '~/documents/documents.server'
import { documentResponse } from '~/documents/download.server'
import { notFound } from '~/http/responses.server'

// A document's file, only after the authorization check (product.md §10). Resource route: no UI.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (!params.documentId) notFound()
  // Someone else's document and a missing one are the same 404: nothing is revealed.
  const document = await getDocumentForDownload(params.documentId, access)
  if (!document) notFound()
  return documentResponse(request, document)
}
