import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_REVOCATION_REASON_LENGTH } from '~/certificates/revocation'
import { revokeCertificate } from '~/certificates/revoke.server'
import { newCertificateNumber } from '~/certificates/number'
import { getEnv, setEnv, type Env } from '~/config/env.server'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContact, createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import { loader as apiLoader } from '~/routes/api.certificates.number'
import { action as certificateAction, loader as certificateLoader } from '~/routes/org.certificate'
import { loader as downloadLoader } from '~/routes/org.certificate.download'
import { loader as listLoader } from '~/routes/org.certificates'
import { loader as verifyLoader } from '~/routes/verify.number'
import { callRoute, formRequest, getRequest, signedInMember, useMailCatcher, type SignedInMember } from '#tests/support/routes'

// Revocation by the agency (product.md §6): a reviewer revokes with a reason; the change shows
// at once on every page and in the API, the vendor is emailed in its language, the audit log
// records it. Twice is refused without changing anything; of two at once, one wins. Nobody but
// the certificate's agency may revoke; nobody but holder and agency sees or downloads it.

const mail = useMailCatcher()
const REASON = 'Workers were charged recruitment fees by the staffing agency, found in the site audit.'

let dataDir: string
let previousEnv: Env
let agency: CreatedOrganization
let otherAgency: CreatedOrganization
let reviewer: SignedInMember
let agencyAdmin: SignedInMember
let otherReviewer: SignedInMember

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-revocation-'))
  previousEnv = getEnv()
  setEnv({ ...previousEnv, DATA_DIR: dataDir, dataDir })
  setDocumentSettings({ maxUploadBytes: 1024 * 1024, storage: { driver: 'local', root: path.join(dataDir, 'uploads') } })
  // No tier goes to review: a compliant declaration is certified on submission.
  agency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [] } })
  otherAgency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [] } })
  reviewer = await signedInMember(agency.id, 'reviewer')
  agencyAdmin = await signedInMember(agency.id, 'agency_admin')
  otherReviewer = await signedInMember(otherAgency.id, 'reviewer')
})

afterAll(async () => {
  setDocumentSettings(undefined)
  setEnv(previousEnv)
  await fs.rm(dataDir, { recursive: true, force: true })
})

/** A vendor with an owner, a Spanish-speaking compliance contact and one certified contract of `agencyId`. */
async function certifiedVendor(agencyId: string = agency.id) {
  const vendor = await createOrganization(db(), { kind: 'vendor' })
  const owner = await signedInMember(vendor.id, 'owner')
  const contact = await createContact(db(), { organizationId: vendor.id, kind: 'compliance', language: 'es', email: `cumplimiento-${vendor.id}@example.test` })
  const contract = await createContract(db(), { agencyId, primeVendorId: vendor.id })
  const signer = { id: owner.id, name: owner.name, title: 'Owner' }
  const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
  const certificate = await db().certificate.findUniqueOrThrow({ where: { attestationId: declaration.attestationId } })
  return { vendor, owner, contact, contract, signer, certificate }
}

const detailUrl = (orgId: string, number: string) => `/orgs/${orgId}/certificates/${number}`

function revokeAs(person: { cookie: string } | null, orgId: string, number: string, fields: Record<string, string>) {
  return callRoute(certificateAction, {
    request: formRequest(detailUrl(orgId, number), fields, { cookie: person?.cookie }),
    params: { orgId, number },
  })
}

function stored(number: string) {
  return db().certificate.findUniqueOrThrow({
    where: { number },
    select: { status: true, revokedAt: true, revocationReason: true, revokedById: true },
  })
}

const revocationEvents = (certificateId: string) => db().auditEvent.findMany({ where: { action: 'certificate.revoked', targetId: certificateId } })

describe('a reviewer revokes a certificate', () => {
  test('with a reason: revoked everywhere on the next request, audited, the vendor emailed in its language', async () => {
    const { vendor, owner, contact, certificate } = await certifiedVendor()
    const { number } = certificate

    // A client that fetched the status before holds its ETag.
    const before = await callRoute(apiLoader, { request: getRequest(`/api/v1/certificates/${number}`), params: { number } })
    expect(before.status).toBe(200)
    const etag = before.headers.get('ETag')
    expect(etag).toBeTruthy()

    const page = await callRoute(certificateLoader, { request: getRequest(detailUrl(agency.id, number), { cookie: reviewer.cookie }), params: { orgId: agency.id, number } })
    expect(page.data).toMatchObject({ canRevoke: true, certificate: { state: 'valid', vendor: { legalName: vendor.legalName } } })

    const result = await revokeAs(reviewer, agency.id, number, { reason: `  ${REASON}  `, confirm: 'on' })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`${detailUrl(agency.id, number)}?revoked=1`)

    const row = await stored(number)
    expect(row).toMatchObject({ status: 'revoked', revocationReason: REASON, revokedById: reviewer.id })
    expect(row.revokedAt).toBeInstanceOf(Date)

    const events = await revocationEvents(certificate.id)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorUserId: reviewer.id, organizationId: vendor.id, targetType: 'Certificate' })
    expect(events[0]?.data).toMatchObject({ number, agencyId: agency.id, reason: REASON, previousStatus: 'valid' })

    // The compliance contact reads Spanish, the owner English; both get the number and the reason.
    const spanish = await mail.waitForMailTo(contact.email)
    expect(spanish.subject).toBe(`${agency.legalName} revocó su certificado ${number}`)
    expect(spanish.text).toContain(REASON)
    expect(spanish.text).toContain(`http://portal.test${detailUrl(vendor.id, number)}`)
    expect(spanish.text).toContain('1-888-373-7888')
    const english = await mail.waitForMailTo(owner.email)
    expect(english.subject).toBe(`${agency.legalName} revoked your certificate ${number}`)
    expect(english.text).toContain(REASON)
    expect(english.text).toContain('no longer certifies')

    // Every view, on the very next request.
    const after = await callRoute(certificateLoader, {
      request: getRequest(`${detailUrl(agency.id, number)}?revoked=1`, { cookie: reviewer.cookie }),
      params: { orgId: agency.id, number },
    })
    expect(after.data).toMatchObject({ canRevoke: false, justRevoked: true, certificate: { state: 'revoked', revocationReason: REASON } })
    const vendorList = await callRoute(listLoader, { request: getRequest(`/orgs/${vendor.id}/certificates`, { cookie: owner.cookie }), params: { orgId: vendor.id } })
    expect(vendorList.data).toMatchObject({ certificates: [{ number, state: 'revoked' }] })
    const vendorPage = await callRoute(certificateLoader, { request: getRequest(detailUrl(vendor.id, number), { cookie: owner.cookie }), params: { orgId: vendor.id, number } })
    expect(vendorPage.data).toMatchObject({ canRevoke: false, certificate: { state: 'revoked', revocationReason: REASON, revokedBy: null } })
    const agencyList = await callRoute(listLoader, { request: getRequest(`/orgs/${agency.id}/certificates?q=${number}`, { cookie: reviewer.cookie }), params: { orgId: agency.id } })
    expect(agencyList.data).toMatchObject({ rows: [{ number, state: 'revoked' }] })
    const verify = await callRoute(verifyLoader, { request: getRequest(`/verify/${number}`), params: { number } })
    expect(verify.data).toMatchObject({ certificate: { state: 'revoked', revocationReason: REASON } })
    const api = await callRoute(apiLoader, {
      request: getRequest(`/api/v1/certificates/${number}`, { headers: { 'If-None-Match': etag ?? '' } }),
      params: { number },
    })
    expect(api.status).toBe(200)
    expect(api.headers.get('ETag')).not.toBe(etag)
    expect(JSON.parse(String(api.data))).toMatchObject({ status: 'revoked', revocationReason: REASON })
  })

  test('revoking an already revoked certificate is refused with 409 and changes nothing', async () => {
    const { contact, certificate } = await certifiedVendor()
    const { number } = certificate
    expect((await revokeAs(agencyAdmin, agency.id, number, { reason: REASON, confirm: 'on' })).status).toBe(302)
    await mail.waitForMailTo(contact.email)
    const first = await stored(number)

    const again = await revokeAs(reviewer, agency.id, number, { reason: 'A second, different reason for the record.', confirm: 'on' })
    expect(again.status).toBe(409)
    expect(again.data).toMatchObject({ formError: 'revocation.errors.alreadyRevoked' })
    expect(await stored(number)).toEqual(first)
    expect(await revocationEvents(certificate.id)).toHaveLength(1)
    expect(mail.messagesTo(contact.email)).toHaveLength(1)
  })

  test('two revocations at once: one succeeds, the other is told it is already revoked', async () => {
    const { certificate } = await certifiedVendor()
    const actor = { userId: reviewer.id, agencyId: agency.id }
    const results = await Promise.all([
      revokeCertificate({ number: certificate.number, reason: 'First reason, long enough to count.', actor }),
      revokeCertificate({ number: certificate.number, reason: 'Second reason, long enough to count.', actor }),
    ])
    expect(results.map((r) => (r.ok ? 'ok' : r.error)).sort()).toEqual(['already_revoked', 'ok'])
    expect(await revocationEvents(certificate.id)).toHaveLength(1)
    const winner = results.findIndex((r) => r.ok)
    expect((await stored(certificate.number)).revocationReason).toBe(winner === 0 ? 'First reason, long enough to count.' : 'Second reason, long enough to count.')
  })

  test.each([
    ['an empty reason', { reason: '   ', confirm: 'on' }, { reason: 'revocation.errors.reasonRequired' }],
    ['a reason too short to act on', { reason: 'fraud', confirm: 'on' }, { reason: 'revocation.errors.reasonTooShort' }],
    ['a reason too long', { reason: 'x'.repeat(MAX_REVOCATION_REASON_LENGTH + 1), confirm: 'on' }, { reason: 'revocation.errors.reasonTooLong' }],
    ['no confirmation', { reason: REASON }, { confirm: 'revocation.errors.confirmRequired' }],
  ])('%s: a field error, 400, nothing changed', async (_name, fields, fieldErrors) => {
    const { certificate } = await certifiedVendor()
    const result = await revokeAs(reviewer, agency.id, certificate.number, fields)
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors })
    expect(await stored(certificate.number)).toMatchObject({ status: 'valid', revokedAt: null, revocationReason: null })
    expect(await revocationEvents(certificate.id)).toHaveLength(0)
  })

  test('the domain function refuses a bad reason, an unknown number and people outside the agency', async () => {
    const { certificate } = await certifiedVendor()
    const { number } = certificate
    const actor = { userId: reviewer.id, agencyId: agency.id }
    expect(await revokeCertificate({ number, reason: ' short ', actor })).toEqual({ ok: false, error: 'invalid_reason' })
    expect(await revokeCertificate({ number: newCertificateNumber(), reason: REASON, actor })).toEqual({ ok: false, error: 'not_found' })
    expect(await revokeCertificate({ number: 'not a number', reason: REASON, actor })).toEqual({ ok: false, error: 'not_found' })
    // Another agency's reviewer: the certificate does not exist for them.
    expect(await revokeCertificate({ number, reason: REASON, actor: { userId: otherReviewer.id, agencyId: otherAgency.id } })).toEqual({ ok: false, error: 'not_found' })
    // Claiming an agency one does not belong to, or a role without the permission.
    expect(await revokeCertificate({ number, reason: REASON, actor: { userId: otherReviewer.id, agencyId: agency.id } })).toEqual({ ok: false, error: 'not_permitted' })
    const platform = await createOrganization(db(), { kind: 'platform' })
    const platformAdmin = await signedInMember(platform.id, 'platform_admin')
    expect(await revokeCertificate({ number, reason: REASON, actor: { userId: platformAdmin.id, agencyId: platform.id } })).toEqual({ ok: false, error: 'not_permitted' })
    expect(await stored(number)).toMatchObject({ status: 'valid' })
    expect(await revocationEvents(certificate.id)).toHaveLength(0)
  })

  test('an operator revokes from the command line: recorded without a user, naming the operator', async () => {
    const { certificate } = await certifiedVendor()
    // Typed loosely, as read off a letter.
    const typed = certificate.number.toLowerCase().replace(/-/g, ' ')
    const result = await revokeCertificate({ number: typed, reason: REASON, actor: { operator: 'ops@portal.example' } })
    expect(result).toEqual({ ok: true, certificate: { id: certificate.id, number: certificate.number, organizationId: certificate.organizationId } })
    expect(await stored(certificate.number)).toMatchObject({ status: 'revoked', revokedById: null, revocationReason: REASON })
    const [event] = await revocationEvents(certificate.id)
    expect(event).toMatchObject({ actorUserId: null })
    expect(event?.data).toMatchObject({ operator: 'ops@portal.example' })
  })

  test('an expired or a superseded certificate may be revoked; the current one is left alone', async () => {
    const { vendor, contract, signer, certificate: old } = await certifiedVendor()
    const second = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    const current = await db().certificate.findUniqueOrThrow({ where: { attestationId: second.attestationId } })
    expect(await stored(old.number)).toMatchObject({ status: 'superseded' })

    expect(await revokeAs(reviewer, agency.id, old.number, { reason: REASON, confirm: 'on' })).toMatchObject({ status: 302 })
    expect(await stored(old.number)).toMatchObject({ status: 'revoked' })
    expect((await revocationEvents(old.id))[0]?.data).toMatchObject({ previousStatus: 'superseded' })
    expect(await stored(current.number)).toMatchObject({ status: 'valid' })
    const verify = await callRoute(verifyLoader, { request: getRequest(`/verify/${old.number}`), params: { number: old.number } })
    expect(verify.data).toMatchObject({ certificate: { state: 'revoked', revocationReason: REASON } })

    // Past its validity: still revocable, and the event says it had expired.
    await db().certificate.update({ where: { id: current.id }, data: { validUntil: new Date(Date.now() - 86_400_000) } })
    const expiredPage = await callRoute(certificateLoader, { request: getRequest(detailUrl(agency.id, current.number), { cookie: reviewer.cookie }), params: { orgId: agency.id, number: current.number } })
    expect(expiredPage.data).toMatchObject({ canRevoke: true, certificate: { state: 'expired' } })
    expect(await revokeAs(reviewer, agency.id, current.number, { reason: REASON, confirm: 'on' })).toMatchObject({ status: 302 })
    expect((await revocationEvents(current.id))[0]?.data).toMatchObject({ previousStatus: 'valid', expired: true })
  })
})

describe('who may revoke, see and download', () => {
  test('a vendor cannot revoke, not even its own certificate (403), nor through the agency (404)', async () => {
    const { vendor, owner, certificate } = await certifiedVendor()
    const ownPage = await revokeAs(owner, vendor.id, certificate.number, { reason: REASON, confirm: 'on' })
    expect(ownPage.status).toBe(403)
    const agencyPage = await revokeAs(owner, agency.id, certificate.number, { reason: REASON, confirm: 'on' })
    expect(agencyPage.status).toBe(404)
    const vendorView = await callRoute(certificateLoader, { request: getRequest(detailUrl(vendor.id, certificate.number), { cookie: owner.cookie }), params: { orgId: vendor.id, number: certificate.number } })
    expect(vendorView.data).toMatchObject({ canRevoke: false })
    expect(await stored(certificate.number)).toMatchObject({ status: 'valid' })
  })

  test('another agency can neither see nor revoke the certificate (404)', async () => {
    const { certificate } = await certifiedVendor()
    const { number } = certificate
    const page = await callRoute(certificateLoader, { request: getRequest(detailUrl(otherAgency.id, number), { cookie: otherReviewer.cookie }), params: { orgId: otherAgency.id, number } })
    expect(page.status).toBe(404)
    expect(JSON.stringify(page.data)).not.toContain(number)
    expect((await revokeAs(otherReviewer, otherAgency.id, number, { reason: REASON, confirm: 'on' })).status).toBe(404)
    // Through the right agency's URL it is not a member: 404 as well.
    expect((await revokeAs(otherReviewer, agency.id, number, { reason: REASON, confirm: 'on' })).status).toBe(404)
    const list = await callRoute(listLoader, { request: getRequest(`/orgs/${otherAgency.id}/certificates?q=${number}`, { cookie: otherReviewer.cookie }), params: { orgId: otherAgency.id } })
    expect(list.data).toMatchObject({ rows: [], total: 0 })
    const pdf = await callRoute(downloadLoader, { request: getRequest(`${detailUrl(otherAgency.id, number)}/pdf`, { cookie: otherReviewer.cookie }), params: { orgId: otherAgency.id, number } })
    expect(pdf.status).toBe(404)
    expect(await stored(number)).toMatchObject({ status: 'valid' })
  })

  test('the agency downloads the certificate issued for it; another vendor cannot', async () => {
    const { vendor, certificate } = await certifiedVendor()
    const { number } = certificate
    const response = await downloadLoader({
      request: getRequest(`${detailUrl(agency.id, number)}/pdf`, { cookie: reviewer.cookie }),
      params: { orgId: agency.id, number },
      context: { cspNonce: '' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    const body = Buffer.from(await response.arrayBuffer())
    expect(createHash('sha256').update(body).digest('hex')).toBe(certificate.pdfSha256)

    const { vendor: otherVendor, owner: otherOwner } = await certifiedVendor()
    for (const orgId of [vendor.id, otherVendor.id, agency.id]) {
      const denied = await callRoute(downloadLoader, { request: getRequest(`${detailUrl(orgId, number)}/pdf`, { cookie: otherOwner.cookie }), params: { orgId, number } })
      expect(denied.status).toBe(404)
    }
  })
})

describe('the agency’s certificate list', () => {
  test('filters by status, searches by vendor, UEI or number, and pages through', async () => {
    const listAgency = await createOrganization(db(), { kind: 'agency' })
    const admin = await signedInMember(listAgency.id, 'agency_admin')
    const acme = await createOrganization(db(), { kind: 'vendor', legalName: `Acme Grounds ${Date.now()} LLC` })
    const bravo = await createOrganization(db(), { kind: 'vendor', legalName: `Bravo Staffing ${Date.now()} Inc.` })
    const contract = await createContract(db(), { agencyId: listAgency.id, primeVendorId: acme.id })
    const day = 86_400_000
    const create = (organizationId: string, index: number, extra: { status?: 'revoked' | 'superseded'; validUntil?: Date } = {}) =>
      db().certificate.create({
        data: {
          number: newCertificateNumber(),
          organizationId,
          agencyId: listAgency.id,
          scope: { contractIds: [contract.id], contractNumbers: [contract.number] },
          issuedAt: new Date(Date.now() - (index + 1) * day),
          validFrom: new Date(Date.now() - (index + 1) * day),
          validUntil: extra.validUntil ?? new Date(Date.now() + 300 * day),
          ...(extra.status ? { status: extra.status } : {}),
        },
      })
    for (let index = 0; index < 26; index++) await create(acme.id, index)
    const revoked = await create(bravo.id, 30, { status: 'revoked' })
    const expired = await create(bravo.id, 31, { validUntil: new Date(Date.now() - day) })
    await create(bravo.id, 32, { status: 'superseded' })
    // Another agency's certificate never shows.
    await db().certificate.create({
      data: { number: newCertificateNumber(), organizationId: bravo.id, agencyId: otherAgency.id, issuedAt: new Date(), validFrom: new Date(), validUntil: new Date(Date.now() + day) },
    })

    const list = (query: string) =>
      callRoute(listLoader, { request: getRequest(`/orgs/${listAgency.id}/certificates${query}`, { cookie: admin.cookie }), params: { orgId: listAgency.id } })
    type ListData = { rows: { number: string; state: string; vendor: { legalName: string; uei: string | null }; contractNumbers: string[] }[]; total: number; page: number; pageCount: number; next: string | null; previous: string | null }
    const data = async (query: string) => (await list(query)).data as ListData

    const all = await data('')
    expect(all).toMatchObject({ total: 29, page: 1, pageCount: 2, previous: null, next: '?page=2' })
    expect(all.rows).toHaveLength(25)
    expect(all.rows[0]).toMatchObject({ state: 'valid', vendor: { legalName: acme.legalName, uei: acme.uei }, contractNumbers: [contract.number] })
    const second = await data('?page=2')
    expect(second.rows).toHaveLength(4)
    expect(second.previous).toBe('?')
    // Past the last page: the last page.
    expect((await data('?page=99')).page).toBe(2)

    expect((await data('?status=revoked')).rows.map((r) => r.number)).toEqual([revoked.number])
    expect((await data('?status=expired')).rows.map((r) => r.number)).toEqual([expired.number])
    expect((await data('?status=valid')).total).toBe(26)
    expect((await data('?status=superseded')).total).toBe(1)
    expect((await data(`?q=${encodeURIComponent('bravo staffing')}`)).total).toBe(3)
    expect((await data(`?q=${bravo.uei?.toLowerCase() ?? ''}`)).total).toBe(3)
    expect((await data(`?q=${revoked.number.replace(/-/g, '').toLowerCase()}`)).rows.map((r) => r.number)).toEqual([revoked.number])
    expect((await data(`?status=valid&q=${encodeURIComponent('bravo')}`)).total).toBe(0)
    // Nonsense in the address is ignored, not an error.
    expect((await list('?status=deleted&page=-3')).status).toBe(200)
  })

  test('a platform organization has no certificates page', async () => {
    const platform = await createOrganization(db(), { kind: 'platform' })
    const platformAdmin = await signedInMember(platform.id, 'platform_admin')
    const result = await callRoute(listLoader, { request: getRequest(`/orgs/${platform.id}/certificates`, { cookie: platformAdmin.cookie }), params: { orgId: platform.id } })
    expect(result.status).toBe(404)
  })
})

describe('the certificate page', () => {
  test('shows scope, dates and history (supersedes / superseded by) to holder and agency', async () => {
    const { vendor, owner, contract, signer, certificate: old } = await certifiedVendor()
    const second = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer })
    const current = await db().certificate.findUniqueOrThrow({ where: { attestationId: second.attestationId } })

    const vendorView = await callRoute(certificateLoader, { request: getRequest(detailUrl(vendor.id, current.number), { cookie: owner.cookie }), params: { orgId: vendor.id, number: current.number } })
    expect(vendorView.data).toMatchObject({
      canRevoke: false,
      certificate: { state: 'valid', contractNumbers: [contract.number], supersedes: { number: old.number }, supersededBy: null, hasPdf: true, attestationId: second.attestationId },
      verifyUrl: `http://portal.test/verify/${current.number}`,
    })
    const agencyView = await callRoute(certificateLoader, { request: getRequest(detailUrl(agency.id, old.number), { cookie: reviewer.cookie }), params: { orgId: agency.id, number: old.number } })
    expect(agencyView.data).toMatchObject({ canRevoke: true, certificate: { state: 'superseded', supersededBy: { number: current.number }, attestationId: null } })
  })

  test('a user who is not signed in is sent to sign in', async () => {
    const { vendor, certificate } = await certifiedVendor()
    const result = await callRoute(certificateLoader, { request: getRequest(detailUrl(vendor.id, certificate.number)), params: { orgId: vendor.id, number: certificate.number } })
    expect(result.status).toBe(302)
    expect(result.location).toMatch(/^\/signin/)
  })
})
