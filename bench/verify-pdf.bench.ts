// `npm run bench verify-pdf`: the cost of checking an uploaded certificate PDF
// (app/certificates/verify-pdf.server.ts inspectCertificatePdf: find the signature, check its
// byte range, read the CMS, hash the signed ranges, verify the RSA signature, fingerprint the
// signer) on a real signed certificate of the current template.
//
// Baseline, measured in the same run: hashing the same file once with node:crypto SHA-256, the
// least any check of the file's integrity costs. The two database lookups that follow in
// verifyCertificatePdf (signing key by fingerprint, certificate by hash, both on unique/indexed
// columns) are not included. Rounds alternate so both see the same machine; the best round of
// each is compared. Sequential, one core.
import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { newCertificateNumber } from '~/certificates/number'
import { CURRENT_TEMPLATE_VERSION, renderCertificatePdf, signPdf } from '~/certificates/pdf.server'
import { createCachedSigner, generateSigningKey } from '~/certificates/signing-keys.server'
import { inspectCertificatePdf } from '~/certificates/verify-pdf.server'

const ROUNDS = 5
const PER_ROUND = 500
const WARMUP = 100

const number = newCertificateNumber()
const unsigned = await renderCertificatePdf({
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
})
const signer = createCachedSigner(generateSigningKey({ commonName: 'Bench Signing Key', validityYears: 1 }))
const pdf = await signPdf(unsigned, signer, {
  reason: `Certificate of compliance ${number}`,
  name: 'Trafficking-Free Vendor Portal',
  location: 'portal.example',
  contactInfo: `https://portal.example/verify/${number}`,
})
if (inspectCertificatePdf(pdf).failure !== null) throw new Error('the benchmark file does not check as signed')

let sink = 0
const baseline = () => {
  sink += createHash('sha256').update(pdf).digest()[0]!
}
const inspect = () => {
  sink += inspectCertificatePdf(pdf).sizeBytes
}

function round(fn: () => void): number {
  const start = performance.now()
  for (let i = 0; i < PER_ROUND; i++) fn()
  return (performance.now() - start) / PER_ROUND
}

for (let i = 0; i < WARMUP; i++) {
  baseline()
  inspect()
}
let bestBaseline = Infinity
let bestInspect = Infinity
for (let r = 0; r < ROUNDS; r++) {
  bestBaseline = Math.min(bestBaseline, round(baseline))
  bestInspect = Math.min(bestInspect, round(inspect))
}

console.log(`certificate PDF: ${(pdf.length / 1000).toFixed(1)} kB`)
console.log(`baseline  SHA-256 of the file once:        ${(bestBaseline * 1000).toFixed(1)} µs per file`)
console.log(
  `measured  inspectCertificatePdf (all checks): ${(bestInspect * 1000).toFixed(1)} µs per file (${Math.round(1000 / bestInspect)} files/s on one core)`,
)
console.log(`ratio     ${(bestInspect / bestBaseline).toFixed(1)}× the baseline`)
if (sink === 0.5) console.log('')
