import { expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization } from '~/demo/factories.server'
import { action as contractAction, loader as contractLoader } from '~/routes/org.contract'
import { callRoute, formRequest, getRequest, signedInMember } from '#tests/support/routes'

// Product.md §5: the risk tier is computed from the contract facts and recomputed when they
// change. A declaration still open (in review) follows the new facts; a certified one keeps
// the tier it was certified with.

test('changing a contract’s facts recomputes the tier of the declaration under review, with its reasons', async () => {
  const agency = await createOrganization(db(), { kind: 'agency' })
  const vendor = await createOrganization(db(), { kind: 'vendor', industries: [] })
  const reviewer = await signedInMember(agency.id, 'reviewer')
  const signer = await signedInMember(vendor.id, 'signer')
  const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id, industries: ['janitorial'], estimatedValueCents: 50_000_000n })

  const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer: { id: signer.id, name: signer.name, title: 'President' } })
  expect(declaration).toMatchObject({ status: 'submitted', tier: 'medium' })

  // The contract page shows the same tier and why, before and after.
  const before = await callRoute(contractLoader, { request: getRequest(`/orgs/${vendor.id}/contracts/${contract.id}`, { cookie: signer.cookie }), params: { orgId: vendor.id, contractId: contract.id } })
  expect(before.data).toMatchObject({ risk: { tier: 'medium' } })

  const fields = {
    number: contract.number,
    title: contract.title,
    estimatedValue: '500,000',
    startDate: contract.startDate.toISOString().slice(0, 10),
    endDate: contract.endDate.toISOString().slice(0, 10),
    usStates: ['CA'],
    industries: ['janitorial'],
    usesLaborRecruiters: 'on',
    employsNonUSNationals: 'on',
    providesHousing: 'on',
  }
  const saved = await callRoute(contractAction, { request: formRequest(`/orgs/${agency.id}/contracts/${contract.id}`, fields, { cookie: reviewer.cookie }), params: { orgId: agency.id, contractId: contract.id } })
  expect(saved.status).toBe(302)

  const after = await db().attestation.findUniqueOrThrow({ where: { id: declaration.attestationId }, select: { riskTier: true, riskReasons: true } })
  expect(after.riskTier).toBe('high')
  const factors = JSON.stringify(after.riskReasons)
  for (const factor of ['labor_recruiters', 'non_us_nationals', 'employer_housing', 'high_risk_industry']) expect(factors).toContain(factor)
  expect(await db().auditEvent.count({ where: { action: 'attestation.risk_recomputed', targetId: contract.id } })).toBe(1)

  const page = await callRoute(contractLoader, { request: getRequest(`/orgs/${vendor.id}/contracts/${contract.id}`, { cookie: signer.cookie }), params: { orgId: vendor.id, contractId: contract.id } })
  expect(page.data).toMatchObject({ risk: { tier: 'high' } })
})

test('a certified declaration keeps the tier it was certified with', async () => {
  const agency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: ['high'] } })
  const vendor = await createOrganization(db(), { kind: 'vendor', industries: [] })
  const owner = await signedInMember(vendor.id, 'owner')
  const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id, industries: ['office_supplies'], naicsCodes: ['424120'], estimatedValueCents: 2_000_000n })
  const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer: { id: owner.id, name: owner.name, title: 'Owner' } })
  expect(declaration).toMatchObject({ status: 'approved', tier: 'low' })

  const fields = {
    number: contract.number,
    title: contract.title,
    estimatedValue: '20,000',
    startDate: contract.startDate.toISOString().slice(0, 10),
    endDate: contract.endDate.toISOString().slice(0, 10),
    usStates: ['CA'],
    industries: ['construction'],
    providesHousing: 'on',
  }
  const saved = await callRoute(contractAction, { request: formRequest(`/orgs/${vendor.id}/contracts/${contract.id}`, fields, { cookie: owner.cookie }), params: { orgId: vendor.id, contractId: contract.id } })
  expect(saved.status).toBe(302)
  expect((await db().attestation.findUniqueOrThrow({ where: { id: declaration.attestationId } })).riskTier).toBe('low')
})
