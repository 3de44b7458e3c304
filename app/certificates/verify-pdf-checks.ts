// The checks of a certificate file (product.md §6 "upload a PDF to check it"), their possible
// answers and the size limit: shared by the page, the API description and the server, which
// runs them (verify-pdf.server.ts).

// The size limit: the form tells people, the server enforces it. A certificate PDF is
// about 25 kB (one page, standard fonts, an 8 kB signature); 5 MB leaves room for a copy a reader
// re-saved with fonts embedded while keeping what one request can make the server hold small.
export const MAX_VERIFY_PDF_MB = 5
export const MAX_VERIFY_PDF_BYTES = MAX_VERIFY_PDF_MB * 1024 * 1024

/** The checks, in the order they run. */
export const PDF_CHECK_IDS = [
  'not_empty',
  'size',
  'pdf',
  'complete',
  'signature_present',
  'whole_file',
  'signature_data',
  'digest',
  'signature',
  'portal_key',
  'registered',
] as const
export type PdfCheckId = (typeof PDF_CHECK_IDS)[number]
export type PdfCheckStatus = 'passed' | 'failed' | 'not_reached'

export const PDF_VERDICTS = [
  'authentic',
  'empty',
  'too_large',
  'not_pdf',
  'truncated',
  'no_signature',
  'appended',
  'malformed_signature',
  'digest_mismatch',
  'bad_signature',
  'foreign_signer',
  'not_current_copy',
  'not_registered',
] as const
export type PdfVerdict = (typeof PDF_VERDICTS)[number]
