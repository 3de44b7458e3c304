import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, test } from 'vitest'
import { itemApplies } from '~/attestations/applicability'
import { loadAttestation } from '~/attestations/attestations.server'
import { findSection, isAnswerable } from '~/attestations/template'
import { db } from '~/db/db.server'
import {
  createContract,
  createOrganization,
  type CreatedOrganization,
} from '~/demo/factories.server'
import type { Contract } from '~/generated/prisma/client'
import { action as attestationAction, loader as attestationLoader } from '~/routes/org.attestation'
import { action as listAction, loader as listLoader } from '~/routes/org.attestations'
import { callRoute, formRequest, getRequest, type RouteResult, signedInMember, type SignedInMember } from '#tests/support/routes'

// Declarations through the real routes (product.md §4, FAR 52.222-50 and 52.222-56): a vendor
// starts one for its contracts, answers step by step (drafts accept gaps, "Continue" needs the
// whole step), and an authorized official signs. Bad input gets a message next to the field and
// changes nothing; a second submission is refused; no organization reaches another's declarations.

type Person = SignedInMember
const person = signedInMember

let agency: CreatedOrganization
let otherAgency: CreatedOrganization
let vendor: CreatedOrganization
let otherVendor: CreatedOrganization
let owner: Person
let member: Person
let signer: Person
let otherOwner: Person
/** Janitorial work in California only: no compliance plan, medium risk (industry 3 + value 1). */
let domestic: Contract
/** Janitorial work partly in Mexico, $800,000 of it: above the threshold, so section C applies. */
let abroad: Contract
let otherAgencyContract: Contract
let otherVendorContract: Contract

beforeAll(async () => {
  // Self-certification for low and medium risk: only high risk goes to agency review first.
  agency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: ['high'] } })
  otherAgency = await createOrganization(db(), { kind: 'agency' })
  vendor = await createOrganization(db(), { kind: 'vendor', industries: ['janitorial'], naicsCodes: ['561720'] })
  otherVendor = await createOrganization(db(), { kind: 'vendor' })
  owner = await person(vendor.id, 'owner')
  member = await person(vendor.id, 'member')
  signer = await person(vendor.id, 'signer')
  otherOwner = await person(otherVendor.id, 'owner')
  domestic = await createContract(db(), { agencyId: agency.id, primeVendorId: vendor.id })
  abroad = await createContract(db(), {
    agencyId: agency.id,
    primeVendorId: vendor.id,
    title: 'Custodial services, consular offices',
    suppliesOrServicesOutsideUS: true,
    outsideUSValueCents: 80_000_000n,
    placesOfPerformance: [{ country: 'US', state: 'CA' }, { country: 'MX' }],
  })
  otherAgencyContract = await createContract(db(), { agencyId: otherAgency.id, primeVendorId: vendor.id })
  otherVendorContract = await createContract(db(), { agencyId: agency.id, primeVendorId: otherVendor.id })
})

// ───────────────────────────── helpers ─────────────────────────────

const url = (orgId: string, attestationId: string, query = '') => `/orgs/${orgId}/attestations/${attestationId}${query}`

async function start(by: Person, contractIds: string[], orgId = vendor.id): Promise<RouteResult> {
  return callRoute(listAction, {
    request: formRequest(`/orgs/${orgId}/attestations`, { contractIds }, { cookie: by.cookie }),
    params: { orgId },
  })
}

async function startDraft(contractIds: string[]): Promise<string> {
  const result = await start(owner, contractIds)
  expect(result.status).toBe(302)
  const id = result.location?.split('/').pop()
  if (!id) throw new Error(`No attestation id in ${String(result.location)}`)
  return id
}

function post(
  by: Person,
  attestationId: string,
  fields: Record<string, string | string[]>,
  options: { orgId?: string; ip?: string } = {},
) {
  const orgId = options.orgId ?? vendor.id
  return callRoute(attestationAction, {
    request: formRequest(url(orgId, attestationId), fields, { cookie: by.cookie, ip: options.ip }),
    params: { orgId, attestationId },
  })
}

function view(by: Person, attestationId: string, query = '', orgId = vendor.id) {
  return callRoute(attestationLoader, {
    request: getRequest(url(orgId, attestationId, query), { cookie: by.cookie }),
    params: { orgId, attestationId },
  })
}

async function context(attestationId: string) {
  const loaded = await loadAttestation(attestationId, { organizationId: vendor.id })
  if (!loaded) throw new Error(`Attestation ${attestationId} not found`)
  return loaded
}

/** A complete, compliant answer to every applicable item of a step ("Yes", the non-negative option, the checkbox). */
async function stepFields(attestationId: string, sectionId: string, overrides: Record<string, string> = {}) {
  const { template, applicability } = await context(attestationId)
  const section = findSection(template, sectionId)
  if (!section) throw new Error(`No section ${sectionId}`)
  const fields: Record<string, string> = { step: sectionId }
  for (const item of section.items) {
    if (!isAnswerable(item) || !itemApplies(applicability, item.id)) continue
    const spec = item.answer
    if (spec.type === 'yes_no') fields[item.id] = 'yes'
    else if (spec.type === 'choice') fields[item.id] = spec.options.find((option) => !option.negative)?.value ?? ''
    else if (spec.type === 'acknowledgement') fields[item.id] = 'on'
    else if (spec.type === 'text') fields[item.id] = 'An answer'
  }
  if (section.signing) Object.assign(fields, { signerName: 'Maria Hernández', signerTitle: 'Chief Executive Officer' })
  return { ...fields, ...overrides }
}

/** The ids of the steps the form shows, in order. */
async function stepIds(attestationId: string): Promise<string[]> {
  const page = await view(owner, attestationId)
  expect(page.status).toBe(200)
  return (page.data as { steps: Array<{ id: string }> }).steps.map((step) => step.id)
}

/** Answer every step before the signature with "Continue". */
async function answerAllButSigning(attestationId: string, overrides: Record<string, Record<string, string>> = {}) {
  const steps = await stepIds(attestationId)
  for (const sectionId of steps.slice(0, -1)) {
    const result = await post(owner, attestationId, {
      intent: 'next',
      ...(await stepFields(attestationId, sectionId, overrides[sectionId])),
    })
    expect(result.status, JSON.stringify(result.data)).toBe(302)
  }
  return steps
}

const row = (id: string) => db().attestation.findUniqueOrThrow({ where: { id } })

// ───────────────────────────── the happy paths ─────────────────────────────

describe('a vendor completes and signs a declaration', () => {
  let attestationId: string

  test('starting one for a contract opens the first step', async () => {
    attestationId = await startDraft([domestic.id])
    const stored = await row(attestationId)
    expect(stored).toMatchObject({ organizationId: vendor.id, status: 'draft', currentStep: 0 })
    const page = await view(owner, attestationId)
    expect(page.data).toMatchObject({ editable: true, step: 'A' })
    // No contract requires a compliance plan: section C is not a step.
    expect(await stepIds(attestationId)).toEqual(['A', 'B', 'D', 'E', 'F'])
    const list = await callRoute(listLoader, {
      request: getRequest(`/orgs/${vendor.id}/attestations`, { cookie: member.cookie }),
      params: { orgId: vendor.id },
    })
    expect(JSON.stringify(list.data)).toContain(attestationId)
  })

  test('"Save draft" accepts missing answers and stays on the step', async () => {
    const empty = await post(owner, attestationId, { intent: 'save', step: 'A' })
    expect(empty.status).toBe(302)
    expect(empty.location).toBe(url(vendor.id, attestationId, '?step=A&saved=1'))
    const partial = await post(owner, attestationId, {
      intent: 'save',
      step: 'A',
      A1: 'yes',
      A2: 'no',
      A2__explanation: '  Still being checked.  ',
    })
    expect(partial.status).toBe(302)
    expect((await row(attestationId)).answers).toEqual({
      A1: { value: 'yes' },
      A2: { value: 'no', explanation: 'Still being checked.' },
    })
  })

  test('"Continue" names each missing item of the step and saves nothing', async () => {
    const before = await row(attestationId)
    const result = await post(owner, attestationId, { intent: 'next', step: 'A', A1: 'yes' })
    expect(result.status).toBe(400)
    const fieldErrors = (result.data as { fieldErrors: Record<string, string> }).fieldErrors
    for (const id of ['A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9'])
      expect(fieldErrors[id]).toBe('attestation.errors.answerRequired')
    expect(fieldErrors.A1).toBeUndefined()
    expect((await row(attestationId)).answers).toEqual(before.answers)
  })

  test('a complete step moves on, and the person resumes at the step they reached', async () => {
    const result = await post(owner, attestationId, { intent: 'next', ...(await stepFields(attestationId, 'A')) })
    expect(result.status).toBe(302)
    expect(result.location).toBe(url(vendor.id, attestationId, '?step=B'))
    expect((await row(attestationId)).currentStep).toBe(1)
    const resumed = await view(member, attestationId)
    expect(resumed.data).toMatchObject({ step: 'B' })
    // The explanation of the former "No" is gone with it.
    expect((await row(attestationId)).answers).toMatchObject({ A2: { value: 'yes' } })
    expect(JSON.stringify((await row(attestationId)).answers)).not.toContain('Still being checked')
  })

  test('the signer submits: content frozen and hashed, signer and IP stored, certified at once', async () => {
    await answerAllButSigning(attestationId)
    const ip = '203.0.113.77'
    const result = await post(
      signer,
      attestationId,
      { intent: 'submit', ...(await stepFields(attestationId, 'F')) },
      { ip },
    )
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    expect(result.location).toBe(url(vendor.id, attestationId, '?submitted=1'))
    const stored = await row(attestationId)
    expect(stored).toMatchObject({
      status: 'approved',
      signerUserId: signer.id,
      signerName: 'Maria Hernández',
      signerTitle: 'Chief Executive Officer',
      signerIp: ip,
      riskTier: 'medium',
    })
    expect(stored.signedAt).toBeInstanceOf(Date)
    expect(stored.canonicalContent).toBeTruthy()
    expect(stored.contentSha256).toBe(
      createHash('sha256')
        .update(stored.canonicalContent ?? '')
        .digest('hex'),
    )
    expect(JSON.parse(stored.canonicalContent ?? '{}')).toMatchObject({
      templateVersion: '2026.1',
      contracts: [{ id: domestic.id, number: domestic.number }],
      answers: { A1: { value: 'yes' }, 'F2-no-plan': { value: true } },
      signer: { name: 'Maria Hernández', title: 'Chief Executive Officer' },
    })
    expect(stored.riskReasons).toMatchObject({ reviewReasons: [] })
    expect(
      await db().auditEvent.count({ where: { targetId: attestationId, action: 'attestation.self_certified' } }),
    ).toBe(1)

    const page = await view(owner, attestationId, '?submitted=1')
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({
      editable: false,
      canRevise: true,
      attestation: { status: 'approved', riskTier: 'medium' },
    })
  })

  test('a submitted declaration cannot be edited (409), and nothing changes', async () => {
    const before = await row(attestationId)
    const result = await post(owner, attestationId, {
      intent: 'save',
      step: 'A',
      A1: 'no',
      A1__explanation: 'Changed my mind',
    })
    expect(result.status).toBe(409)
    expect(result.data).toMatchObject({ formError: 'attestation.errors.notEditable' })
    expect(await row(attestationId)).toEqual(before)
  })

  test('a new version copies the answers and, once certified, supersedes the old one', async () => {
    const revised = await post(owner, attestationId, { intent: 'revise' })
    expect(revised.status).toBe(302)
    const newId = revised.location?.split('/').pop() ?? ''
    expect(newId).not.toBe(attestationId)
    const draft = await row(newId)
    const old = await row(attestationId)
    expect(draft).toMatchObject({ status: 'draft', supersedesId: attestationId, organizationId: vendor.id })
    expect(draft.answers).toEqual(old.answers)
    expect(
      await db().attestationContract.findMany({ where: { attestationId: newId }, select: { contractId: true } }),
    ).toEqual([{ contractId: domestic.id }])
    expect(old.status).toBe('approved')

    const submitted = await post(owner, newId, { intent: 'submit', ...(await stepFields(newId, 'F')) })
    expect(submitted.status, JSON.stringify(submitted.data)).toBe(302)
    expect((await row(newId)).status).toBe('approved')
    expect((await row(attestationId)).status).toBe('superseded')
  })
})

describe('a negative answer sends the declaration to agency review', () => {
  test('"No" in A with an explanation: submitted, with the reason negative_answer', async () => {
    const attestationId = await startDraft([abroad.id])
    // The contract's work abroad exceeds the threshold: the compliance-plan step applies.
    const steps = await answerAllButSigning(attestationId, {
      A: { A3: 'no', A3__explanation: 'A subcontractor withheld wages; the contract was terminated.' },
    })
    expect(steps).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
    const page = await view(owner, attestationId, '?step=C')
    const applicability = (
      page.data as {
        applicability: { compliancePlans: Record<string, { required: boolean; reasons: Array<{ code: string }> }> }
      }
    ).applicability
    expect(applicability.compliancePlans[abroad.id]).toMatchObject({
      required: true,
      reasons: [{ code: 'outside_us_value_above_threshold' }],
    })

    const result = await post(owner, attestationId, { intent: 'submit', ...(await stepFields(attestationId, 'F')) })
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    const stored = await row(attestationId)
    expect(stored.status).toBe('submitted')
    expect(stored.riskReasons).toMatchObject({ reviewReasons: [{ itemId: 'A3', code: 'negative_answer' }] })
    expect(JSON.parse(stored.canonicalContent ?? '{}')).toMatchObject({
      answers: {
        A3: { value: 'no', explanation: 'A subcontractor withheld wages; the contract was terminated.' },
        F2: { value: true },
      },
    })
    const readOnly = await view(owner, attestationId)
    expect(readOnly.data).toMatchObject({
      editable: false,
      risk: { reviewReasons: [{ itemId: 'A3', code: 'negative_answer' }] },
    })
  })
})

// ───────────────────────────── bad input ─────────────────────────────

describe('bad input gets a message next to the field and changes nothing', () => {
  let attestationId: string
  beforeAll(async () => {
    attestationId = await startDraft([domestic.id])
  })

  test.each([
    [
      'a negative answer without explanation',
      'next',
      { A1: 'no', A1__explanation: '   ' },
      'A1__explanation',
      'attestation.errors.explanationRequired',
    ],
    [
      'an over-long explanation',
      'save',
      { A1: 'no', A1__explanation: 'x'.repeat(4001) },
      'A1__explanation',
      'errors.tooLong',
    ],
    ['an unknown answer value', 'save', { A1: 'maybe' }, 'A1', 'errors.invalid'],
  ])('%s: 400', async (_name, intent, overrides, field, message) => {
    const before = await row(attestationId)
    const result = await post(owner, attestationId, { intent, ...(await stepFields(attestationId, 'A', overrides)) })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { [field]: message } })
    expect(await row(attestationId)).toEqual(before)
  })

  test('a step that does not apply, or an unknown intent: 400', async () => {
    const before = await row(attestationId)
    expect((await post(owner, attestationId, { intent: 'next', step: 'C' })).status).toBe(400)
    expect((await post(owner, attestationId, { intent: 'approve', step: 'A' })).status).toBe(400)
    expect(await row(attestationId)).toEqual(before)
  })

  test('submitting an incomplete declaration: 400, each missing item named with its step, status unchanged', async () => {
    const result = await post(owner, attestationId, { intent: 'submit', ...(await stepFields(attestationId, 'F')) })
    expect(result.status).toBe(400)
    const data = result.data as {
      formError: string
      missing: Array<{ itemId: string; sectionId: string; message: string }>
    }
    expect(data.formError).toBe('attestation.errors.incomplete')
    const missing = Object.fromEntries(data.missing.map((entry) => [entry.itemId, entry.sectionId]))
    expect(missing).toEqual({
      A1: 'A',
      A2: 'A',
      A3: 'A',
      A4: 'A',
      A5: 'A',
      A6: 'A',
      A7: 'A',
      A8: 'A',
      A9: 'A',
      B1: 'B',
      B2: 'B',
      B3: 'B',
      D1: 'D',
      E1: 'E',
    })
    const stored = await row(attestationId)
    expect(stored).toMatchObject({ status: 'draft', signedAt: null, contentSha256: null, signerIp: null })
  })

  test('a member (not an authorized signer) cannot submit: 403, nothing changes', async () => {
    await answerAllButSigning(attestationId)
    const before = await row(attestationId)
    const events = await db().auditEvent.count({ where: { targetId: attestationId } })
    const result = await post(member, attestationId, { intent: 'submit', ...(await stepFields(attestationId, 'F')) })
    expect(result.status).toBe(403)
    expect(await row(attestationId)).toEqual(before)
    expect(await db().auditEvent.count({ where: { targetId: attestationId } })).toBe(events)
    // The member sees why, and may still save the step.
    expect((await view(member, attestationId, '?step=F')).data).toMatchObject({ canSign: false, step: 'F' })
    expect((await post(member, attestationId, { intent: 'save', step: 'F', F1: 'no_abuses_found' })).status).toBe(302)
  })

  test('two submissions at once (double click, two tabs): exactly one wins, the other gets 409', async () => {
    const fields = { intent: 'submit', ...(await stepFields(attestationId, 'F')) }
    const results = await Promise.all([post(owner, attestationId, fields), post(signer, attestationId, fields)])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    const stored = await row(attestationId)
    expect(stored.status).toBe('approved')
    const finished = await db().auditEvent.count({
      where: { targetId: attestationId, action: { in: ['attestation.self_certified', 'attestation.submitted'] } },
    })
    expect(finished).toBe(1)
    const again = await post(owner, attestationId, fields)
    expect(again.status).toBe(409)
    expect(again.data).toMatchObject({ formError: 'attestation.errors.alreadySubmitted' })
    expect(await row(attestationId)).toEqual(stored)
  })
})

describe('starting a declaration', () => {
  test.each([
    ['no contract', () => [], 'attestation.errors.chooseContracts'],
    ['contracts of two agencies', () => [domestic.id, otherAgencyContract.id], 'attestation.errors.oneAgency'],
    ["another organization's contract", () => [otherVendorContract.id], 'errors.invalid'],
  ])('%s: 400 beside the field, nothing created', async (_name, ids, message) => {
    const before = await db().attestation.count()
    const result = await start(owner, ids())
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ fieldErrors: { contractIds: message } })
    expect(await db().attestation.count()).toBe(before)
  })

  test('agencies have no declarations page', async () => {
    const reviewer = await person(agency.id, 'reviewer')
    const page = await callRoute(listLoader, {
      request: getRequest(`/orgs/${agency.id}/attestations`, { cookie: reviewer.cookie }),
      params: { orgId: agency.id },
    })
    expect(page.status).toBe(404)
  })
})

// ───────────────────────────── tenancy and review comments ─────────────────────────────

describe('tenancy', () => {
  test('another vendor neither reads nor changes a declaration: 404 in loader and action', async () => {
    const attestationId = await startDraft([domestic.id])
    const before = await row(attestationId)
    // Through its own organization's URL, or through the owner's: 404 either way.
    expect((await view(otherOwner, attestationId, '', otherVendor.id)).status).toBe(404)
    expect((await view(otherOwner, attestationId, '', vendor.id)).status).toBe(404)
    const fields = { intent: 'next', ...(await stepFields(attestationId, 'A')) }
    expect((await post(otherOwner, attestationId, fields, { orgId: otherVendor.id })).status).toBe(404)
    expect((await post(otherOwner, attestationId, fields, { orgId: vendor.id })).status).toBe(404)
    expect((await post(otherOwner, attestationId, { intent: 'revise' }, { orgId: otherVendor.id })).status).toBe(404)
    expect(await row(attestationId)).toEqual(before)
    expect(await db().attestation.count({ where: { supersedesId: attestationId } })).toBe(0)
  })
})

describe('changes requested by the agency', () => {
  test("the reviewer's reason and per-item comments are shown with the step, and it can be submitted again", async () => {
    const attestationId = await startDraft([domestic.id])
    await answerAllButSigning(attestationId)
    const reviewer = await person(agency.id, 'reviewer')
    await db().attestation.update({ where: { id: attestationId }, data: { status: 'changes_requested' } })
    await db().attestationReview.create({
      data: {
        attestationId,
        reviewerId: reviewer.id,
        decision: 'changes_requested',
        reason: 'Clarify housing',
        itemComments: { A8: 'Which dormitory?' },
      },
    })
    const page = await view(owner, attestationId, '?step=A')
    expect(page.data).toMatchObject({
      editable: true,
      changes: { reason: 'Clarify housing', itemComments: { A8: 'Which dormitory?' } },
    })
    const result = await post(signer, attestationId, { intent: 'submit', ...(await stepFields(attestationId, 'F')) })
    expect(result.status, JSON.stringify(result.data)).toBe(302)
    expect((await row(attestationId)).status).toBe('approved')
  })
})
