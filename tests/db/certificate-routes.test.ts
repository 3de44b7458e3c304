import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getEnv, setEnv, type Env } from '~/config/env.server'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization } from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import type { Role } from '~/generated/prisma/enums'
import { action as certificateAction, loader as certificateLoader } from '~/routes/org.certificate'
import { loader as downloadLoader } from '~/routes/org.certificate.download'
import { loader as listLoader } from '~/routes/org.certificates'
import { callRoute, formRequest, getRequest, signedInMember, type RouteFunction, type SignedInMember } from '#tests/support/routes'

// Tenancy and permissions of the certificate pages as a matrix (product.md §2, §6): the list, one
// certificate, its PDF and the revocation, × every kind of person. The holder vendor and the
// agency it was issued for see it; only the agency's reviewers and admins revoke (the matrix posts
// an empty reason, so those allowed get 400 and nothing is revoked); everyone else gets 404,
// nothing revealed; nobody signed in is sent to sign in.

type Who = 'vendor:owner' | 'vendor:admin' | 'vendor:member' | 'vendor:signer' | 'otherVendor:owner' | 'agency:reviewer' | 'agency:agency_admin' | 'otherAgency:reviewer' | 'platform:platform_admin' | 'anonymous'
const everyone: Who[] = ['vendor:owner', 'vendor:admin', 'vendor:member', 'vendor:signer', 'otherVendor:owner', 'agency:reviewer', 'agency:agency_admin', 'otherAgency:reviewer', 'platform:platform_admin', 'anonymous']

const people = new Map<Who, SignedInMember>()
const ids = { vendor: '', otherVendor: '', agency: '', otherAgency: '', number: '' }
let dataDir: string
let previousEnv: Env

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-certificate-routes-'))
  previousEnv = getEnv()
  setEnv({ ...previousEnv, DATA_DIR: dataDir, dataDir })
  setDocumentSettings({ maxUploadBytes: 1024 * 1024, storage: { driver: 'local', root: path.join(dataDir, 'uploads') } })
  const orgs = {
    vendor: await createOrganization(db(), { kind: 'vendor' }),
    otherVendor: await createOrganization(db(), { kind: 'vendor' }),
    agency: await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: [] } }),
    otherAgency: await createOrganization(db(), { kind: 'agency' }),
    platform: await createOrganization(db(), { kind: 'platform' }),
  }
  for (const who of everyone) {
    if (who === 'anonymous') continue
    const [org, role] = who.split(':') as [keyof typeof orgs, Role]
    people.set(who, await signedInMember(orgs[org].id, role))
  }
  const contract = await createContract(db(), { agencyId: orgs.agency.id, primeVendorId: orgs.vendor.id })
  const signer = people.get('vendor:signer')
  if (!signer) throw new Error('no signer')
  const declaration = await makeDeclaration(db(), { organizationId: orgs.vendor.id, contractIds: [contract.id], signer: { id: signer.id, name: signer.name, title: 'Director' } })
  const certificate = await db().certificate.findUniqueOrThrow({ where: { attestationId: declaration.attestationId } })
  Object.assign(ids, { vendor: orgs.vendor.id, otherVendor: orgs.otherVendor.id, agency: orgs.agency.id, otherAgency: orgs.otherAgency.id, number: certificate.number })
})

afterAll(async () => {
  setDocumentSettings(undefined)
  setEnv(previousEnv)
  await fs.rm(dataDir, { recursive: true, force: true })
})

type Page = { name: string; route: RouteFunction; path: () => string; params: () => Record<string, string>; post?: boolean; allowed: Partial<Record<Who, number>> }

const vendorMembers = { 'vendor:owner': 200, 'vendor:admin': 200, 'vendor:member': 200, 'vendor:signer': 200 } as const
const agencyMembers = { 'agency:reviewer': 200, 'agency:agency_admin': 200 } as const

const certificatePages: Page[] = [
  { name: 'list (vendor)', route: listLoader, path: () => `/orgs/${ids.vendor}/certificates`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  { name: 'list (agency)', route: listLoader, path: () => `/orgs/${ids.agency}/certificates`, params: () => ({ orgId: ids.agency }), allowed: agencyMembers },
  { name: 'certificate (vendor side)', route: certificateLoader, path: () => `/orgs/${ids.vendor}/certificates/${ids.number}`, params: () => ({ orgId: ids.vendor, number: ids.number }), allowed: vendorMembers },
  { name: 'certificate (agency side)', route: certificateLoader, path: () => `/orgs/${ids.agency}/certificates/${ids.number}`, params: () => ({ orgId: ids.agency, number: ids.number }), allowed: agencyMembers },
  // Someone else's certificate through one's own workspace: as unknown as a number never issued.
  { name: 'certificate (other vendor’s workspace)', route: certificateLoader, path: () => `/orgs/${ids.otherVendor}/certificates/${ids.number}`, params: () => ({ orgId: ids.otherVendor, number: ids.number }), allowed: {} },
  { name: 'certificate (other agency’s workspace)', route: certificateLoader, path: () => `/orgs/${ids.otherAgency}/certificates/${ids.number}`, params: () => ({ orgId: ids.otherAgency, number: ids.number }), allowed: {} },
  { name: 'PDF (vendor side)', route: downloadLoader, path: () => `/orgs/${ids.vendor}/certificates/${ids.number}/pdf`, params: () => ({ orgId: ids.vendor, number: ids.number }), allowed: vendorMembers },
  { name: 'PDF (agency side)', route: downloadLoader, path: () => `/orgs/${ids.agency}/certificates/${ids.number}/pdf`, params: () => ({ orgId: ids.agency, number: ids.number }), allowed: agencyMembers },
  { name: 'PDF (other vendor’s workspace)', route: downloadLoader, path: () => `/orgs/${ids.otherVendor}/certificates/${ids.number}/pdf`, params: () => ({ orgId: ids.otherVendor, number: ids.number }), allowed: {} },
  { name: 'PDF (other agency’s workspace)', route: downloadLoader, path: () => `/orgs/${ids.otherAgency}/certificates/${ids.number}/pdf`, params: () => ({ orgId: ids.otherAgency, number: ids.number }), allowed: {} },
  // Vendors' roles lack 'revoke:certificate' (403); the agency's reviewers and admins reach the form check (400).
  { name: 'revoke (agency side)', route: certificateAction, post: true, path: () => `/orgs/${ids.agency}/certificates/${ids.number}`, params: () => ({ orgId: ids.agency, number: ids.number }), allowed: { 'agency:reviewer': 400, 'agency:agency_admin': 400 } },
  { name: 'revoke (vendor side)', route: certificateAction, post: true, path: () => `/orgs/${ids.vendor}/certificates/${ids.number}`, params: () => ({ orgId: ids.vendor, number: ids.number }), allowed: { 'vendor:owner': 403, 'vendor:admin': 403, 'vendor:member': 403, 'vendor:signer': 403 } },
  { name: 'revoke (other agency’s workspace)', route: certificateAction, post: true, path: () => `/orgs/${ids.otherAgency}/certificates/${ids.number}`, params: () => ({ orgId: ids.otherAgency, number: ids.number }), allowed: {} },
]

describe.each(certificatePages.map((page) => [page.name, page] as const))('%s', (_name, page) => {
  test.each(everyone)('%s', async (who) => {
    const person = people.get(who)
    const request = page.post
      ? formRequest(page.path(), { reason: '', confirm: 'on' }, { cookie: person?.cookie })
      : getRequest(page.path(), { cookie: person?.cookie })
    const result = await callRoute(page.route, { request, params: page.params() })
    if (who === 'anonymous') {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/signin\?redirectTo=/)
      return
    }
    const expected = page.allowed[who] ?? 404
    expect(result.status).toBe(expected)
    // Refused requests carry none of the certificate's data.
    if (expected !== 200 && expected !== 400) expect(JSON.stringify(result.data)).not.toContain(ids.number)
  })
})

test('the matrix revoked nothing', async () => {
  expect(await db().certificate.findUniqueOrThrow({ where: { number: ids.number }, select: { status: true } })).toEqual({ status: 'valid' })
})
