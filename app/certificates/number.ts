// Public certificate numbers (product.md §6): short, readable, not guessable in sequence.
// Ten random Crockford base32 characters (50 bits from crypto.getRandomValues) and Crockford's
// mod-37 check symbol, shown as XXXXX-XXXXX-C. Typing errors in a single character (and most
// transpositions) change the check symbol, so a mistyped number is rejected before any lookup.

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** Check symbols: the 32 digits plus the five extra symbols Crockford defines for mod 37. */
export const CROCKFORD_CHECK_ALPHABET = `${CROCKFORD_ALPHABET}*~$=U`

const PAYLOAD_LENGTH = 10
const NUMBER_PATTERN = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z*~$=U]$/

/** Crockford's check symbol for a payload of base32 digits (value mod 37). */
export function crockfordCheckSymbol(payload: string): string {
  let remainder = 0
  for (const char of payload) {
    const value = CROCKFORD_ALPHABET.indexOf(char)
    if (value < 0) throw new Error(`Not a Crockford base32 digit: ${JSON.stringify(char)}`)
    remainder = (remainder * 32 + value) % 37
  }
  return CROCKFORD_CHECK_ALPHABET[remainder]!
}

function format(payload: string, check: string): string {
  return `${payload.slice(0, 5)}-${payload.slice(5, 10)}-${check}`
}

/** A new random certificate number, e.g. `7QK2M-X9D4R-T`. */
export function newCertificateNumber(): string {
  // Web Crypto, not node:crypto: browser code (verification links) imports this module too.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(PAYLOAD_LENGTH))
  let payload = ''
  // 256 is a multiple of 32, so taking the low five bits of each byte is unbiased.
  for (const byte of bytes) payload += CROCKFORD_ALPHABET[byte & 31]
  return format(payload, crockfordCheckSymbol(payload))
}

/**
 * The canonical form `XXXXX-XXXXX-C` of what someone typed: case-insensitive, spaces and
 * dashes anywhere (or none), I and L read as 1, O read as 0 (Crockford's decoding rules).
 * Returns null when it cannot be a certificate number (wrong length or characters); the check
 * symbol is not verified here (see isValidCertificateNumber).
 */
export function normalizeCertificateNumber(input: string): string | null {
  const cleaned = input
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0')
  if (cleaned.length !== PAYLOAD_LENGTH + 1) return null
  const payload = cleaned.slice(0, PAYLOAD_LENGTH)
  const check = cleaned.slice(PAYLOAD_LENGTH)
  const candidate = format(payload, check)
  return NUMBER_PATTERN.test(candidate) ? candidate : null
}

/** True when the input normalizes to a certificate number whose check symbol matches. */
export function isValidCertificateNumber(input: string): boolean {
  const normalized = normalizeCertificateNumber(input)
  if (normalized === null) return false
  const payload = normalized.slice(0, 5) + normalized.slice(6, 11)
  return crockfordCheckSymbol(payload) === normalized.slice(12)
}

/**
 * The public verification path of a normalized certificate number. Its characters (Crockford
 * digits, dashes and the check symbols * ~ $ =) are all allowed in a URL path segment
 * (RFC 3986 unreserved and sub-delims), so the number appears as printed, the same as in the QR code.
 */
export function verificationPath(number: string): string {
  return `/verify/${number}`
}
