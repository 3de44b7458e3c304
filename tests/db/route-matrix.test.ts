import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization } from '~/demo/factories.server'
import type { Role } from '~/generated/prisma/enums'
import { loader as attestationLoader } from '~/routes/org.attestation'
import { loader as attestationsLoader } from '~/routes/org.attestations'
import { loader as contractLoader } from '~/routes/org.contract'
import { loader as contractsLoader } from '~/routes/org.contracts'
import { loader as newContractLoader } from '~/routes/org.contracts.new'
import { loader as documentsLoader } from '~/routes/org.documents'
import { loader as membersLoader } from '~/routes/org.members'
import { loader as orgLoader } from '~/routes/org'
import { loader as policyLoader } from '~/routes/org.policy'
import { loader as reviewLoader } from '~/routes/org.review'
import { loader as reviewsLoader } from '~/routes/org.reviews'
import { callRoute, getRequest, signedInMember, type RouteFunction, type SignedInMember } from '#tests/support/routes'

// Tenancy and permissions as a matrix (product.md §2): every organization page × every kind of
// person. A vendor's pages answer its members; the contracting agency reaches the declaration
// only through its review pages; everyone else gets 404 (nothing revealed); a member without
// the permission gets 403; nobody signed in is sent to sign in.

type Who = 'vendor:owner' | 'vendor:admin' | 'vendor:member' | 'vendor:signer' | 'otherVendor:owner' | 'agency:reviewer' | 'agency:agency_admin' | 'otherAgency:reviewer' | 'platform:platform_admin' | 'anonymous'
const everyone: Who[] = ['vendor:owner', 'vendor:admin', 'vendor:member', 'vendor:signer', 'otherVendor:owner', 'agency:reviewer', 'agency:agency_admin', 'otherAgency:reviewer', 'platform:platform_admin', 'anonymous']

const people = new Map<Who, SignedInMember>()
const ids = { vendor: '', agency: '', contract: '', attestation: '' }

beforeAll(async () => {
  const orgs = {
    vendor: await createOrganization(db(), { kind: 'vendor' }),
    otherVendor: await createOrganization(db(), { kind: 'vendor' }),
    agency: await createOrganization(db(), { kind: 'agency' }),
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
  Object.assign(ids, { vendor: orgs.vendor.id, agency: orgs.agency.id, contract: contract.id, attestation: declaration.attestationId })
})

type Page = { name: string; loader: RouteFunction; path: () => string; params: () => Record<string, string>; allowed: Partial<Record<Who, number>> }

const vendorMembers = { 'vendor:owner': 200, 'vendor:admin': 200, 'vendor:member': 200, 'vendor:signer': 200 } as const
const agencyMembers = { 'agency:reviewer': 200, 'agency:agency_admin': 200 } as const

const pages: Page[] = [
  { name: 'organization', loader: orgLoader, path: () => `/orgs/${ids.vendor}`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  { name: 'members', loader: membersLoader, path: () => `/orgs/${ids.vendor}/members`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  { name: 'contracts', loader: contractsLoader, path: () => `/orgs/${ids.vendor}/contracts`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  // FAR 52.222-56 signers certify; they do not manage the contract list.
  { name: 'new contract', loader: newContractLoader, path: () => `/orgs/${ids.vendor}/contracts/new`, params: () => ({ orgId: ids.vendor }), allowed: { ...vendorMembers, 'vendor:signer': 403 } },
  { name: 'contract (vendor side)', loader: contractLoader, path: () => `/orgs/${ids.vendor}/contracts/${ids.contract}`, params: () => ({ orgId: ids.vendor, contractId: ids.contract }), allowed: vendorMembers },
  { name: 'contract (agency side)', loader: contractLoader, path: () => `/orgs/${ids.agency}/contracts/${ids.contract}`, params: () => ({ orgId: ids.agency, contractId: ids.contract }), allowed: agencyMembers },
  { name: 'documents', loader: documentsLoader, path: () => `/orgs/${ids.vendor}/documents`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  { name: 'declarations', loader: attestationsLoader, path: () => `/orgs/${ids.vendor}/attestations`, params: () => ({ orgId: ids.vendor }), allowed: vendorMembers },
  { name: 'declaration', loader: attestationLoader, path: () => `/orgs/${ids.vendor}/attestations/${ids.attestation}`, params: () => ({ orgId: ids.vendor, attestationId: ids.attestation }), allowed: vendorMembers },
  { name: 'review queue', loader: reviewsLoader, path: () => `/orgs/${ids.agency}/reviews`, params: () => ({ orgId: ids.agency }), allowed: agencyMembers },
  { name: 'review', loader: reviewLoader, path: () => `/orgs/${ids.agency}/reviews/${ids.attestation}`, params: () => ({ orgId: ids.agency, attestationId: ids.attestation }), allowed: agencyMembers },
  { name: 'agency policy', loader: policyLoader, path: () => `/orgs/${ids.agency}/policy`, params: () => ({ orgId: ids.agency }), allowed: agencyMembers },
]

describe.each(pages.map((page) => [page.name, page] as const))('%s', (_name, page) => {
  test.each(everyone)('%s', async (who) => {
    const person = people.get(who)
    const result = await callRoute(page.loader, { request: getRequest(page.path(), { cookie: person?.cookie }), params: page.params() })
    if (who === 'anonymous') {
      expect(result.status).toBe(302)
      expect(result.location).toMatch(/^\/signin\?redirectTo=/)
      return
    }
    const expected = page.allowed[who] ?? 404
    expect(result.status).toBe(expected)
    // Refused requests carry none of the organization's data.
    if (expected !== 200) expect(JSON.stringify(result.data)).not.toContain(ids.attestation)
  })
})
