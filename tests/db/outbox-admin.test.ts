import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { createContact, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { enqueueEmail } from '~/reminders/outbox.server'
import { action as outboxAction, loader as outboxLoader } from '~/routes/org.outbox'
import { loader as homeLoader } from '~/routes/org'
import { emailSamples } from '#emails/samples'
import { callRoute, formRequest, getRequest, signedInMember, type SignedInMember } from '#tests/support/routes'

// The platform admin's outbox page (/orgs/:orgId/outbox): messages by status with filters, and a
// retry of failed ones (audited). Nobody else may see it. A bounced contact shows on the
// organization's home page.

let platform: CreatedOrganization
let admin: SignedInMember
let agencyAdmin: SignedInMember
let vendorOwner: SignedInMember
let vendor: CreatedOrganization
let agency: CreatedOrganization
let failedId: string
let sentId: string
const tag = `admin-${Date.now()}`

beforeAll(async () => {
  platform = await createOrganization(db(), { kind: 'platform' })
  agency = await createOrganization(db(), { kind: 'agency' })
  vendor = await createOrganization(db(), { kind: 'vendor' })
  admin = await signedInMember(platform.id, 'platform_admin')
  agencyAdmin = await signedInMember(agency.id, 'agency_admin')
  vendorOwner = await signedInMember(vendor.id, 'owner')
  for (const [i, status] of (['failed', 'sent', 'pending'] as const).entries()) {
    const to = `${tag}-${status}@example.test`
    await enqueueEmail(db(), { kind: i === 0 ? 'draftReminder' : 'certificateExpiry', to, language: 'en', dedupeKey: `${tag}:${status}`, props: emailSamples.draftReminder as never, organizationId: vendor.id })
    const row = await db().outboxMessage.update({
      where: { dedupeKey: `${tag}:${status}` },
      data: { status, attempts: 1, lastError: status === 'failed' ? '550 No such user here' : null, sentAt: status === 'sent' ? new Date() : null },
    })
    if (status === 'failed') failedId = row.id
    if (status === 'sent') sentId = row.id
  }
})

type Page = { messages: { id: string; recipient: string; status: string; lastError: string | null }[]; counts: Record<string, number> }
const page = async (query = '') => {
  const result = await callRoute(outboxLoader, { request: getRequest(`/orgs/${platform.id}/outbox${query}`, { cookie: admin.cookie }), params: { orgId: platform.id } })
  expect(result.status).toBe(200)
  return result.data as Page
}
const mine = (p: Page) => p.messages.filter((m) => m.recipient.startsWith(tag))

describe('who may see it', () => {
  test.each([
    ['an agency admin of another organization (not a member)', 404, () => agencyAdmin, () => platform.id],
    ['a vendor owner (not a member)', 404, () => vendorOwner, () => platform.id],
    ['an agency admin on their own agency (no such permission)', 403, () => agencyAdmin, () => agency.id],
    ['a vendor owner on their own organization', 403, () => vendorOwner, () => vendor.id],
  ])('%s gets %i', async (_label, status, who, orgId) => {
    const load = await callRoute(outboxLoader, { request: getRequest(`/orgs/${orgId()}/outbox`, { cookie: who().cookie }), params: { orgId: orgId() } })
    expect(load.status).toBe(status)
    const post = await callRoute(outboxAction, {
      request: formRequest(`/orgs/${orgId()}/outbox`, { intent: 'retry', messageId: failedId }, { cookie: who().cookie }),
      params: { orgId: orgId() },
    })
    expect(post.status).toBe(status)
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: failedId } })).status).toBe('failed')
  })

  test('signed out: sent to sign in', async () => {
    const result = await callRoute(outboxLoader, { request: getRequest(`/orgs/${platform.id}/outbox`), params: { orgId: platform.id } })
    expect(result.status).toBe(302)
  })
})

describe('the list', () => {
  test('every status with its error; filters by status, kind and day', async () => {
    const all = await page()
    expect(mine(all).map((m) => m.status).sort()).toEqual(['failed', 'pending', 'sent'])
    expect(mine(all).find((m) => m.status === 'failed')?.lastError).toBe('550 No such user here')
    expect(all.counts.failed).toBeGreaterThanOrEqual(1)
    expect(mine(await page('?status=failed')).map((m) => m.status)).toEqual(['failed'])
    expect(mine(await page('?kind=draftReminder')).map((m) => m.status)).toEqual(['failed'])
    const today = new Date().toISOString().slice(0, 10)
    expect(mine(await page(`?from=${today}&to=${today}`))).toHaveLength(3)
    expect(mine(await page('?to=2000-01-01'))).toHaveLength(0)
    // Malformed filters are ignored rather than failing the page.
    expect(mine(await page('?status=exploded&from=yesterday'))).toHaveLength(3)
  })
})

describe('retry', () => {
  test('a failed message goes back to the queue, audited', async () => {
    const result = await callRoute(outboxAction, {
      request: formRequest(`/orgs/${platform.id}/outbox`, { intent: 'retry', messageId: failedId }, { cookie: admin.cookie }),
      params: { orgId: platform.id },
    })
    expect(result.status).toBe(200)
    expect(result.data).toEqual({ retried: `${tag}-failed@example.test` })
    const row = await db().outboxMessage.findUniqueOrThrow({ where: { id: failedId } })
    expect([row.status, row.attempts]).toEqual(['pending', 0])
    const audit = await db().auditEvent.findFirst({ where: { action: 'outbox.retried', targetId: failedId } })
    expect(audit?.actorUserId).toBe(admin.id)
  })

  test('bad input: a message that did not fail, an unknown id, a missing id — nothing changes', async () => {
    const post = (fields: Record<string, string>) =>
      callRoute(outboxAction, { request: formRequest(`/orgs/${platform.id}/outbox`, fields, { cookie: admin.cookie }), params: { orgId: platform.id } })
    const notFailed = await post({ intent: 'retry', messageId: sentId })
    expect(notFailed.status).toBe(400)
    expect(notFailed.data).toMatchObject({ formError: 'outbox.errors.notFailed' })
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: sentId } })).status).toBe('sent')
    expect((await post({ intent: 'retry', messageId: 'no-such-message' })).status).toBe(404)
    const missing = await post({ intent: 'retry' })
    expect(missing.status).toBe(400)
    expect(missing.data).toMatchObject({ fieldErrors: { messageId: 'errors.required' } })
    expect((await post({ intent: 'explode', messageId: sentId })).status).toBe(400)
  })
})

test("a bounced contact is shown on its organization's home page, and only there", async () => {
  await createContact(db(), { organizationId: vendor.id, kind: 'compliance', name: 'Old Desk', email: `${tag}-bounced@example.test`, bouncedAt: new Date() })
  const home = await callRoute(homeLoader, { request: getRequest(`/orgs/${vendor.id}`, { cookie: vendorOwner.cookie }), params: { orgId: vendor.id } })
  expect((home.data as { bouncedContacts: { email: string }[] }).bouncedContacts.map((c) => c.email)).toEqual([`${tag}-bounced@example.test`])
  const other = await callRoute(homeLoader, { request: getRequest(`/orgs/${agency.id}`, { cookie: agencyAdmin.cookie }), params: { orgId: agency.id } })
  expect((other.data as { bouncedContacts: unknown[] }).bouncedContacts).toEqual([])
})
