// Keys that sign certificate PDFs (product.md §6). An X.509 certificate with its private key:
// a PKCS#12 file from configuration in production, or a self-signed key generated once and kept
// in the data directory for the embedded default. The signer parses the key once and can sign
// any number of PDFs (unlike @signpdf/signer-p12, see platform-notes.md "PDF signing").
import {
  constants,
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  privateEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Signer } from '@signpdf/signpdf'
import forge from 'node-forge'

/** A signing key as stored: PEM text and the SHA-256 fingerprint of the certificate (DER). */
export type SigningKeyPem = {
  privateKeyPem: string
  certificatePem: string
  /** Lowercase hex SHA-256 of the certificate's DER encoding (SigningKey.fingerprintSha256). */
  fingerprintSha256: string
}

/** A signing key parsed once, ready to sign. */
export type LoadedSigningKey = SigningKeyPem & {
  certificate: forge.pki.Certificate
  /** The private key for node:crypto (OpenSSL), which does the RSA operation. */
  privateKey: KeyObject
}

// Object identifiers used below (forge.pki.oids has them too, but typed as possibly undefined).
const OID = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  sha256: '2.16.840.1.101.3.4.2.1',
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const

/** The setting that holds the PKCS#12 passphrase, named in error messages. */
export const PKCS12_PASSPHRASE_SETTING = 'SIGNING_KEY_PASSPHRASE'

export function certificateFingerprintSha256(certificate: forge.pki.Certificate): string {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes()
  return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex')
}

/**
 * A new RSA-2048 key and a self-signed X.509 certificate for it (SHA-256, key usage
 * digitalSignature + nonRepudiation). The key pair comes from node:crypto (fast); node-forge
 * builds and signs the certificate.
 */
export function generateSigningKey({
  commonName,
  validityYears,
  now = new Date(),
}: {
  commonName: string
  validityYears: number
  now?: Date
}): SigningKeyPem {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const forgeKey = forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey

  const certificate = forge.pki.createCertificate()
  certificate.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e)
  // A positive 128-bit serial number (first byte below 0x80).
  const serial = randomBytes(16)
  serial[0] = serial[0]! & 0x7f
  certificate.serialNumber = serial.toString('hex')
  // A few minutes back so that a verifier whose clock is slightly behind still accepts it.
  certificate.validity.notBefore = new Date(now.getTime() - 5 * 60_000)
  const notAfter = new Date(now)
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + validityYears)
  certificate.validity.notAfter = notAfter
  const subject = [{ name: 'commonName', value: commonName }]
  certificate.setSubject(subject)
  certificate.setIssuer(subject)
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ])
  certificate.sign(forgeKey, forge.md.sha256.create())

  return {
    privateKeyPem,
    certificatePem: forge.pki.certificateToPem(certificate),
    fingerprintSha256: certificateFingerprintSha256(certificate),
  }
}

/** Parses PEM text once into a key ready for createCachedSigner. */
export function parseSigningKey({
  privateKeyPem,
  certificatePem,
}: Pick<SigningKeyPem, 'privateKeyPem' | 'certificatePem'>): LoadedSigningKey {
  const certificate = forge.pki.certificateFromPem(certificatePem)
  const privateKey = createPrivateKey(privateKeyPem)
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The signing key must be an RSA key.')
  const certificatePublicKey = certificate.publicKey as forge.pki.rsa.PublicKey
  const jwk = privateKey.export({ format: 'jwk' })
  const modulus = Buffer.from(jwk.n ?? '', 'base64url')
    .toString('hex')
    .replace(/^0+/, '')
  if (modulus !== certificatePublicKey.n.toString(16).replace(/^0+/, '')) {
    throw new Error('The signing certificate does not belong to the signing private key.')
  }
  return {
    privateKeyPem,
    certificatePem,
    fingerprintSha256: certificateFingerprintSha256(certificate),
    certificate,
    privateKey,
  }
}

/**
 * The embedded default key: `<dataDir>/signing/key.pem` and `cert.pem` (mode 0600), generated
 * on first use and read back afterwards.
 */
export async function loadOrCreateLocalKey(
  dataDir: string,
  {
    commonName = 'Trafficking-Free Vendor Portal (local signing key)',
    validityYears = 10,
  }: { commonName?: string; validityYears?: number } = {},
): Promise<LoadedSigningKey> {
  const directory = path.join(dataDir, 'signing')
  const keyPath = path.join(directory, 'key.pem')
  const certPath = path.join(directory, 'cert.pem')
  try {
    const [privateKeyPem, certificatePem] = await Promise.all([
      fs.readFile(keyPath, 'utf8'),
      fs.readFile(certPath, 'utf8'),
    ])
    return parseSigningKey({ privateKeyPem, certificatePem })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await fs.mkdir(directory, { recursive: true, mode: 0o700 })
  const generated = generateSigningKey({ commonName, validityYears })
  // 'wx': never overwrite a key another process wrote in the meantime.
  try {
    await fs.writeFile(keyPath, generated.privateKeyPem, { mode: 0o600, flag: 'wx' })
    await fs.writeFile(certPath, generated.certificatePem, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const [privateKeyPem, certificatePem] = await Promise.all([
      fs.readFile(keyPath, 'utf8'),
      fs.readFile(certPath, 'utf8'),
    ])
    return parseSigningKey({ privateKeyPem, certificatePem })
  }
  return parseSigningKey(generated)
}

/**
 * Every local key in `<dataDir>/signing`: the first one (`key.pem`, `cert.pem`, the layout since
 * the beginning) and each one added by rotation (`keys/<fingerprint prefix>/key.pem`, `cert.pem`),
 * newest first (by the certificate's notBefore). A key is never deleted: certificates it signed
 * keep verifying after rotation, and the SigningKey row keeps its certificate too.
 */
export async function readLocalKeys(dataDir: string): Promise<LoadedSigningKey[]> {
  const directory = path.join(dataDir, 'signing')
  const candidates = [directory]
  try {
    const entries = await fs.readdir(path.join(directory, 'keys'), { withFileTypes: true })
    for (const entry of entries) if (entry.isDirectory()) candidates.push(path.join(directory, 'keys', entry.name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const keys: LoadedSigningKey[] = []
  for (const candidate of candidates) {
    try {
      const [privateKeyPem, certificatePem] = await Promise.all([
        fs.readFile(path.join(candidate, 'key.pem'), 'utf8'),
        fs.readFile(path.join(candidate, 'cert.pem'), 'utf8'),
      ])
      keys.push(parseSigningKey({ privateKeyPem, certificatePem }))
    } catch (error) {
      // A directory being written by `rotate-key` right now has no cert.pem yet.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  return keys.sort((a, b) => b.certificate.validity.notBefore.getTime() - a.certificate.validity.notBefore.getTime())
}

/** A new local key in `<dataDir>/signing/keys/<fingerprint prefix>/` (mode 0600), for rotation. */
export async function addLocalKey(
  dataDir: string,
  {
    commonName = 'Trafficking-Free Vendor Portal (local signing key)',
    validityYears = 10,
    now = new Date(),
  }: { commonName?: string; validityYears?: number; now?: Date } = {},
): Promise<LoadedSigningKey> {
  const generated = generateSigningKey({ commonName, validityYears, now })
  const directory = path.join(dataDir, 'signing', 'keys', generated.fingerprintSha256.slice(0, 16))
  await fs.mkdir(directory, { recursive: true, mode: 0o700 })
  // The certificate last: readLocalKeys skips a directory without one.
  await fs.writeFile(path.join(directory, 'key.pem'), generated.privateKeyPem, { mode: 0o600, flag: 'wx' })
  await fs.writeFile(path.join(directory, 'cert.pem'), generated.certificatePem, { mode: 0o600, flag: 'wx' })
  return parseSigningKey(generated)
}

/** The setting that holds the path of the PKCS#12 file, named in error messages. */
export const PKCS12_FILE_SETTING = 'SIGNING_KEY_PKCS12_FILE'

/**
 * The configured PKCS#12 file, read and parsed once. Every failure is one sentence naming the
 * setting to fix: no such file, a wrong passphrase, or a file without an RSA key and its certificate.
 */
export async function loadPkcs12File(file: string, passphrase: string): Promise<LoadedSigningKey> {
  let buffer: Buffer
  try {
    buffer = await fs.readFile(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'the file cannot be read (permissions)' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error)
    throw new Error(`${PKCS12_FILE_SETTING} names ${path.resolve(file)}, but ${reason}.`, { cause: error })
  }
  try {
    return loadPkcs12(buffer, passphrase)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // The passphrase message already names its setting; every other problem is the file's.
    if (message.includes(PKCS12_PASSPHRASE_SETTING)) throw error
    throw new Error(`${PKCS12_FILE_SETTING} (${path.resolve(file)}): ${message}`, { cause: error })
  }
}

/**
 * Reads a PKCS#12 (.p12/.pfx) file: the first private key and the certificate that matches it.
 * A wrong passphrase gives an Error naming the setting that holds it.
 */
export function loadPkcs12(
  buffer: Buffer,
  passphrase: string,
  { passphraseSetting = PKCS12_PASSPHRASE_SETTING }: { passphraseSetting?: string } = {},
): LoadedSigningKey {
  let p12: forge.pkcs12.Pkcs12Pfx
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(buffer.toString('binary')))
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new Error(
        `The signing key PKCS#12 file could not be opened: the passphrase is wrong (check the ${passphraseSetting} setting).`,
        {
          cause: error,
        },
      )
    }
    throw new Error(`The signing key PKCS#12 file could not be read: ${message}`, { cause: error })
  }
  const keyBags = [
    ...(p12.getBags({ bagType: OID.pkcs8ShroudedKeyBag })[OID.pkcs8ShroudedKeyBag] ?? []),
    ...(p12.getBags({ bagType: OID.keyBag })[OID.keyBag] ?? []),
  ]
  const forgeKey = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined
  if (!forgeKey) {
    // A wrong passphrase on an unsigned (no MAC) file shows up here, as an undecryptable key.
    throw new Error(
      `The signing key PKCS#12 file holds no readable private key: it has none, or the passphrase is wrong (check the ${passphraseSetting} setting).`,
    )
  }
  const certificates = (p12.getBags({ bagType: OID.certBag })[OID.certBag] ?? [])
    .map((bag: forge.pkcs12.Bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined)
  const modulus = forgeKey.n.toString(16)
  const certificate = certificates.find(
    (cert) => (cert.publicKey as forge.pki.rsa.PublicKey).n.toString(16) === modulus,
  )
  if (!certificate) throw new Error('The signing key PKCS#12 file holds no certificate for its private key.')
  return parseSigningKey({
    privateKeyPem: forge.pki.privateKeyToPem(forgeKey),
    certificatePem: forge.pki.certificateToPem(certificate),
  })
}

// DER prefix of DigestInfo { sha256, NULL } before the 32-byte hash (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex')

/**
 * An @signpdf Signer over a key parsed once: a PKCS#7 (CMS) detached SignedData with SHA-256,
 * the signer's certificate and signed attributes (content type, message digest, signing time),
 * built by node-forge. The RSA PKCS#1 v1.5 operation itself is done by node:crypto on the cached
 * KeyObject, which is much faster than forge's JavaScript big-number arithmetic. Reusable for
 * any number of PDFs.
 */
export class CachedSigner extends Signer {
  readonly fingerprintSha256: string
  readonly #certificate: forge.pki.Certificate
  readonly #privateKey: KeyObject
  readonly #forgeKeyAdapter: { sign(md: forge.md.MessageDigest): string }

  constructor(key: LoadedSigningKey) {
    super()
    this.fingerprintSha256 = key.fingerprintSha256
    this.#certificate = key.certificate
    this.#privateKey = key.privateKey
    const privateKey = this.#privateKey
    // forge's pkcs7 only calls key.sign(md, 'RSASSA-PKCS1-V1_5') on the digest of the signed attributes.
    this.#forgeKeyAdapter = {
      sign(md) {
        const digest = Buffer.from(md.digest().getBytes(), 'binary')
        const digestInfo = Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest])
        return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary')
      },
    }
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData()
    p7.content = forge.util.createBuffer(pdfBuffer.toString('binary'))
    p7.addCertificate(this.#certificate)
    p7.addSigner({
      key: this.#forgeKeyAdapter as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.#certificate,
      digestAlgorithm: OID.sha256,
      authenticatedAttributes: [
        { type: OID.contentType, value: OID.data },
        { type: OID.messageDigest },
        // forge's types want a string; it accepts a Date (and formats it as UTCTime).
        { type: OID.signingTime, value: (signingTime ?? new Date()) as unknown as string },
      ],
    })
    p7.sign({ detached: true })
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary')
  }
}

/** A reusable Signer for @signpdf that parsed its key once. */
export function createCachedSigner(key: LoadedSigningKey | SigningKeyPem): CachedSigner {
  return new CachedSigner('certificate' in key ? key : parseSigningKey(key))
}
