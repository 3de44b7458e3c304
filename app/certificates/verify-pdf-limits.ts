// The size limit for a certificate file to check (product.md §6 "upload a PDF to check it"),
// shared by the form (which tells people) and the server (which enforces it). A certificate PDF is
// about 25 kB (one page, standard fonts, an 8 kB signature); 5 MB leaves room for a copy a reader
// re-saved with fonts embedded while keeping what one request can make the server hold small.
export const MAX_VERIFY_PDF_MB = 5
export const MAX_VERIFY_PDF_BYTES = MAX_VERIFY_PDF_MB * 1024 * 1024
