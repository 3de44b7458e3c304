import { listPublishedSigningCertificates, PEM_HEADERS } from '~/certificates/published-keys.server'

// Every signing certificate of the portal, concatenated PEM (a bundle `openssl` and `pdfsig`
// tooling read as is). Public, cached a few minutes.

export async function loader() {
  const certificates = await listPublishedSigningCertificates()
  return new Response(certificates.map((c) => c.certificatePem).join(''), {
    status: 200,
    headers: { ...PEM_HEADERS, 'Content-Disposition': 'inline; filename="signing-certificates.pem"' },
  })
}
