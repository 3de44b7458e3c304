import forge from 'node-forge'
import { generateSigningKey, type SigningKeyPem } from '~/certificates/signing-keys.server'

/**
 * A real PKCS#12 file (DER) as an operator would get one from a certificate authority or make
 * with openssl: the key and its certificate, encrypted with `passphrase`. `withKey: false` makes
 * one holding only the certificate.
 */
export function makePkcs12({
  passphrase,
  commonName = 'Portal test signing key (PKCS#12)',
  withKey = true,
}: {
  passphrase: string
  commonName?: string
  withKey?: boolean
}): { der: Buffer; key: SigningKeyPem } {
  const key = generateSigningKey({ commonName, validityYears: 2 })
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    withKey ? forge.pki.privateKeyFromPem(key.privateKeyPem) : null,
    [forge.pki.certificateFromPem(key.certificatePem)],
    passphrase,
    { algorithm: '3des' },
  )
  return { der: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), key }
}
