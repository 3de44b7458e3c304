// `npm run bench certificates`: how many signed certificate PDFs one core makes per second
// (app/certificates/pdf.server.ts + signing-keys.server.ts).
//
// Baseline, measured in the same run: pdfkit drawing the same page unsigned (renderCertificatePdf,
// QR code included) plus one RSA-2048 SHA-256 signature over it with node:crypto, which is the
// least any signed certificate costs. Measured: renderCertificatePdf + signPdf with a cached
// signer (placeholder-plain on the finished buffer, node-forge PKCS#7 detached). Rounds of the
// two alternate so that both see the same machine; the best round of each is compared.
// Reported: certificates per second for each, and the ratio of their per-certificate times
// (goal: within 2×). Sequential, one at a time: one core.
import { generateKeyPairSync, sign } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { newCertificateNumber } from '~/certificates/number'
import {
  CURRENT_TEMPLATE_VERSION,
  renderCertificatePdf,
  signPdf,
  type CertificatePdfData,
} from '~/certificates/pdf.server'
import { createCachedSigner, generateSigningKey, parseSigningKey } from '~/certificates/signing-keys.server'

const ROUNDS = 5
const PER_ROUND = 40
const WARMUP = 10

function data(i: number): CertificatePdfData {
  const number = newCertificateNumber()
  return {
    number,
    language: i % 2 === 0 ? 'en' : 'es',
    portalName: 'Trafficking-Free Vendor Portal',
    agencyName: 'Department of General Services',
    vendorLegalName: `Acme Janitorial Services ${i} LLC`,
    uei: 'J7M3KQ2LNXB5',
    scope: ['Contract 47QSWA24D0012 (custodial services)', 'Subcontract: Bright Floors Inc.'],
    validFrom: new Date('2026-03-01T00:00:00Z'),
    validUntil: new Date('2027-02-28T00:00:00Z'),
    issuedAt: new Date('2026-03-01T15:30:00Z'),
    templateVersion: CURRENT_TEMPLATE_VERSION,
    verifyUrl: `https://portal.example/verify/${number}`,
  }
}

const details = {
  reason: 'Certificate of compliance',
  name: 'Trafficking-Free Vendor Portal',
  location: 'Sacramento, CA',
  contactInfo: 'certificates@portal.example',
}

const key = parseSigningKey(generateSigningKey({ commonName: 'Bench Signing Key', validityYears: 1 }))
const signer = createCachedSigner(key)
const { privateKey: baselineKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })

let sink = 0
async function baselineOnce(i: number) {
  const pdf = await renderCertificatePdf(data(i))
  sink += sign('sha256', pdf, baselineKey).length + pdf.length
}
async function signedOnce(i: number) {
  const pdf = await renderCertificatePdf(data(i))
  sink += (await signPdf(pdf, signer, details)).length
}

async function round(run: (i: number) => Promise<void>, count: number): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) await run(i)
  return (performance.now() - start) / count
}

for (let i = 0; i < WARMUP; i++) {
  await baselineOnce(i)
  await signedOnce(i)
}

const baselineMs: number[] = []
const signedMs: number[] = []
for (let r = 0; r < ROUNDS; r++) {
  baselineMs.push(await round(baselineOnce, PER_ROUND))
  signedMs.push(await round(signedOnce, PER_ROUND))
}

// Where the time goes in a signed certificate, best of a round each.
const sample = await renderCertificatePdf(data(0))
const renderMs = await round(async (i) => {
  sink += (await renderCertificatePdf(data(i))).length
}, PER_ROUND)
const signOnlyMs = await round(async () => {
  sink += (await signPdf(sample, signer, details)).length
}, PER_ROUND)

const best = (values: number[]) => Math.min(...values)
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const b = best(baselineMs)
const s = best(signedMs)
const ratio = s / b
console.log(
  `PDF size: ${sample.length} bytes unsigned, ${(await signPdf(sample, signer, details)).length} bytes signed`,
)
console.log(
  `Baseline (pdfkit page + node:crypto RSA-2048 signature): ${b.toFixed(2)} ms each, ${(1000 / b).toFixed(1)}/s (median round ${median(baselineMs).toFixed(2)} ms)`,
)
console.log(
  `Signed certificate (render + placeholder + PKCS#7):      ${s.toFixed(2)} ms each, ${(1000 / s).toFixed(1)}/s (median round ${median(signedMs).toFixed(2)} ms)`,
)
console.log(`  of which render ${renderMs.toFixed(2)} ms, placeholder + PKCS#7 signature ${signOnlyMs.toFixed(2)} ms`)
console.log(`Ratio signed / baseline: ${ratio.toFixed(2)}× (goal: within 2×) ${ratio <= 2 ? 'OK' : 'ABOVE GOAL'}`)
if (sink === 0) console.log('')
