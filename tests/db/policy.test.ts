import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { action as policyAction, loader as policyLoader } from '~/routes/org.policy'
import { callRoute, formRequest, getRequest, signedInMember, type SignedInMember } from '#tests/support/routes'

// Agency policy: which risk tiers need review, certificate validity, reminders, and the agency's
// own compliance-plan thresholds (FAR 52.222-50(h)(1), dated data). Only agency admins change it.

type Person = SignedInMember
const person = signedInMember

let agency: CreatedOrganization
let admin: Person
let reviewer: Person
let otherAdmin: Person
let vendorOwner: Person
let vendor: CreatedOrganization

beforeAll(async () => {
  agency = await createOrganization(db(), { kind: 'agency' })
  const other = await createOrganization(db(), { kind: 'agency' })
  vendor = await createOrganization(db(), { kind: 'vendor' })
  admin = await person(agency.id, 'agency_admin')
  reviewer = await person(agency.id, 'reviewer')
  otherAdmin = await person(other.id, 'agency_admin')
  vendorOwner = await person(vendor.id, 'owner')
})

const policyFields = (overrides: Record<string, string | string[]> = {}) => ({
  intent: 'policy',
  reviewTiers: ['high'],
  requirePlanForHighRiskIndustries: 'on',
  certificateValidityMonths: '18',
  renewalWindowDays: '45',
  trainingCoverageTargetPercent: '85',
  reminderDays: '30, 7, 0, -7, 60',
  ...overrides,
})

const save = (who: Person, fields: Record<string, string | string[]>, orgId = agency.id) =>
  callRoute(policyAction, { request: formRequest(`/orgs/${orgId}/policy`, fields, { cookie: who.cookie }), params: { orgId } })

describe('agency policy', () => {
  test('an agency admin saves the policy; reminder days are sorted and de-duplicated', async () => {
    const result = await save(admin, policyFields({ reminderDays: '30, 7, 0, -7, 60, 7' }))
    expect(result.status).toBe(200)
    const policy = await db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id } })
    expect(policy).toMatchObject({
      reviewTiers: ['high'],
      requirePlanForHighRiskIndustries: true,
      certificateValidityMonths: 18,
      renewalWindowDays: 45,
      trainingCoverageTargetPercent: 85,
      reminderDays: [60, 30, 7, 0, -7],
    })
    expect(await db().auditEvent.count({ where: { organizationId: agency.id, action: 'agency.policy_changed' } })).toBeGreaterThan(0)
  })

  test.each([
    ['validity of 0 months', { certificateValidityMonths: '0' }, 'certificateValidityMonths', 'agency.errors.range'],
    ['a fractional percentage', { trainingCoverageTargetPercent: '85.5' }, 'trainingCoverageTargetPercent', 'agency.errors.wholeNumber'],
    ['reminder days that are not numbers', { reminderDays: 'soon, later' }, 'reminderDays', 'agency.errors.reminderDays'],
    ['an unknown tier', { reviewTiers: ['extreme'] }, 'reviewTiers', 'errors.invalid'],
  ])('%s: 400 beside the field, policy unchanged', async (_name, overrides, field, message) => {
    const before = await db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id } })
    const result = await save(admin, policyFields(overrides))
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { [field]: message } })
    expect(await db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id } })).toEqual(before)
  })

  test('a reviewer reads the policy but cannot change it; other organizations cannot reach it', async () => {
    const view = await callRoute(policyLoader, { request: getRequest(`/orgs/${agency.id}/policy`, { cookie: reviewer.cookie }), params: { orgId: agency.id } })
    expect(view.status).toBe(200)
    expect(view.data).toMatchObject({ canEdit: false })
    const before = await db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id } })
    expect((await save(reviewer, policyFields({ certificateValidityMonths: '3' }))).status).toBe(403)
    expect((await save(otherAdmin, policyFields({ certificateValidityMonths: '3' }))).status).toBe(404)
    expect((await save(vendorOwner, policyFields(), vendor.id)).status).toBe(404)
    expect(await db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id } })).toEqual(before)
  })
})

describe("the agency's own thresholds", () => {
  test('are added as dated rows next to the federal ones, once per date', async () => {
    const fields = { intent: 'threshold', effectiveFrom: '2027-01-01', amount: '750,000', source: 'Board resolution 2026-114' }
    expect((await save(admin, fields)).status).toBe(200)
    const row = await db().complianceThreshold.findFirstOrThrow({ where: { agencyId: agency.id } })
    expect(row.amountCents).toBe(75_000_000n)
    expect(row.effectiveFrom.toISOString().slice(0, 10)).toBe('2027-01-01')

    const again = await save(admin, { ...fields, amount: '800,000' })
    expect(again.status).toBe(400)
    expect(again.data).toMatchObject({ fieldErrors: { effectiveFrom: 'agency.errors.thresholdExists' } })
    expect(await db().complianceThreshold.count({ where: { agencyId: agency.id } })).toBe(1)

    const view = await callRoute(policyLoader, { request: getRequest(`/orgs/${agency.id}/policy`, { cookie: admin.cookie }), params: { orgId: agency.id } })
    const sources = JSON.stringify(view.data)
    expect(sources).toContain('Board resolution 2026-114')
    expect(sources).toContain('FAR 52.222-50 (MAR 2015)')
  })

  test('bad amounts and dates change nothing', async () => {
    const before = await db().complianceThreshold.count()
    const result = await save(admin, { intent: 'threshold', effectiveFrom: '2027-02-30', amount: 'a lot', source: '' })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { effectiveFrom: 'contracts.errors.date', amount: 'contracts.errors.amount', source: 'errors.required' } })
    expect(await db().complianceThreshold.count()).toBe(before)
  })
})
