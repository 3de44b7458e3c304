import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { answersSchemaFor } from '~/attestations/answers'
import { compliantStepValues } from '~/demo/declarations.server'
import { applicableSteps } from '~/attestations/applicability'
import {
  loadAttestation,
  reviseAttestation,
  saveStep,
  startAttestation,
  submitAttestation,
} from '~/attestations/attestations.server'
import { isAnswerable } from '~/attestations/template'
import { db } from '~/db/db.server'
import {
  createContact,
  createContract,
  createOrganization,
  type CreatedOrganization,
} from '~/demo/factories.server'
import { setDocumentSettings } from '~/documents/settings.server'
import { getStorage, newStorageKey } from '~/documents/storage.server'
import { listReviewQueue, loadReviewPage } from '~/review/review.server'
import { loader as documentLoader } from '~/routes/org.review.document'
import { action as reviewAction, loader as reviewLoader } from '~/routes/org.review'
import { loader as queueLoader } from '~/routes/org.reviews'
import { makePdf } from '#tests/support/document-files'
import { callRoute, formRequest, getRequest, useMailCatcher, signedInMember, type SignedInMember } from '#tests/support/routes'

// The agency's review (product.md §9) through the real route modules: the queue, one declaration,
// the decision (approve / request changes with per-item comments / reject) and the vendor's
// documents. Declarations are made with the real lifecycle (start, save each step, submit as the
// signer) with one "No" in section A, which sends them to review (product.md §4).

const mail = useMailCatcher()

type Person = SignedInMember
const person = signedInMember

let root: string
let agency: CreatedOrganization
let otherAgency: CreatedOrganization
let reviewer: Person
let agencyAdmin: Person
let otherReviewer: Person

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-review-'))
  setDocumentSettings({ maxUploadBytes: 1024 * 1024, storage: { driver: 'local', root } })
  agency = await createOrganization(db(), {
    kind: 'agency',
    legalName: `Pacific Coast Transit Authority ${randomUUID().slice(0, 6)}`,
  })
  otherAgency = await createOrganization(db(), { kind: 'agency' })
  reviewer = await person(agency.id, 'reviewer')
  agencyAdmin = await person(agency.id, 'agency_admin')
  otherReviewer = await person(otherAgency.id, 'reviewer')
})

afterAll(async () => {
  setDocumentSettings(undefined)
  await fs.rm(root, { recursive: true, force: true })
})

// ───────────────────────────── a vendor and its declaration ─────────────────────────────

type Vendor = {
  organization: CreatedOrganization
  owner: Person
  signer: Person
  contacts: { en: string; es: string }
  contractId: string
  contractNumber: string
}

async function vendorWithContract(): Promise<Vendor> {
  const organization = await createOrganization(db(), { kind: 'vendor' })
  const owner = await person(organization.id, 'owner')
  const signer = await person(organization.id, 'signer')
  const en = await createContact(db(), { organizationId: organization.id, kind: 'compliance', language: 'en' })
  const es = await createContact(db(), { organizationId: organization.id, kind: 'compliance', language: 'es' })
  // A primary contact is not told about compliance decisions.
  await createContact(db(), { organizationId: organization.id, kind: 'primary' })
  const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: organization.id })
  return {
    organization,
    owner,
    signer,
    contacts: { en: en.email, es: es.email },
    contractId: contract.id,
    contractNumber: contract.number,
  }
}

/** Fill every applicable step through saveStep, with "No" (and the explanation) for the items in `no`. */
async function answerAll(vendor: Vendor, attestationId: string, no: Record<string, string>) {
  const context = await loadAttestation(attestationId, { organizationId: vendor.organization.id })
  if (!context) throw new Error('attestation not found')
  const steps = applicableSteps(context.template, context.applicability)
  for (const [index, section] of steps.entries()) {
    const items = section.items.filter(isAnswerable)
    const values: Record<string, string> = compliantStepValues(items, no)
    if (section.signing)
      Object.assign(values, { signerName: vendor.signer.name, signerTitle: 'Chief Executive Officer' })
    const step = answersSchemaFor(context.template, context.applicability, section.id).parse(values)
    const saved = await saveStep({
      attestationId,
      organizationId: vendor.organization.id,
      actorUserId: vendor.signer.id,
      sectionId: section.id,
      stepAnswers: step.answers,
      currentStep: index + 1,
      signer: step.signer,
    })
    if (!saved.ok) throw new Error(`saveStep ${section.id}: ${saved.formError}`)
  }
}

async function submit(vendor: Vendor, attestationId: string, now = new Date()) {
  const result = await submitAttestation({
    attestationId,
    organizationId: vendor.organization.id,
    signer: { userId: vendor.signer.id, name: vendor.signer.name, title: 'Chief Executive Officer' },
    ip: '192.0.2.10',
    now,
  })
  if (!result.ok) throw new Error(`submit: ${result.formError} ${JSON.stringify(result.fieldErrors)}`)
  // FAR 52.222-50(b): a "No" in section A blocks self-certification.
  expect(result.status).toBe('submitted')
  return result
}

/** A declaration awaiting review: A1 answered "No" with an explanation. */
async function submittedDeclaration(vendor: Vendor, now = new Date()) {
  const started = await startAttestation({
    organizationId: vendor.organization.id,
    actorUserId: vendor.owner.id,
    contractIds: [vendor.contractId],
  })
  if (!started.ok) throw new Error(started.formError)
  await answerAll(vendor, started.attestationId, {
    A1: 'A former recruiter is under investigation; we ended the contract.',
  })
  const result = await submit(vendor, started.attestationId, now)
  return { id: started.attestationId, tier: result.risk.tier }
}

// ───────────────────────────── route helpers ─────────────────────────────

const QueueSchema = z.object({
  queue: z.array(
    z.looseObject({
      id: z.string(),
      riskTier: z.string().nullable(),
      reviewReasonCount: z.number(),
      revises: z.boolean(),
      contractNumbers: z.array(z.string()),
    }),
  ),
})

async function queue(by: Person, query = '', orgId = agency.id) {
  return callRoute(queueLoader, {
    request: getRequest(`/orgs/${orgId}/reviews${query}`, { cookie: by.cookie }),
    params: { orgId },
  })
}

async function queueEntries(by: Person, query = '', orgId = agency.id) {
  const result = await queue(by, query, orgId)
  expect(result.status).toBe(200)
  return QueueSchema.parse(result.data).queue
}

async function page(by: Person, attestationId: string, orgId = agency.id) {
  return callRoute(reviewLoader, {
    request: getRequest(`/orgs/${orgId}/reviews/${attestationId}`, { cookie: by.cookie }),
    params: { orgId, attestationId },
  })
}

async function decide(by: Person, attestationId: string, fields: Record<string, string>, orgId = agency.id) {
  return callRoute(reviewAction, {
    request: formRequest(`/orgs/${orgId}/reviews/${attestationId}`, fields, { cookie: by.cookie }),
    params: { orgId, attestationId },
  })
}

async function document(
  by: Person,
  attestationId: string,
  documentId: string,
  { orgId = agency.id, inline = false } = {},
) {
  const url = `/orgs/${orgId}/reviews/${attestationId}/documents/${documentId}${inline ? '?inline=1' : ''}`
  return callRoute(documentLoader, {
    request: getRequest(url, { cookie: by.cookie }),
    params: { orgId, attestationId, documentId },
  })
}

const statusOf = async (attestationId: string) =>
  (await db().attestation.findUniqueOrThrow({ where: { id: attestationId }, select: { status: true } })).status
const reviewsOf = (attestationId: string) =>
  db().attestationReview.findMany({ where: { attestationId }, orderBy: { createdAt: 'asc' } })

// ───────────────────────────── the queue ─────────────────────────────

describe('the review queue', () => {
  let vendor: Vendor
  let older: { id: string; tier: string }
  let newer: { id: string; tier: string }

  beforeAll(async () => {
    vendor = await vendorWithContract()
    // Submitted in the reverse of creation order: the queue sorts by submission, not by id or creation.
    newer = await submittedDeclaration(vendor, new Date(Date.now() - 60_000))
    older = await submittedDeclaration(vendor, new Date(Date.now() - 2 * 24 * 3600_000))
  })

  test("lists the agency's submitted declarations for its reviewers, oldest first, with what the reviewer needs", async () => {
    for (const by of [reviewer, agencyAdmin]) {
      const entries = await queueEntries(by)
      const ids = entries.map((entry) => entry.id)
      expect(ids).toContain(older.id)
      expect(ids).toContain(newer.id)
      expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id))
      expect(entries.find((entry) => entry.id === older.id)).toMatchObject({
        vendor: { id: vendor.organization.id, legalName: vendor.organization.legalName, uei: vendor.organization.uei },
        contractNumbers: [vendor.contractNumber],
        riskTier: older.tier,
        reviewReasonCount: 1,
        revises: false,
      })
    }
  })

  test('filters by risk tier and by vendor name or UEI', async () => {
    const otherTier = older.tier === 'high' ? 'low' : 'high'
    expect((await queueEntries(reviewer, `?tier=${older.tier}`)).map((e) => e.id)).toContain(older.id)
    expect((await queueEntries(reviewer, `?tier=${otherTier}`)).map((e) => e.id)).not.toContain(older.id)
    const name = vendor.organization.legalName.split(' ').slice(-2).join(' ').toLowerCase()
    const byName = (await queueEntries(reviewer, `?vendor=${encodeURIComponent(name)}`)).map((e) => e.id)
    expect(byName).toEqual(expect.arrayContaining([older.id, newer.id]))
    const uei = vendor.organization.uei ?? ''
    expect((await queueEntries(reviewer, `?vendor=${uei.slice(2, 10).toLowerCase()}`)).map((e) => e.id)).toContain(
      older.id,
    )
    expect(await queueEntries(reviewer, `?vendor=${randomUUID()}`)).toEqual([])
    // An unknown tier is ignored, not an error page.
    expect((await queueEntries(reviewer, '?tier=extreme')).map((e) => e.id)).toContain(older.id)
  })

  test("another agency's reviewer sees none of it, and gets 404 on the declaration and its decision", async () => {
    expect((await queueEntries(otherReviewer, '', otherAgency.id)).map((e) => e.id)).not.toContain(older.id)
    expect((await listReviewQueue(otherAgency.id, { sort: 'oldest' })).map((e) => e.id)).not.toContain(older.id)
    expect((await page(otherReviewer, older.id, otherAgency.id)).status).toBe(404)
    const decision = await decide(otherReviewer, older.id, { intent: 'approve' }, otherAgency.id)
    expect(decision.status).toBe(404)
    // Not a member of this agency: 404 as well, whatever the URL says.
    expect((await page(otherReviewer, older.id, agency.id)).status).toBe(404)
    expect(await statusOf(older.id)).toBe('submitted')
  })

  test('a vendor organization has no review queue (404), nor review pages', async () => {
    const result = await queue(vendor.owner, '', vendor.organization.id)
    expect(result.status).toBe(404)
    expect((await page(vendor.owner, older.id, vendor.organization.id)).status).toBe(404)
  })

  test("the page shows the declaration's answers, risk, review reasons and signature", async () => {
    const result = await page(reviewer, older.id)
    expect(result.status).toBe(200)
    expect(result.data).toMatchObject({
      page: {
        attestation: {
          id: older.id,
          status: 'submitted',
          signerName: vendor.signer.name,
          signerTitle: 'Chief Executive Officer',
          riskTier: older.tier,
          templateVersion: '2026.1',
        },
        vendor: { id: vendor.organization.id },
        contracts: [{ id: vendor.contractId, number: vendor.contractNumber }],
        reviewReasons: [{ itemId: 'A1', code: 'negative_answer' }],
        changes: null,
        canDecide: true,
      },
    })
    const detail = await loadReviewPage(agency.id, older.id)
    const a1 = detail?.sections.find((s) => s.id === 'A')?.items.find((item) => item.id === 'A1')
    expect(a1).toMatchObject({
      answer: { kind: 'no' },
      explanation: 'A former recruiter is under investigation; we ended the contract.',
      changed: false,
      triggeredReview: { code: 'negative_answer' },
    })
    expect(detail?.attestation.contentSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(detail?.risk?.reasons.length).toBeGreaterThan(0)
    // The other vendor declaration is part of its history.
    expect(detail?.history.map((h) => h.id)).toContain(newer.id)
  })

  test("a vendor's draft is not the agency's to read", async () => {
    const started = await startAttestation({
      organizationId: vendor.organization.id,
      actorUserId: vendor.owner.id,
      contractIds: [vendor.contractId],
    })
    if (!started.ok) throw new Error(started.formError)
    expect((await page(reviewer, started.attestationId)).status).toBe(404)
  })
})

// ───────────────────────────── decisions ─────────────────────────────

describe('deciding', () => {
  test('approve: approved, a review row, an audit event, and the compliance contacts and the signer are emailed in their language', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    const result = await decide(reviewer, declaration.id, { intent: 'approve', reason: '' })
    expect(result.status).toBe(302)
    expect(result.location).toBe(`/orgs/${agency.id}/reviews?decided=${declaration.id}`)

    const row = await db().attestation.findUniqueOrThrow({ where: { id: declaration.id } })
    expect(row.status).toBe('approved')
    expect(row.reviewedById).toBe(reviewer.id)
    expect(row.reviewedAt).not.toBeNull()
    const reviews = await reviewsOf(declaration.id)
    expect(reviews).toHaveLength(1)
    expect(reviews[0]).toMatchObject({ decision: 'approved', reviewerId: reviewer.id, reason: null, itemComments: {} })
    const event = await db().auditEvent.findFirst({
      where: { action: 'attestation.approved', targetId: declaration.id },
    })
    expect(event).toMatchObject({
      actorUserId: reviewer.id,
      organizationId: vendor.organization.id,
      data: { agencyId: agency.id, reviewId: reviews[0]?.id, contentSha256: row.contentSha256 },
    })

    const english = await mail.waitForMailTo(vendor.contacts.en)
    expect(english.subject).toBe(`${agency.legalName} approved your anti-trafficking declaration`)
    expect(english.text).toContain(vendor.contractNumber)
    expect(english.text).toContain(`/orgs/${vendor.organization.id}/attestations/${declaration.id}`)
    const spanish = await mail.waitForMailTo(vendor.contacts.es)
    expect(spanish.subject).toBe(`${agency.legalName} aprobó su declaración contra la trata de personas`)
    const signer = await mail.waitForMailTo(vendor.signer.email)
    expect(signer.subject).toContain('approved')

    // The queue no longer lists it, and says what was decided.
    const after = await queue(reviewer, `?decided=${declaration.id}`)
    expect(after.data).toMatchObject({ decided: { decision: 'approved', vendor: vendor.organization.legalName } })
    expect(QueueSchema.parse(after.data).queue.map((e) => e.id)).not.toContain(declaration.id)
    // Read-only from now on.
    expect((await page(reviewer, declaration.id)).data).toMatchObject({
      page: { canDecide: false, attestation: { status: 'approved' } },
    })
  })

  test('request changes with per-item comments: comments stored, vendor emailed, and the resubmission shows what changed', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    const result = await decide(reviewer, declaration.id, {
      intent: 'request_changes',
      reason: '',
      comment__A1: '  Say when the investigation started and who leads it.  ',
      comment__B1: '',
    })
    expect(result.status).toBe(302)
    expect(await statusOf(declaration.id)).toBe('changes_requested')
    const [review] = await reviewsOf(declaration.id)
    // Empty comments are dropped, the others trimmed; the column stays { itemId: comment }.
    expect(review?.itemComments).toEqual({ A1: 'Say when the investigation started and who leads it.' })
    expect(review?.decision).toBe('changes_requested')
    const event = await db().auditEvent.findFirst({
      where: { action: 'attestation.changes_requested', targetId: declaration.id },
    })
    expect(event?.data).toMatchObject({ commentedItems: ['A1'], answersAtReview: { A1: { value: 'no' } } })

    const message = await mail.waitForMailTo(vendor.contacts.es)
    expect(message.subject).toBe(`${agency.legalName} pide cambios en su declaración contra la trata de personas`)
    expect(message.text).toContain('La agencia comentó 1 pregunta.')
    await mail.waitForMailTo(vendor.signer.email)

    // The vendor revises the explanation in place and submits again.
    await answerAll(vendor, declaration.id, {
      A1: 'The investigation started on 3 March and is led by the state labor agency.',
    })
    await submit(vendor, declaration.id)
    const entry = (await queueEntries(reviewer)).find((e) => e.id === declaration.id)
    expect(entry?.revises).toBe(true)
    const detail = await loadReviewPage(agency.id, declaration.id)
    expect(detail?.changes).toMatchObject({ basis: 'changes_requested', count: 1 })
    const items = detail?.sections.flatMap((section) => section.items) ?? []
    expect(items.filter((item) => item.changed).map((item) => item.id)).toEqual(['A1'])
    expect(items.find((item) => item.id === 'A1')?.previousComment).toMatchObject({
      text: 'Say when the investigation started and who leads it.',
    })
  })

  test('request changes with nothing to change: 400, nothing changes', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    const result = await decide(reviewer, declaration.id, { intent: 'request_changes', reason: '   ', comment__A1: '' })
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({ formError: 'review.errors.changesNeedComment' })
    expect(await statusOf(declaration.id)).toBe('submitted')
    expect(await reviewsOf(declaration.id)).toHaveLength(0)
  })

  test('reject without a reason: 400 next to the reason, nothing changes; with a reason: rejected and emailed', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    const refused = await decide(reviewer, declaration.id, { intent: 'reject', reason: '  ' })
    expect(refused.status).toBe(400)
    expect(refused.data).toMatchObject({ fieldErrors: { reason: 'review.errors.reasonRequired' } })
    expect(await statusOf(declaration.id)).toBe('submitted')
    expect(await reviewsOf(declaration.id)).toHaveLength(0)
    expect(await db().auditEvent.count({ where: { targetId: declaration.id, action: 'attestation.rejected' } })).toBe(0)

    const rejected = await decide(reviewer, declaration.id, {
      intent: 'reject',
      reason: 'Recruitment fees were charged to workers.',
    })
    expect(rejected.status).toBe(302)
    const row = await db().attestation.findUniqueOrThrow({ where: { id: declaration.id } })
    expect(row).toMatchObject({
      status: 'rejected',
      reviewComment: 'Recruitment fees were charged to workers.',
      reviewedById: reviewer.id,
    })
    const message = await mail.waitForMailTo(vendor.contacts.en)
    expect(message.text).toContain('Reason given by the agency: Recruitment fees were charged to workers.')
  })

  test('a revision after a rejection shows the earlier declaration in the history and what changed', async () => {
    const vendor = await vendorWithContract()
    const first = await submittedDeclaration(vendor)
    expect((await decide(reviewer, first.id, { intent: 'reject', reason: 'Explain the remediation.' })).status).toBe(
      302,
    )
    const revised = await reviseAttestation({
      attestationId: first.id,
      organizationId: vendor.organization.id,
      actorUserId: vendor.owner.id,
    })
    if (!revised.ok) throw new Error(revised.formError)
    await answerAll(vendor, revised.attestationId, { A1: 'The recruiter was dismissed and the workers were repaid.' })
    await submit(vendor, revised.attestationId)
    const detail = await loadReviewPage(agency.id, revised.attestationId)
    expect(detail?.changes).toMatchObject({ basis: 'superseded', count: 1 })
    expect(detail?.history).toEqual([
      expect.objectContaining({
        id: first.id,
        status: 'rejected',
        decisions: [expect.objectContaining({ decision: 'rejected', reason: 'Explain the remediation.' })],
      }),
    ])
    expect((await queueEntries(reviewer)).find((e) => e.id === revised.attestationId)?.revises).toBe(true)
  })

  test('a decision on a declaration no longer in review: 409, nothing written', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    expect((await decide(reviewer, declaration.id, { intent: 'approve' })).status).toBe(302)
    const again = await decide(agencyAdmin, declaration.id, { intent: 'reject', reason: 'Too late.' })
    expect(again.status).toBe(409)
    expect(again.data).toMatchObject({ formError: 'review.errors.noLongerInReview' })
    expect(await statusOf(declaration.id)).toBe('approved')
    expect(await reviewsOf(declaration.id)).toHaveLength(1)
  })

  test('two reviewers approving at the same moment: exactly one decision', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    const results = await Promise.all([
      decide(reviewer, declaration.id, { intent: 'approve' }),
      decide(agencyAdmin, declaration.id, { intent: 'approve' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    expect(await reviewsOf(declaration.id)).toHaveLength(1)
    expect(await db().auditEvent.count({ where: { targetId: declaration.id, action: 'attestation.approved' } })).toBe(1)
    expect(await statusOf(declaration.id)).toBe('approved')
  })

  test('a comment on a question that does not exist or does not apply: 400, nothing changes', async () => {
    const vendor = await vendorWithContract()
    const declaration = await submittedDeclaration(vendor)
    // ZZ9 is no item; C-i is one, but section C (compliance plan) does not apply to this contract.
    for (const field of ['comment__ZZ9', 'comment__C-i']) {
      const result = await decide(reviewer, declaration.id, { intent: 'request_changes', [field]: 'Please clarify.' })
      expect(result.status).toBe(400)
      expect(result.data).toMatchObject({ formError: 'review.errors.unknownItem' })
    }
    const tooLong = await decide(reviewer, declaration.id, { intent: 'request_changes', comment__A1: 'x'.repeat(2001) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.data).toMatchObject({ fieldErrors: { comment__A1: 'errors.tooLong' } })
    expect(await statusOf(declaration.id)).toBe('submitted')
    expect(await reviewsOf(declaration.id)).toHaveLength(0)
  })
})

// ───────────────────────────── documents ─────────────────────────────

describe("the vendor's documents", () => {
  const pdf = makePdf()
  let vendor: Vendor
  let declaration: { id: string }

  async function storedDocument(
    organizationId: string,
    overrides: {
      kind?: 'compliance_plan' | 'policy' | 'evidence' | 'training_material' | 'other'
      contractId?: string | null
      originalFileName?: string
    } = {},
  ) {
    const storageKey = newStorageKey()
    await getStorage().put(storageKey, Readable.from([pdf]))
    return db().document.create({
      data: {
        organizationId,
        kind: overrides.kind ?? 'compliance_plan',
        contractId: overrides.contractId ?? null,
        seriesId: randomUUID(),
        originalFileName: overrides.originalFileName ?? 'Plan de cumplimiento 2026.pdf',
        sizeBytes: pdf.length,
        mediaType: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
        storageKey,
      },
    })
  }

  beforeAll(async () => {
    vendor = await vendorWithContract()
    declaration = await submittedDeclaration(vendor)
  })

  test("the reviewer downloads the vendor's compliance plan, and previews it sandboxed", async () => {
    const plan = await storedDocument(vendor.organization.id)
    const result = await document(reviewer, declaration.id, plan.id)
    expect(result.status).toBe(200)
    expect(result.headers.get('Content-Type')).toBe('application/pdf')
    expect(result.headers.get('Content-Disposition')).toBe(
      `attachment; filename="Plan de cumplimiento 2026.pdf"; filename*=UTF-8''Plan%20de%20cumplimiento%202026.pdf`,
    )
    expect(result.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(result.headers.get('Cache-Control')).toBe('private, no-store')
    expect(result.headers.get('Content-Security-Policy')).toBeNull()
    expect(result.headers.get('Content-Length')).toBe(String(pdf.length))
    expect(String(result.data)).toMatch(/^%PDF-1\.7/)

    const inline = await document(reviewer, declaration.id, plan.id, { inline: true })
    expect(inline.status).toBe(200)
    expect(inline.headers.get('Content-Disposition')).toMatch(/^inline; /)
    expect(inline.headers.get('Content-Security-Policy')).toBe('sandbox')

    const detail = await loadReviewPage(agency.id, declaration.id)
    expect(detail?.documents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: plan.id, kind: 'compliance_plan', scope: { kind: 'organization' } }),
      ]),
    )
  })

  test('a document for one of the contracts is visible; training material, another contract and another vendor are not', async () => {
    const forContract = await storedDocument(vendor.organization.id, {
      kind: 'evidence',
      contractId: vendor.contractId,
    })
    expect((await document(reviewer, declaration.id, forContract.id)).status).toBe(200)

    const training = await storedDocument(vendor.organization.id, { kind: 'training_material' })
    expect((await document(reviewer, declaration.id, training.id)).status).toBe(404)

    const elsewhere = await createContract(db(), { agencyId: otherAgency.id, primeVendorId: vendor.organization.id })
    const otherContractPlan = await storedDocument(vendor.organization.id, { contractId: elsewhere.id })
    expect((await document(reviewer, declaration.id, otherContractPlan.id)).status).toBe(404)

    const stranger = await createOrganization(db(), { kind: 'vendor' })
    const strangersPlan = await storedDocument(stranger.id)
    expect((await document(reviewer, declaration.id, strangersPlan.id)).status).toBe(404)

    const detail = await loadReviewPage(agency.id, declaration.id)
    const listed = detail?.documents.map((d) => d.id) ?? []
    expect(listed).toContain(forContract.id)
    expect(listed).not.toContain(training.id)
    expect(listed).not.toContain(otherContractPlan.id)
    expect(listed).not.toContain(strangersPlan.id)
  })

  test("another agency's reviewer, a vendor and an unknown document get 404", async () => {
    const plan = await storedDocument(vendor.organization.id, { kind: 'policy' })
    expect((await document(otherReviewer, declaration.id, plan.id, { orgId: otherAgency.id })).status).toBe(404)
    expect((await document(vendor.owner, declaration.id, plan.id, { orgId: vendor.organization.id })).status).toBe(404)
    expect((await document(reviewer, declaration.id, randomUUID())).status).toBe(404)
  })
})
