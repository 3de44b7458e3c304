import type { LoaderFunctionArgs } from '@remix-run/node'
import { findPublishedSigningCertificate, PEM_HEADERS } from '~/certificates/published-keys.server'
import { notFound } from '~/http/responses.server'

// One signing certificate, by its SHA-256 fingerprint: /signing-certificates/<64 hex>.pem.

export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? ''
  if (!file.endsWith('.pem')) notFound()
  const certificate = await findPublishedSigningCertificate(file.slice(0, -'.pem'.length))
  if (!certificate) notFound()
  return new Response(certificate.certificatePem, {
    status: 200,
    headers: { ...PEM_HEADERS, 'Content-Disposition': `inline; filename="signing-certificate-${certificate.fingerprintSha256.slice(0, 16)}.pem"` },
  })
}
