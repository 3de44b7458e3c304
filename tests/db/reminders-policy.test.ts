import { beforeAll, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { action as policyAction } from '~/routes/org.policy'
import { callRoute, formRequest, signedInMember, type SignedInMember } from '#tests/support/routes'

// The agency's reminder settings on its policy page (product.md §8): the stages and the time
// zone reminder days are counted in.

let agency: CreatedOrganization
let admin: SignedInMember
let reviewer: SignedInMember

beforeAll(async () => {
  agency = await createOrganization(db(), { kind: 'agency' })
  admin = await signedInMember(agency.id, 'agency_admin')
  reviewer = await signedInMember(agency.id, 'reviewer')
})

const fields = (overrides: Record<string, string> = {}) => ({
  intent: 'policy',
  reviewTiers: ['high'],
  certificateValidityMonths: '12',
  renewalWindowDays: '60',
  trainingCoverageTargetPercent: '90',
  reminderDays: '45, 3, -10',
  timeZone: 'America/New_York',
  ...overrides,
})
const save = (who: SignedInMember, values: Record<string, string | string[]>) =>
  callRoute(policyAction, { request: formRequest(`/orgs/${agency.id}/policy`, values, { cookie: who.cookie }), params: { orgId: agency.id } })
const policy = () => db().agencyPolicy.findUniqueOrThrow({ where: { agencyId: agency.id }, select: { timeZone: true, reminderDays: true } })

test('an agency admin sets the reminder stages and the time zone', async () => {
  expect((await save(admin, fields())).status).toBe(200)
  expect(await policy()).toEqual({ timeZone: 'America/New_York', reminderDays: [45, 3, -10] })
})

test('an unknown time zone is refused next to the field, nothing saved', async () => {
  const result = await save(admin, fields({ timeZone: 'Mars/Olympus_Mons', reminderDays: '1' }))
  expect(result.status).toBe(400)
  expect(result.data).toMatchObject({ fieldErrors: { timeZone: 'agency.errors.timeZone' } })
  expect(await policy()).toEqual({ timeZone: 'America/New_York', reminderDays: [45, 3, -10] })
})

test('a reviewer cannot change them', async () => {
  expect((await save(reviewer, fields({ timeZone: 'Pacific/Honolulu' }))).status).toBe(403)
  expect((await policy()).timeZone).toBe('America/New_York')
})
