import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import PDFDocument from 'pdfkit'
import { beforeAll, describe, expect, it } from 'vitest'
import { newCertificateNumber } from './number'
import { CURRENT_TEMPLATE_VERSION, renderCertificatePdf, signPdf } from './pdf.server'
import {
  decodeOid,
  derChildren,
  DerError,
  findSignatureDictionaries,
  fingerprintOf,
  hasPdfEnd,
  hasPdfHeader,
  numbersInSignatureDictionary,
  parseSignedData,
  readDer,
  signatureValueOf,
} from './pdf-signature.server'
import { createCachedSigner, generateSigningKey, type SigningKeyPem } from './signing-keys.server'
import { checkList, inspectCertificatePdf, PDF_CHECK_IDS } from './verify-pdf.server'

// The pieces of "Verify a PDF" that need no database: reading DER, finding the signature in the
// file, and the ordered checks on real signed certificate files and on damaged copies of them.

let key: SigningKeyPem
let number: string
let signed: Buffer

async function signedCertificate(signingKey: SigningKeyPem, certificateNumber: string): Promise<Buffer> {
  const unsigned = await renderCertificatePdf({
    number: certificateNumber,
    language: 'en',
    portalName: 'Trafficking-Free Vendor Portal',
    agencyName: 'Department of General Services',
    vendorLegalName: 'Acme Janitorial Services LLC',
    uei: 'J7M3KQ2LNXB5',
    scope: ['Contract 47QSWA24D0012'],
    validFrom: new Date('2026-03-01T00:00:00Z'),
    validUntil: new Date('2027-03-01T00:00:00Z'),
    issuedAt: new Date('2026-03-01T00:00:00Z'),
    templateVersion: CURRENT_TEMPLATE_VERSION,
    verifyUrl: `https://portal.example/verify/${certificateNumber}`,
  })
  return signPdf(unsigned, createCachedSigner(signingKey), {
    reason: `Certificate of compliance ${certificateNumber}`,
    name: 'Trafficking-Free Vendor Portal',
    location: 'portal.example',
    contactInfo: `https://portal.example/verify/${certificateNumber}`,
  })
}

function unsignedPdf(): Promise<Buffer> {
  const doc = new PDFDocument()
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.text('Certificate of Compliance (not signed)')
  doc.end()
  return done
}

beforeAll(async () => {
  key = generateSigningKey({ commonName: 'Test Portal Signing Key', validityYears: 1 })
  number = newCertificateNumber()
  signed = await signedCertificate(key, number)
})

describe('DER reader', () => {
  it('reads short and long lengths and nested elements', () => {
    // SEQUENCE { INTEGER 5, OCTET STRING (200 bytes) }
    const octets = Buffer.concat([Buffer.from([0x04, 0x81, 200]), Buffer.alloc(200, 7)])
    const der = Buffer.concat([Buffer.from([0x30, 0x81, 3 + octets.length, 0x02, 0x01, 0x05]), octets])
    const sequence = readDer(der)
    expect(sequence).toEqual({ tag: 0x30, start: 0, contentStart: 3, end: der.length })
    const [integer, octetString] = derChildren(der, sequence)
    expect(integer).toMatchObject({ tag: 0x02, contentStart: 5, end: 6 })
    expect(octetString).toMatchObject({ tag: 0x04, contentStart: 9, end: der.length })
  })

  it('decodes object identifiers', () => {
    const sha256 = Buffer.from('0609608648016503040201', 'hex')
    expect(decodeOid(sha256, readDer(sha256))).toBe('2.16.840.1.101.3.4.2.1')
    const signedData = Buffer.from('06092a864886f70d010702', 'hex')
    expect(decodeOid(signedData, readDer(signedData))).toBe('1.2.840.113549.1.7.2')
  })

  it('refuses truncated, indefinite-length and overlong elements', () => {
    expect(() => readDer(Buffer.from([0x30]))).toThrow(DerError)
    expect(() => readDer(Buffer.from([0x30, 0x80, 0x00, 0x00]))).toThrow(DerError)
    expect(() => readDer(Buffer.from([0x30, 0x05, 0x02, 0x01]))).toThrow(DerError)
    expect(() => readDer(Buffer.from([0x04, 0x85, 1, 0, 0, 0, 0]))).toThrow(DerError)
    // A child that claims more than its parent holds.
    const lying = Buffer.from([0x30, 0x03, 0x04, 0x05, 0x00])
    expect(() => derChildren(lying, readDer(lying))).toThrow(DerError)
  })
})

describe('finding the signature in a PDF', () => {
  it('finds the one /ByteRange of a signed certificate, covering the whole file around the signature value', () => {
    expect(hasPdfHeader(signed)).toBe(true)
    expect(hasPdfEnd(signed)).toBe(true)
    const dictionaries = findSignatureDictionaries(signed)
    expect(dictionaries).toHaveLength(1)
    const [start, gapStart, afterGap, tailLength] = dictionaries[0]!.byteRange
    expect(start).toBe(0)
    expect(afterGap + tailLength).toBe(signed.length)
    expect(String.fromCharCode(signed[gapStart]!, signed[afterGap - 1]!)).toBe('<>')
    const value = signatureValueOf(signed, dictionaries[0]!)
    expect(value.ok).toBe(true)
  })

  it('reads the CMS SignedData: SHA-256, the message digest, and the signer certificate', () => {
    const dictionary = findSignatureDictionaries(signed)[0]!
    const value = signatureValueOf(signed, dictionary)
    if (!value.ok) throw new Error(value.problem)
    const parsed = parseSignedData(value.der)
    expect(parsed.digestAlgorithm).toBe('sha256')
    expect(parsed.signatureHash).toBe('sha256')
    expect(parsed.signedAttributes[0]).toBe(0x31)
    const [, gapStart, afterGap, tailLength] = dictionary.byteRange
    const digest = createHash('sha256')
      .update(signed.subarray(0, gapStart))
      .update(signed.subarray(afterGap, afterGap + tailLength))
      .digest()
    expect(parsed.messageDigest.equals(digest)).toBe(true)
    expect(parsed.signerCertificate).not.toBeNull()
    expect(fingerprintOf(parsed.signerCertificate!)).toBe(key.fingerprintSha256)
  })

  it('finds the certificate number the portal writes into the signature dictionary', () => {
    expect(numbersInSignatureDictionary(signed, findSignatureDictionaries(signed)[0]!)).toEqual([number])
  })

  it('tells appended bytes from a cut-off file', () => {
    const dictionary = findSignatureDictionaries(signed)[0]!
    expect(signatureValueOf(Buffer.concat([signed, Buffer.from('\n% more\n')]), dictionary)).toEqual({
      ok: false,
      problem: 'appended',
    })
    expect(signatureValueOf(signed.subarray(0, signed.length - 10), dictionary)).toEqual({
      ok: false,
      problem: 'truncated',
    })
  })

  it('refuses a byte range that leaves anything but the signature value unsigned', () => {
    const [, gapStart, afterGap, tailLength] = findSignatureDictionaries(signed)[0]!.byteRange
    const shifted = {
      byteRange: [0, gapStart - 5, afterGap, tailLength] as [number, number, number, number],
      offset: 0,
    }
    expect(signatureValueOf(signed, shifted)).toEqual({ ok: false, problem: 'malformed' })
    const notFromStart = {
      byteRange: [10, gapStart, afterGap, tailLength] as [number, number, number, number],
      offset: 0,
    }
    expect(signatureValueOf(signed, notFromStart)).toEqual({ ok: false, problem: 'malformed' })
  })

  it('refuses signature data that is not a SignedData', () => {
    expect(() => parseSignedData(Buffer.from('300d06092a864886f70d010701a000', 'hex'))).toThrow(DerError)
    expect(() => parseSignedData(Buffer.from('3003020105', 'hex'))).toThrow(DerError)
    expect(() => parseSignedData(Buffer.alloc(0))).toThrow(DerError)
  })
})

describe('inspectCertificatePdf', () => {
  const failureOf = (bytes: Uint8Array) => inspectCertificatePdf(bytes).failure

  it('passes every check it can make on an untouched signed certificate', () => {
    const inspection = inspectCertificatePdf(signed)
    expect(inspection.failure).toBeNull()
    expect(inspection.signerFingerprint).toBe(key.fingerprintSha256)
    expect(inspection.numbers).toEqual([number])
    expect(inspection.sha256).toBe(createHash('sha256').update(signed).digest('hex'))
  })

  it('one byte changed inside the signed range: digest mismatch', () => {
    const edited = Buffer.from(signed)
    const at = Math.floor(findSignatureDictionaries(signed)[0]!.byteRange[1] / 2)
    edited[at] = edited[at]! ^ 0x01
    expect(failureOf(edited)).toEqual({ check: 'digest', verdict: 'digest_mismatch' })
  })

  it('a byte changed inside the signature value: the signature data or the signature fails', () => {
    const edited = Buffer.from(signed)
    const [, gapStart] = findSignatureDictionaries(signed)[0]!.byteRange
    // Near the end of the DER: inside the RSA signature value.
    const value = signatureValueOf(signed, findSignatureDictionaries(signed)[0]!)
    if (!value.ok) throw new Error(value.problem)
    const derLength = readDer(value.der).end
    const hexOffset = gapStart + 1 + (derLength - 10) * 2
    edited[hexOffset] = edited[hexOffset] === 0x30 ? 0x31 : 0x30
    expect(failureOf(edited)).toEqual({ check: 'signature', verdict: 'bad_signature' })
  })

  it('bytes appended after signing, or a cut-off file, get their own answers', () => {
    expect(failureOf(Buffer.concat([signed, Buffer.from('\n% saved again\n')]))).toEqual({
      check: 'whole_file',
      verdict: 'appended',
    })
    expect(failureOf(signed.subarray(0, signed.length - 200))).toEqual({ check: 'complete', verdict: 'truncated' })
    expect(failureOf(signed.subarray(0, Math.floor(signed.length / 2)))).toEqual({
      check: 'complete',
      verdict: 'truncated',
    })
  })

  it('an unsigned PDF, a PNG, random bytes, an empty file, an oversize file', async () => {
    expect(failureOf(await unsignedPdf())).toEqual({ check: 'signature_present', verdict: 'no_signature' })
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c636000000200015e2b0d0a0000000049454e44ae426082',
      'hex',
    )
    expect(failureOf(png)).toEqual({ check: 'pdf', verdict: 'not_pdf' })
    expect(failureOf(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))).toEqual({
      check: 'pdf',
      verdict: 'not_pdf',
    })
    expect(failureOf(Buffer.alloc(0))).toEqual({ check: 'not_empty', verdict: 'empty' })
    expect(inspectCertificatePdf(signed, { maxBytes: signed.length - 1 }).failure).toEqual({
      check: 'size',
      verdict: 'too_large',
    })
  })

  it('a certificate signed by another key passes the signature checks (the key check needs the database)', async () => {
    const foreign = generateSigningKey({ commonName: 'Someone Else', validityYears: 1 })
    const inspection = inspectCertificatePdf(await signedCertificate(foreign, number))
    expect(inspection.failure).toBeNull()
    expect(inspection.signerFingerprint).toBe(foreign.fingerprintSha256)
  })
})

describe('agreement with a standard reader', () => {
  function pdfsig(bytes: Uint8Array): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-pdf-'))
    try {
      const file = path.join(directory, 'certificate.pdf')
      fs.writeFileSync(file, bytes)
      const result = spawnSync('pdfsig', [file], { encoding: 'utf8' })
      if (result.error) throw result.error
      return `${result.stdout}\n${result.stderr}`
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  }

  it('poppler pdfsig calls valid what passes here, and a digest mismatch what fails the digest check here', () => {
    expect(pdfsig(signed)).toContain('Signature is Valid')
    expect(inspectCertificatePdf(signed).failure).toBeNull()
    const edited = Buffer.from(signed)
    edited[1500] = edited[1500]! ^ 0x01
    expect(pdfsig(edited)).toContain('Digest Mismatch')
    expect(inspectCertificatePdf(edited).failure?.verdict).toBe('digest_mismatch')
  })
})

describe('checkList', () => {
  it('passed up to the failed check, not reached after it', () => {
    const list = checkList('digest')
    expect(list.map((check) => check.id)).toEqual([...PDF_CHECK_IDS])
    const index = PDF_CHECK_IDS.indexOf('digest')
    expect(list.slice(0, index).every((check) => check.status === 'passed')).toBe(true)
    expect(list[index]?.status).toBe('failed')
    expect(list.slice(index + 1).every((check) => check.status === 'not_reached')).toBe(true)
    expect(checkList(null).every((check) => check.status === 'passed')).toBe(true)
  })
})
