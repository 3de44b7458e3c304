import type { Readable } from 'node:stream'
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requireMembership } from '~/auth/permissions.server'
import { findWorkspaceCertificatePdf } from '~/certificates/workspace.server'
import { getStorage, StorageObjectNotFoundError } from '~/documents/storage.server'
import { notFound } from '~/http/responses.server'

// A certificate's signed PDF (product.md §6), for members of the vendor that holds it and of the
// agency it was issued for. Resource route: no UI. Anyone else's certificate and a missing one
// are the same 404.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (!params.number) notFound()
  const certificate = await findWorkspaceCertificatePdf(access.organization, params.number)
  if (!certificate?.pdfStorageKey) notFound()
  let body: Readable
  try {
    body = await getStorage().get(certificate.pdfStorageKey)
  } catch (error) {
    if (error instanceof StorageObjectNotFoundError) {
      console.error(`Certificate ${certificate.number} has no stored PDF (key ${certificate.pdfStorageKey}).`)
      notFound()
    }
    throw error
  }
  const headers = new Headers({
    'Content-Type': 'application/pdf',
    // The number is [0-9A-Z*~$=U-]: safe in a quoted file name.
    'Content-Disposition': `attachment; filename="certificate-${certificate.number}.pdf"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  })
  if (certificate.pdfSha256) headers.set('Repr-Digest', `sha-256=:${Buffer.from(certificate.pdfSha256, 'hex').toString('base64')}:`)
  return new Response(createReadableStreamFromReadable(body), { status: 200, headers })
}
