import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buffer } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { markAttestationApproved } from '~/attestations/attestations.server'
import { addMonthsUtc, issueCertificate } from '~/certificates/issue.server'
import { isValidCertificateNumber } from '~/certificates/number'
import { getEnv, setEnv, type Env } from '~/config/env.server'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import { getStorage } from '~/documents/storage.server'
import { decideReview } from '~/review/review.server'
import { loader as downloadLoader } from '~/routes/org.certificate.download'
import { loader as listLoader } from '~/routes/org.certificates'
import { callRoute, getRequest, signedInMember, type SignedInMember } from '#tests/support/routes'

// Certificates issued on approval (product.md §6): one per approved declaration, whether
// self-certified or approved by the agency's reviewer; a signed PDF in storage whose hash is on
// record; validity from the agency's policy; the previous certificate for the same contract
// superseded; the vendor's list and download, and nobody else's.

let dataDir: string
let previousEnv: Env
let agency: CreatedOrganization
let reviewAgency: CreatedOrganization
let reviewer: SignedInMember

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-certificates-'))
  previousEnv = getEnv()
  setEnv({ ...previousEnv, DATA_DIR: dataDir, dataDir })
  setDocumentSettings({ maxUploadBytes: 1024 * 1024, storage: { driver: 'local', root: path.join(dataDir, 'uploads') } })
  // No tier goes to review: a compliant declaration is certified on submission.
  agency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [], certificateValidityMonths: 6 } })
  reviewAgency = await createOrganization(db(), { kind: 'agency' })
  reviewer = await signedInMember(reviewAgency.id, 'reviewer')
})

afterAll(async () => {
  setDocumentSettings(undefined)
  setEnv(previousEnv)
  await fs.rm(dataDir, { recursive: true, force: true })
})

async function vendorWithContract(agencyId: string) {
  const vendor = await createOrganization(db(), { kind: 'vendor' })
  const owner = await signedInMember(vendor.id, 'owner')
  const contract = await createContract(db(), { agencyId, primeVendorId: vendor.id })
  const signer = { id: owner.id, name: owner.name, title: 'Owner' }
  return { vendor, owner, contract, signer }
}

function certificatesOf(attestationId: string) {
  return db().certificate.findMany({ where: { attestationId } })
}

async function storedPdf(key: string | null): Promise<Buffer> {
  if (!key) throw new Error('no stored PDF')
  return buffer(await getStorage().get(key))
}

function pdfsig(pdf: Buffer, name: string): Promise<string> {
  const file = path.join(dataDir, name)
  return fs.writeFile(file, pdf).then(() => {
    const result = spawnSync('pdfsig', [file], { encoding: 'utf8' })
    if (result.error) throw result.error
    return `${result.stdout}\n${result.stderr}`
  })
}

describe('issuing on approval', () => {
  test('a self-certified declaration gets one signed certificate, valid for the policy months', async () => {
    const { vendor, contract, signer } = await vendorWithContract(agency.id)
    const before = new Date()
    const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    expect(declaration.status).toBe('approved')

    const certificates = await certificatesOf(declaration.attestationId)
    expect(certificates).toHaveLength(1)
    const certificate = certificates[0]!
    expect(isValidCertificateNumber(certificate.number)).toBe(true)
    expect(certificate).toMatchObject({
      organizationId: vendor.id,
      agencyId: agency.id,
      status: 'valid',
      language: 'en',
      supersededById: null,
      scope: { contractIds: [contract.id], contractNumbers: [contract.number] },
    })
    expect(certificate.validFrom.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000)
    expect(certificate.validUntil.toISOString()).toBe(addMonthsUtc(certificate.validFrom, 6).toISOString())

    // Signed with the active key, which is on record.
    const key = await db().signingKey.findUniqueOrThrow({ where: { id: certificate.signingKeyId ?? '' } })
    expect(key).toMatchObject({ source: 'generated', active: true })
    await expect(fs.access(path.join(dataDir, 'signing', 'key.pem'))).resolves.toBeUndefined()

    const pdf = await storedPdf(certificate.pdfStorageKey)
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(certificate.pdfSha256)
    expect(await pdfsig(pdf, 'self-certified.pdf')).toContain('Signature is Valid')

    const event = await db().auditEvent.findFirst({ where: { action: 'certificate.issued', targetId: certificate.id } })
    expect(event).toMatchObject({ organizationId: vendor.id, targetType: 'Certificate' })
    expect(event?.data).toMatchObject({ number: certificate.number, attestationId: declaration.attestationId })

    // Approving again changes nothing: still one certificate.
    const again = await db().$transaction(async (tx) => {
      const approved = await markAttestationApproved(tx, { attestationId: declaration.attestationId, at: new Date(), reviewerId: null })
      const issued = await issueCertificate(tx, { attestationId: declaration.attestationId, at: new Date() })
      return { approved, issued }
    })
    expect(again.approved).toBe(false)
    expect(again.issued.id).toBe(certificate.id)
    expect(await certificatesOf(declaration.attestationId)).toHaveLength(1)
  })

  test('a declaration approved by the reviewer gets one certificate; a second decision changes nothing', async () => {
    const { vendor, contract, signer } = await vendorWithContract(reviewAgency.id)
    await db().organization.update({ where: { id: vendor.id }, data: { preferredLanguage: 'es' } })
    const declaration = await makeDeclaration(db(), {
      organizationId: vendor.id,
      contractIds: [contract.id],
      signer,
      no: { A1: 'Our policy is being rewritten this quarter.' },
    })
    expect(declaration.status).toBe('submitted')
    expect(await certificatesOf(declaration.attestationId)).toHaveLength(0)

    const input = { agencyId: reviewAgency.id, attestationId: declaration.attestationId, reviewerId: reviewer.id, decision: 'approved' as const }
    expect(await decideReview(input)).toMatchObject({ ok: true })
    expect(await decideReview(input)).toMatchObject({ ok: false })

    const certificates = await certificatesOf(declaration.attestationId)
    expect(certificates).toHaveLength(1)
    const certificate = certificates[0]!
    expect(certificate).toMatchObject({ agencyId: reviewAgency.id, language: 'es', status: 'valid' })
    // The default policy: 12 months.
    expect(certificate.validUntil.toISOString()).toBe(addMonthsUtc(certificate.validFrom, 12).toISOString())
    const pdf = await storedPdf(certificate.pdfStorageKey)
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(certificate.pdfSha256)
    expect(await pdfsig(pdf, 'reviewed.pdf')).toContain('Signature is Valid')
  })

  test('a second approved declaration for the same contract supersedes the first certificate', async () => {
    const { vendor, contract, signer } = await vendorWithContract(agency.id)
    const first = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    const second = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    const [old] = await certificatesOf(first.attestationId)
    const [current] = await certificatesOf(second.attestationId)
    expect(old).toMatchObject({ status: 'superseded', supersededById: current!.id })
    expect(current).toMatchObject({ status: 'valid', supersededById: null })

    // A certificate for another contract of the same vendor is left alone.
    const other = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
    const third = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [other.id], signer })
    expect(await certificatesOf(third.attestationId)).toMatchObject([{ status: 'valid' }])
    expect(await db().certificate.findUniqueOrThrow({ where: { id: current!.id } })).toMatchObject({ status: 'valid' })
  })
})

describe('the vendor’s certificates', () => {
  test('the vendor lists and downloads its certificate; another vendor gets 404', async () => {
    const { vendor, owner, contract, signer } = await vendorWithContract(agency.id)
    const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    const [certificate] = await certificatesOf(declaration.attestationId)
    const number = certificate!.number

    const list = await callRoute(listLoader, { request: getRequest(`/orgs/${vendor.id}/certificates`, { cookie: owner.cookie }), params: { orgId: vendor.id } })
    expect(list.status).toBe(200)
    expect(list.data).toMatchObject({
      certificates: [{ number, state: 'valid', contractNumbers: [contract.number], hasPdf: true }],
    })

    const response = await downloadLoader({
      request: getRequest(`/orgs/${vendor.id}/certificates/${number}/pdf`, { cookie: owner.cookie }),
      params: { orgId: vendor.id, number },
      context: { cspNonce: '' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="certificate-${number}.pdf"`)
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Cache-Control')).toContain('no-store')
    const body = Buffer.from(await response.arrayBuffer())
    expect(createHash('sha256').update(body).digest('hex')).toBe(certificate!.pdfSha256)

    // Another vendor: not through the certificate's organization, nor through its own.
    const { vendor: otherVendor, owner: otherOwner } = await vendorWithContract(agency.id)
    for (const orgId of [vendor.id, otherVendor.id]) {
      const denied = await callRoute(downloadLoader, {
        request: getRequest(`/orgs/${orgId}/certificates/${number}/pdf`, { cookie: otherOwner.cookie }),
        params: { orgId, number },
      })
      expect(denied.status).toBe(404)
    }
    const otherList = await callRoute(listLoader, { request: getRequest(`/orgs/${otherVendor.id}/certificates`, { cookie: otherOwner.cookie }), params: { orgId: otherVendor.id } })
    expect(otherList.data).toMatchObject({ certificates: [] })
  })

  test('an agency gets its own list at the same address, not a vendor’s', async () => {
    const admin = await signedInMember(agency.id, 'agency_admin')
    const result = await callRoute(listLoader, { request: getRequest(`/orgs/${agency.id}/certificates`, { cookie: admin.cookie }), params: { orgId: agency.id } })
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({ view: 'agency' })
  })
})
