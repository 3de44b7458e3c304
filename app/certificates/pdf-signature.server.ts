// Reading and checking the signature embedded in a certificate PDF (product.md §6 "upload a PDF
// to check it"), without the database. The portal signs with a PKCS#7/CMS detached SignedData
// (adbe.pkcs7.detached, RFC 5652) over the byte ranges named by the signature dictionary's
// /ByteRange (ISO 32000-1 §12.8.1). A small DER reader finds the parts of the CMS by their exact
// bytes (the signed attributes must be hashed as sent, re-tagged as a SET: RFC 5652 §5.4);
// node:crypto does the hashing, the X.509 parsing and the public-key operation.
// docs/decisions/007-verifying-pdf-signatures.md says why this is hand-written.
import { createHash, verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto'

// ───────────────────────────── DER ─────────────────────────────

/** One DER element: where it starts, where its contents start and where it ends (exclusive). */
export type DerElement = {
  /** The identifier octet: class, constructed bit and tag number (low-tag-number form only). */
  tag: number
  start: number
  contentStart: number
  end: number
}

export class DerError extends Error {
  override name = 'DerError'
}

/** Reads the element starting at `offset`, which must end at or before `limit`. */
export function readDer(bytes: Uint8Array, offset = 0, limit = bytes.length): DerElement {
  if (offset + 2 > limit) throw new DerError('Truncated DER element')
  const tag = bytes[offset]!
  if ((tag & 0x1f) === 0x1f) throw new DerError('High tag numbers are not used in CMS')
  let position = offset + 1
  const first = bytes[position++]!
  let length: number
  if (first < 0x80) {
    length = first
  } else {
    const count = first & 0x7f
    // 0x80 is BER's indefinite length, which DER forbids; more than 4 length bytes is absurd here.
    if (count === 0 || count > 4) throw new DerError('Unsupported DER length')
    if (position + count > limit) throw new DerError('Truncated DER length')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + bytes[position++]!
  }
  const end = position + length
  if (end > limit) throw new DerError('DER element runs past its container')
  return { tag, start: offset, contentStart: position, end }
}

/** The elements inside a constructed element, in order. */
export function derChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0) throw new DerError('Not a constructed element')
  const children: DerElement[] = []
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readDer(bytes, offset, parent.end)
    children.push(child)
    offset = child.end
  }
  return children
}

/** Dotted form of an OBJECT IDENTIFIER's contents (X.690 §8.19). */
export function decodeOid(bytes: Uint8Array, element: DerElement): string {
  if (element.tag !== TAG.oid || element.end === element.contentStart)
    throw new DerError('Expected an object identifier')
  const arcs: number[] = []
  let value = 0
  for (let i = element.contentStart; i < element.end; i++) {
    const byte = bytes[i]!
    value = value * 128 + (byte & 0x7f)
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0) {
        const firstArc = value < 40 ? 0 : value < 80 ? 1 : 2
        arcs.push(firstArc, value - firstArc * 40)
      } else {
        arcs.push(value)
      }
      value = 0
    }
  }
  return arcs.join('.')
}

const TAG = {
  integer: 0x02,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context1: 0xa1,
  /** [0] IMPLICIT, primitive: a subjectKeyIdentifier signer identifier. */
  context0Primitive: 0x80,
} as const

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  messageDigest: '1.2.840.113549.1.9.4',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
} as const

/** Digest algorithms a signer may name, by OID, with node:crypto's name for each. */
const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
}

/** Signature algorithms that name their hash (RFC 4055, RFC 5758); rsaEncryption uses the digest algorithm's. */
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
}

function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element || element.tag !== tag) throw new DerError(`Expected ${what}`)
  return element
}

function slice(bytes: Uint8Array, element: DerElement): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + element.start, element.end - element.start)
}

function contents(bytes: Uint8Array, element: DerElement): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + element.contentStart, element.end - element.contentStart)
}

// ───────────────────────────── CMS SignedData ─────────────────────────────

/** What the signature says, read from its DER (RFC 5652 §5). */
export type ParsedSignedData = {
  /** node:crypto's name of the hash over the signed byte ranges. */
  digestAlgorithm: string
  /** The messageDigest signed attribute: the hash the signer computed. */
  messageDigest: Buffer
  /** The signed attributes as signed: their DER with the [0] tag replaced by SET OF. */
  signedAttributes: Buffer
  /** node:crypto's name of the hash inside the signature. */
  signatureHash: string
  signature: Buffer
  /** The signer's certificate (DER) when the signer identifier names one that is embedded. */
  signerCertificate: Buffer | null
  /** Every embedded certificate, for a signer named by subject key identifier. */
  certificates: Buffer[]
}

/**
 * Reads a ContentInfo holding a detached SignedData with exactly one signer and signed
 * attributes (what adbe.pkcs7.detached and PAdES require). Trailing zero padding after the DER
 * (the rest of the /Contents placeholder) is ignored. Throws DerError on anything else.
 */
export function parseSignedData(der: Uint8Array): ParsedSignedData {
  const contentInfo = expectTag(readDer(der), TAG.sequence, 'a ContentInfo')
  for (let i = contentInfo.end; i < der.length; i++) if (der[i] !== 0) throw new DerError('Bytes after the signature')
  const [contentType, explicit] = derChildren(der, contentInfo)
  if (decodeOid(der, expectTag(contentType, TAG.oid, 'a content type')) !== OID.signedData)
    throw new DerError('Not a SignedData')
  const signedData = expectTag(
    derChildren(der, expectTag(explicit, TAG.context0, 'the SignedData'))[0],
    TAG.sequence,
    'a SignedData',
  )
  const parts = derChildren(der, signedData)
  // version, digestAlgorithms, encapContentInfo, [0] certificates?, [1] crls?, signerInfos
  const encapsulated = expectTag(parts[2], TAG.sequence, 'the encapsulated content info')
  if (derChildren(der, encapsulated).length !== 1) throw new DerError('Not a detached signature')
  const certificateSet = parts.find((part, index) => index > 2 && part.tag === TAG.context0)
  const certificates = certificateSet
    ? derChildren(der, certificateSet)
        .filter((element) => element.tag === TAG.sequence)
        .map((element) => slice(der, element))
    : []
  const signerInfos = derChildren(der, expectTag(parts[parts.length - 1], TAG.set, 'the signer infos'))
  if (signerInfos.length !== 1) throw new DerError('Not exactly one signer')
  const signerInfo = derChildren(der, expectTag(signerInfos[0], TAG.sequence, 'a SignerInfo'))
  // version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature, [1] unsignedAttrs?
  const [, signerId, digestAlgorithmId, attributes, signatureAlgorithmId, signatureValue] = signerInfo
  const digestOid = decodeOid(
    der,
    derChildren(der, expectTag(digestAlgorithmId, TAG.sequence, 'a digest algorithm'))[0]!,
  )
  const digestAlgorithm = DIGESTS[digestOid]
  if (!digestAlgorithm) throw new DerError(`Unsupported digest algorithm ${digestOid}`)
  const signedAttributesElement = expectTag(attributes, TAG.context0, 'signed attributes')
  const signatureOid = decodeOid(
    der,
    derChildren(der, expectTag(signatureAlgorithmId, TAG.sequence, 'a signature algorithm'))[0]!,
  )
  if (signatureOid === OID.rsassaPss) throw new DerError('RSASSA-PSS signatures are not supported')
  const signatureHash = signatureOid === OID.rsaEncryption ? digestAlgorithm : SIGNATURE_HASHES[signatureOid]
  if (!signatureHash) throw new DerError(`Unsupported signature algorithm ${signatureOid}`)
  const signature = contents(der, expectTag(signatureValue, TAG.octetString, 'the signature value'))
  if (!signerId) throw new DerError('No signer identifier')

  let messageDigest: Buffer | undefined
  for (const attribute of derChildren(der, signedAttributesElement)) {
    const [type, values] = derChildren(der, expectTag(attribute, TAG.sequence, 'an attribute'))
    if (decodeOid(der, expectTag(type, TAG.oid, 'an attribute type')) !== OID.messageDigest) continue
    const [value, ...more] = derChildren(der, expectTag(values, TAG.set, 'attribute values'))
    if (more.length > 0 || messageDigest) throw new DerError('More than one message digest')
    messageDigest = contents(der, expectTag(value, TAG.octetString, 'a message digest'))
  }
  if (!messageDigest) throw new DerError('No message digest attribute')
  // RFC 5652 §5.4: the signature covers the attributes' DER with the SET OF tag, not [0].
  const signedAttributes = Buffer.from(slice(der, signedAttributesElement))
  signedAttributes[0] = TAG.set

  return {
    digestAlgorithm,
    messageDigest,
    signedAttributes,
    signatureHash,
    signature,
    signerCertificate: findSignerCertificate(der, signerId, certificates),
    certificates,
  }
}

/** The embedded certificate named by an issuerAndSerialNumber signer identifier (RFC 5652 §5.3). */
function findSignerCertificate(der: Uint8Array, signerId: DerElement, certificates: Buffer[]): Buffer | null {
  if (signerId.tag !== TAG.sequence) return null
  const [issuer, serial] = derChildren(der, signerId)
  if (!issuer || !serial) throw new DerError('Malformed signer identifier')
  const wantedIssuer = slice(der, issuer)
  const wantedSerial = slice(der, expectTag(serial, TAG.integer, 'a serial number'))
  for (const certificate of certificates) {
    const tbs = derChildren(
      certificate,
      expectTag(derChildren(certificate, readDer(certificate))[0], TAG.sequence, 'a TBSCertificate'),
    )
    // An explicit version [0] comes first when present.
    const fields = tbs[0]?.tag === TAG.context0 ? tbs.slice(1) : tbs
    const [serialField, , issuerField] = fields
    if (!serialField || !issuerField) continue
    if (slice(certificate, serialField).equals(wantedSerial) && slice(certificate, issuerField).equals(wantedIssuer))
      return certificate
  }
  return null
}

// ───────────────────────────── The PDF ─────────────────────────────

/** A signature dictionary found in the file: its /ByteRange and where it sits. */
export type SignatureDictionary = {
  byteRange: [number, number, number, number]
  /** Offset of the /ByteRange key, to read the rest of the dictionary around it. */
  offset: number
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s+(\d{1,10})\s*\]/g

/** The file starts like a PDF: "%PDF-" in its first 1024 bytes (where readers look for it). */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).includes('%PDF-', 0, 'latin1')
}

/** The file ends like a PDF: "%%EOF" in its last 1024 bytes (ISO 32000-1 §7.5.5; readers look there). */
export function hasPdfEnd(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 1024)
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from).includes('%%EOF', 0, 'latin1')
}

/** Every /ByteRange with four numbers, in file order. An unfilled placeholder is not one. */
export function findSignatureDictionaries(bytes: Uint8Array): SignatureDictionary[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  return [...text.matchAll(BYTE_RANGE)].map((match) => ({
    byteRange: [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])],
    offset: match.index,
  }))
}

export type CoverageProblem = 'appended' | 'truncated' | 'malformed'

/**
 * Whether the /ByteRange covers the whole file except the signature value itself: from byte 0 to
 * the last byte, with one gap that is exactly the hex string <…> of /Contents. Returns the
 * signature's DER bytes (hex decoded), or the problem.
 */
export function signatureValueOf(
  bytes: Uint8Array,
  { byteRange: [start, gapStart, afterGap, tailLength] }: SignatureDictionary,
): { ok: true; der: Buffer } | { ok: false; problem: CoverageProblem } {
  const end = afterGap + tailLength
  if (start !== 0 || gapStart < 2 || afterGap <= gapStart + 1) return { ok: false, problem: 'malformed' }
  if (end > bytes.length || afterGap > bytes.length) return { ok: false, problem: 'truncated' }
  if (end < bytes.length) return { ok: false, problem: 'appended' }
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset + gapStart, afterGap - gapStart).toString('latin1')
  // The gap must be the signature value and nothing else: any other unsigned bytes could say anything.
  if (!gap.startsWith('<') || !gap.endsWith('>')) return { ok: false, problem: 'malformed' }
  // PDF allows white space inside a hex string (ISO 32000-1 §7.3.4.3); @signpdf writes none.
  const hex = gap.slice(1, -1).replace(/\s+/g, '')
  const der = Buffer.from(hex, 'hex')
  // Buffer.from stops at the first non-hex character: a short result means there was one.
  if (hex.length === 0 || der.length * 2 !== hex.length) return { ok: false, problem: 'malformed' }
  return { ok: true, der }
}

/** SHA-256 (or the named hash) of the two signed byte ranges. */
export function digestOfSignedRanges(
  bytes: Uint8Array,
  { byteRange: [, gapStart, afterGap, tailLength] }: SignatureDictionary,
  algorithm: string,
): Buffer {
  return createHash(algorithm)
    .update(bytes.subarray(0, gapStart))
    .update(bytes.subarray(afterGap, afterGap + tailLength))
    .digest()
}

// Public keys of recently seen signer certificates, by fingerprint: building a KeyObject from a
// certificate costs several times the signature check itself, and almost every file checked is
// signed by one of the portal's few keys. Bounded, so foreign certificates cannot grow it.
const publicKeys = new Map<string, KeyObject>()
const MAX_CACHED_KEYS = 32

function publicKeyOf(certificateDer: Buffer): KeyObject {
  const fingerprint = fingerprintOf(certificateDer)
  let key = publicKeys.get(fingerprint)
  if (!key) {
    key = new X509Certificate(certificateDer).publicKey
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.delete(publicKeys.keys().next().value!)
    publicKeys.set(fingerprint, key)
  }
  return key
}

/** Verifies the signature over the signed attributes with a certificate's public key; false on any failure. */
export function signatureVerifies(parsed: ParsedSignedData, certificateDer: Buffer): boolean {
  try {
    return verifySignature(parsed.signatureHash, parsed.signedAttributes, publicKeyOf(certificateDer), parsed.signature)
  } catch {
    return false
  }
}

/** Lowercase hex SHA-256 of a certificate's DER (as SigningKey.fingerprintSha256 stores it). */
export function fingerprintOf(certificateDer: Buffer): string {
  return createHash('sha256').update(certificateDer).digest('hex')
}

const NUMBER_IN_TEXT = /[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z*~$=U]/g

/**
 * Certificate numbers written in the signature dictionary (the portal puts the number in /Reason
 * and the verification URL in /ContactInfo: issue.server.ts). The dictionary is the text between
 * the object that holds /ByteRange and its "endobj", without the signature value.
 */
export function numbersInSignatureDictionary(bytes: Uint8Array, dictionary: SignatureDictionary): string[] {
  const [, gapStart, afterGap] = dictionary.byteRange
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  const objectStart = Math.max(0, text.lastIndexOf(' obj', dictionary.offset))
  const objectEnd = text.indexOf('endobj', Math.max(dictionary.offset, afterGap))
  const around = text.slice(objectStart, gapStart) + text.slice(afterGap, objectEnd < 0 ? afterGap : objectEnd)
  return [...new Set(around.match(NUMBER_IN_TEXT) ?? [])]
}
