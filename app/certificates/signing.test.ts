import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import forge from 'node-forge'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newCertificateNumber } from './number'
import { CURRENT_TEMPLATE_VERSION, renderCertificatePdf, signPdf, type CertificatePdfData } from './pdf.server'
import {
  createCachedSigner,
  generateSigningKey,
  loadOrCreateLocalKey,
  loadPkcs12,
  parseSigningKey,
  type SigningKeyPem,
} from './signing-keys.server'

const signature = {
  reason: 'Certificate of compliance',
  name: 'Trafficking-Free Vendor Portal',
  location: 'Sacramento, CA',
  contactInfo: 'certificates@portal.example',
}

function certificateData(overrides: Partial<CertificatePdfData> = {}): CertificatePdfData {
  const number = overrides.number ?? newCertificateNumber()
  return {
    number,
    language: 'en',
    portalName: 'Trafficking-Free Vendor Portal',
    agencyName: 'Department of General Services',
    vendorLegalName: 'Acme Janitorial Services LLC',
    uei: 'J7M3KQ2LNXB5',
    scope: ['Contract 47QSWA24D0012 (custodial services)', 'Subcontract: Bright Floors Inc.'],
    validFrom: new Date('2026-03-01T00:00:00Z'),
    validUntil: new Date('2027-02-28T00:00:00Z'),
    issuedAt: new Date('2026-03-01T15:30:00Z'),
    templateVersion: CURRENT_TEMPLATE_VERSION,
    verifyUrl: `https://portal.example/verify/${number}`,
    ...overrides,
  }
}

function pdfsig(file: string): string {
  const result = spawnSync('pdfsig', [file], { encoding: 'utf8' })
  if (result.error) throw result.error
  return `${result.stdout}\n${result.stderr}`
}

let tmp: string
let key: SigningKeyPem

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-test-'))
  key = generateSigningKey({ commonName: 'Test Portal Signing Key', validityYears: 2 })
})

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('signing keys', () => {
  it('generates a self-signed RSA-2048 certificate for signing', () => {
    const cert = forge.pki.certificateFromPem(key.certificatePem)
    expect((cert.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048)
    expect(cert.subject.getField('CN').value).toBe('Test Portal Signing Key')
    expect(cert.verify(cert)).toBe(true)
    const keyUsage = cert.getExtension('keyUsage') as {
      digitalSignature?: boolean
      nonRepudiation?: boolean
      keyCertSign?: boolean
    }
    expect(keyUsage.digitalSignature).toBe(true)
    expect(keyUsage.nonRepudiation).toBe(true)
    expect(keyUsage.keyCertSign).toBeFalsy()
    expect(key.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/)
    // Same fingerprint as OpenSSL computes.
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')
    const openssl = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-fingerprint', '-sha256'], {
      input: der,
      encoding: 'utf8',
    })
    expect(openssl.split('=')[1]!.trim().replace(/:/g, '').toLowerCase()).toBe(key.fingerprintSha256)
    const validYears = cert.validity.notAfter.getUTCFullYear() - new Date().getUTCFullYear()
    expect(validYears).toBe(2)
  })

  it('keeps the local key in <dataDir>/signing with mode 0600 and reuses it', async () => {
    const dataDir = path.join(tmp, 'data')
    const first = await loadOrCreateLocalKey(dataDir)
    for (const name of ['key.pem', 'cert.pem']) {
      const stat = fs.statSync(path.join(dataDir, 'signing', name))
      expect(stat.mode & 0o777).toBe(0o600)
    }
    const second = await loadOrCreateLocalKey(dataDir)
    expect(second.fingerprintSha256).toBe(first.fingerprintSha256)
    expect(second.privateKeyPem).toBe(first.privateKeyPem)
  })

  it('reads a PKCS#12 file, and names the passphrase setting when the passphrase is wrong', () => {
    const forgeKey = forge.pki.privateKeyFromPem(key.privateKeyPem)
    const cert = forge.pki.certificateFromPem(key.certificatePem)
    const p12Asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], 'correct horse', { algorithm: '3des' })
    const p12 = Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary')

    const loaded = loadPkcs12(p12, 'correct horse')
    expect(loaded.fingerprintSha256).toBe(key.fingerprintSha256)

    expect(() => loadPkcs12(p12, 'wrong passphrase')).toThrow(/passphrase is wrong.*SIGNING_KEY_PASSPHRASE/)
    expect(() => loadPkcs12(p12, 'wrong', { passphraseSetting: 'CERT_P12_PASSWORD' })).toThrow(/CERT_P12_PASSWORD/)
    expect(() => loadPkcs12(Buffer.from('not a pkcs12 file'), 'x')).toThrow(/could not be read/)
  })

  it('rejects a certificate that does not match the private key', () => {
    const other = generateSigningKey({ commonName: 'Other', validityYears: 1 })
    expect(() => parseSigningKey({ privateKeyPem: key.privateKeyPem, certificatePem: other.certificatePem })).toThrow(
      /does not belong/,
    )
  })
})

describe('signed certificate PDFs', () => {
  it('renders a PDF whose text can be extracted, in English and Spanish', async () => {
    const data = certificateData()
    const file = path.join(tmp, 'text-en.pdf')
    fs.writeFileSync(file, await renderCertificatePdf(data))
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Acme Janitorial Services LLC')
    expect(text).toContain(data.number)
    expect(text).toContain('J7M3KQ2LNXB5')
    expect(text).toContain('Certificate of Compliance')
    expect(text).toContain('1-888-373-7888')
    expect(text).toContain('233733')
    expect(text).toContain('1-844-888-FREE')
    expect(text).toContain('help@befree.org')
    expect(text).toContain('March 1, 2026')
    expect(text).toContain('February 28, 2027')
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)

    const es = path.join(tmp, 'text-es.pdf')
    fs.writeFileSync(es, await renderCertificatePdf(certificateData({ language: 'es' })))
    const textEs = execFileSync('pdftotext', [es, '-'], { encoding: 'utf8' })
    expect(textEs).toContain('Certificado de Cumplimiento')
    expect(textEs).toContain('Válido hasta')
    expect(textEs).toContain('help@befree.org')
    expect(execFileSync('pdfinfo', [es], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/)
  })

  it('signs a rendered PDF so that pdfsig reports a valid signature over the whole document', async () => {
    const data = certificateData()
    const signed = await signPdf(await renderCertificatePdf(data), createCachedSigner(key), signature)
    const file = path.join(tmp, 'signed.pdf')
    fs.writeFileSync(file, signed)
    const report = pdfsig(file)
    expect(report).toContain('Signature is Valid')
    expect(report).toContain('Total document signed')
    expect(report).toContain('Test Portal Signing Key')
    expect(report).toContain('adbe.pkcs7.detached')
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Acme Janitorial Services LLC')
    expect(text).toContain(data.number)
  })

  it('reports a digest mismatch when one byte inside the signed range changes', async () => {
    const data = certificateData()
    const signed = await signPdf(await renderCertificatePdf(data), createCachedSigner(key), signature)
    const byteRange = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(signed.toString('latin1'))
    expect(byteRange).not.toBeNull()
    const [, , firstLength] = byteRange!.map(Number)
    // The vendor's name in the document information dictionary (Subject), well inside the first range.
    const at = signed.indexOf('Acme Janitorial', 0, 'latin1')
    expect(at).toBeGreaterThan(0)
    expect(at).toBeLessThan(firstLength!)
    const tampered = Buffer.from(signed)
    tampered[at] = 'B'.charCodeAt(0)
    const file = path.join(tmp, 'tampered.pdf')
    fs.writeFileSync(file, tampered)
    const report = pdfsig(file)
    expect(report).toMatch(/Digest Mismatch/i)
    expect(report).not.toContain('Signature is Valid')
  })

  it('reuses one cached signer for several PDFs in a row', async () => {
    const signer = createCachedSigner(parseSigningKey(key))
    for (let i = 0; i < 3; i++) {
      const data = certificateData({ vendorLegalName: `Vendor Number ${i} Inc.` })
      const signed = await signPdf(await renderCertificatePdf(data), signer, signature)
      const file = path.join(tmp, `batch-${i}.pdf`)
      fs.writeFileSync(file, signed)
      const report = pdfsig(file)
      expect(report, `PDF ${i}`).toContain('Signature is Valid')
      expect(report, `PDF ${i}`).toContain('Total document signed')
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(`Vendor Number ${i} Inc.`)
    }
  })
})
