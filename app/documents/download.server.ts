import type { Readable } from 'node:stream'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { notFound } from '~/http/responses.server'
import { contentDisposition } from './file-names'
import { MEDIA_TYPES } from './schemas'
import { getStorage, StorageObjectNotFoundError } from './storage.server'

type Downloadable = { id: string; storageKey: string; mediaType: string; sizeBytes: number; originalFileName: string; sha256: string }

/**
 * The HTTP response for a stored document, once the caller has decided the person may read it
 * (product.md §10). Used by the vendor's own download and by the agency reviewer's.
 */
export async function documentResponse(request: Request, document: Downloadable): Promise<Response> {
  let body: Readable
  try {
    body = await getStorage().get(document.storageKey)
  } catch (error) {
    // The row exists but the file does not: an operator's problem, logged; the person sees a 404.
    if (error instanceof StorageObjectNotFoundError) {
      console.error(`Document ${document.id} has no stored file (key ${document.storageKey}).`)
      notFound()
    }
    throw error
  }
  // Inline only for PDFs (the reviewer's preview); every other type is always a download, so no
  // uploaded file is ever rendered by the browser as a page of this site.
  const inline = new URL(request.url).searchParams.get('inline') === '1' && document.mediaType === MEDIA_TYPES.pdf
  const headers = new Headers({
    'Content-Type': document.mediaType,
    'Content-Length': String(document.sizeBytes),
    'Content-Disposition': contentDisposition(document.originalFileName, inline ? 'inline' : 'attachment'),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
    // The stored SHA-256, for clients that check what they received (RFC 9530).
    'Repr-Digest': `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`,
  })
  // A PDF shown in the browser runs in a sandbox: no scripts, forms or same-origin access, even if
  // the file carries JavaScript.
  if (inline) headers.set('Content-Security-Policy', 'sandbox')
  return new Response(createReadableStreamFromReadable(body), { status: 200, headers })
}
