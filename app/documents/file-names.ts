// An uploaded file's name is only metadata: shown in lists and offered back on download, never used
// as a path or a storage key (those are random, app/documents/storage.server.ts). It still travels
// into pages and HTTP headers, so it is cleaned on the way in and encoded on the way out.

export const MAX_FILE_NAME_LENGTH = 200
const MAX_EXTENSION_LENGTH = 16

/* eslint-disable no-control-regex -- removing control characters is the point of these patterns */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g
/* eslint-enable no-control-regex */
// Bidirectional overrides and marks make "invoice\u202Efdp.exe" look like "invoiceexe.pdf".
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// Characters Windows refuses in file names; a person saving the download would trip on them.
const RESERVED_ON_WINDOWS = /[<>:"|?*]/g

/**
 * A harmless display name: the last path component only (`../../etc/passwd.pdf` → `passwd.pdf`,
 * `C:\Users\ana\plan.pdf` → `plan.pdf`), without control or bidirectional-override characters,
 * leading dots or Windows-reserved characters; Unicode letters kept; at most 200 characters
 * (the extension survives shortening). Empty input gives `fallback`.
 */
export function sanitizeFileName(name: string, fallback = 'document'): string {
  let clean = name.normalize('NFC').replace(CONTROL_CHARACTERS, '').replace(BIDI_CONTROLS, '')
  clean = clean.split(/[/\\]/).pop() ?? ''
  clean = clean.replace(/^[a-zA-Z]:/, '')
  clean = clean.replace(RESERVED_ON_WINDOWS, '_')
  clean = clean.replace(/\s+/g, ' ')
  // Leading dots hide files and spell "..", trailing dots and spaces are dropped by Windows.
  clean = clean.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
  const characters = Array.from(clean)
  if (characters.length > MAX_FILE_NAME_LENGTH) {
    const extension = new RegExp(`\\.[^.]{1,${MAX_EXTENSION_LENGTH}}$`).exec(clean)?.[0] ?? ''
    const keep = MAX_FILE_NAME_LENGTH - Array.from(extension).length
    clean = characters.slice(0, keep).join('').trimEnd() + extension
  }
  return clean === '' ? fallback : clean
}

// RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * unescaped, which the grammar does not allow.
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * A Content-Disposition header value for `fileName` (RFC 6266): an ASCII `filename` for old
 * clients (accents dropped, anything else that is not plain printable ASCII, quotes and
 * backslashes replaced) and the exact name as UTF-8 in `filename*`. No CR, LF or quote from the
 * name can reach the header.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const name = sanitizeFileName(fileName)
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_')
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`
}
