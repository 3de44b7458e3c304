import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { contractRisk } from '~/attestations/attestations.server'
import { createContract, createMember, createOrganization, createSubcontract, utcDate, type CreatedMember, type CreatedOrganization } from '~/demo/factories.server'
import type { Role } from '~/generated/prisma/enums'
import { action as importAction, loader as importLoader } from '~/routes/org.training.import'
import { loader as exportLoader } from '~/routes/org.training.export'
import { action as trainingAction, loader as trainingLoader } from '~/routes/org.training'
import { action as workerAction, loader as workerLoader } from '~/routes/org.worker'
import { action as workersAction, loader as workersLoader } from '~/routes/org.workers'
import { syncTrainingCatalog } from '~/training/catalog.server'
import { contractCoverage, coverageForOrganizations } from '~/training/coverage.server'
import { callRoute, formRequest, getRequest, sessionCookieFor, type RouteFunction, type RouteResult } from '#tests/support/routes'

// Workers, training records and coverage (product.md §7) through the real routes, with tenancy:
// another organization — including the prime of a subcontractor — can neither read nor change them.

type Person = CreatedMember & { cookie: string }
let vendor: CreatedOrganization
let owner: Person
let member: Person
let signer: Person
let other: CreatedOrganization
let otherOwner: Person
let moduleIds: Record<string, string>

async function person(organizationId: string, role: Role): Promise<Person> {
  const created = await createMember(db(), { organizationId, role })
  return { ...created, cookie: await sessionCookieFor(created.id) }
}

beforeAll(async () => {
  await syncTrainingCatalog(db())
  moduleIds = Object.fromEntries((await db().trainingModule.findMany({ select: { code: true, id: true } })).map((m) => [m.code, m.id]))
  vendor = await createOrganization(db(), { kind: 'vendor' })
  owner = await person(vendor.id, 'owner')
  member = await person(vendor.id, 'member')
  signer = await person(vendor.id, 'signer')
  other = await createOrganization(db(), { kind: 'vendor' })
  otherOwner = await person(other.id, 'owner')
})

const post = (fn: RouteFunction, url: string, params: Record<string, string>, fields: Record<string, string>, cookie: string) =>
  callRoute(fn, { request: formRequest(url, fields, { cookie }), params })
const get = (fn: RouteFunction, url: string, params: Record<string, string>, cookie: string) => callRoute(fn, { request: getRequest(url, { cookie }), params })

async function addWorker(fields: Record<string, string>, who: Person = owner): Promise<RouteResult> {
  return post(workersAction, `/orgs/${vendor.id}/workers`, { orgId: vendor.id }, { intent: 'addWorker', displayName: '', preferredLanguage: '', ...fields }, who.cookie)
}

describe('workers', () => {
  test('add a worker with the employer reference, a name and a language tag (canonicalized)', async () => {
    const result = await addWorker({ workerRef: 'EMP-1', displayName: 'Ana López', preferredLanguage: 'zh-hant' }, member)
    expect(result.status).toBe(200)
    const worker = await db().worker.findUniqueOrThrow({ where: { organizationId_workerRef: { organizationId: vendor.id, workerRef: 'EMP-1' } } })
    expect(worker).toMatchObject({ displayName: 'Ana López', preferredLanguage: 'zh-Hant', active: true })
    expect(await db().auditEvent.count({ where: { action: 'training.worker_added', targetId: worker.id } })).toBe(1)
  })

  test('bad input: no reference, a duplicate reference, a language that is not a tag — 400, nothing written', async () => {
    const before = await db().worker.count({ where: { organizationId: vendor.id } })
    const missing = await addWorker({ workerRef: '  ' })
    expect(missing.status).toBe(400)
    expect(missing.data).toMatchObject({ fieldErrors: { workerRef: 'errors.required' } })
    const duplicate = await addWorker({ workerRef: 'EMP-1' })
    expect(duplicate.status).toBe(400)
    expect(duplicate.data).toMatchObject({ fieldErrors: { workerRef: 'training.errors.workerExists' } })
    const language = await addWorker({ workerRef: 'EMP-9', preferredLanguage: 'Spanish!' })
    expect(language.status).toBe(400)
    expect(language.data).toMatchObject({ fieldErrors: { preferredLanguage: 'training.errors.language' } })
    expect(await db().worker.count({ where: { organizationId: vendor.id } })).toBe(before)
  })

  test('the form asks for nothing beyond reference, name and language (no SSN, birth date, immigration data)', async () => {
    const result = await addWorker({ workerRef: 'EMP-2', ssn: '123-45-6789', birthDate: '1990-01-01', visaStatus: 'H-2B' })
    expect(result.status).toBe(200)
    const worker = await db().worker.findUniqueOrThrow({ where: { organizationId_workerRef: { organizationId: vendor.id, workerRef: 'EMP-2' } } })
    expect(JSON.stringify(worker)).not.toMatch(/123-45-6789|1990-01-01|H-2B/)
  })

  test('edit and deactivate a worker, with audit events; the roster shows the status', async () => {
    const worker = await db().worker.findUniqueOrThrow({ where: { organizationId_workerRef: { organizationId: vendor.id, workerRef: 'EMP-2' } } })
    const url = `/orgs/${vendor.id}/workers/${worker.id}`
    const params = { orgId: vendor.id, workerId: worker.id }
    const edited = await post(workerAction, url, params, { intent: 'updateWorker', workerRef: 'EMP-2B', displayName: 'Luis', preferredLanguage: 'es' }, owner.cookie)
    expect(edited.status).toBe(302)
    const deactivated = await post(workerAction, url, params, { intent: 'deactivateWorker' }, owner.cookie)
    expect(deactivated.status).toBe(302)
    expect(await db().worker.findUniqueOrThrow({ where: { id: worker.id } })).toMatchObject({ workerRef: 'EMP-2B', displayName: 'Luis', active: false })
    expect(await db().auditEvent.count({ where: { targetId: worker.id, action: { in: ['training.worker_updated', 'training.worker_deactivated'] } } })).toBe(2)
    const roster = await get(workersLoader, `/orgs/${vendor.id}/workers?q=EMP-2B`, { orgId: vendor.id }, owner.cookie)
    expect(roster.data).toMatchObject({ roster: { total: 1, workers: [{ workerRef: 'EMP-2B', active: false }] } })
  })
})

describe('training records', () => {
  let workerId: string
  const url = () => `/orgs/${vendor.id}/workers/${workerId}`
  const params = () => ({ orgId: vendor.id, workerId })
  const record = (fields: Record<string, string>, who: Person = owner) =>
    post(workerAction, url(), params(), { intent: 'addRecord', recordId: '', moduleId: moduleIds['WR-AWARE'] ?? '', completedOn: '2026-01-31', language: 'es', deliveredBy: 'CAST LA', hours: '2', ...fields }, who.cookie)

  beforeAll(async () => {
    workerId = (await db().worker.findUniqueOrThrow({ where: { organizationId_workerRef: { organizationId: vendor.id, workerRef: 'EMP-1' } } })).id
  })

  test('a completed training: expiry from the module validity (Jan 31 + 12 months = Jan 31; month ends clamp)', async () => {
    expect((await record({})).status).toBe(302)
    expect((await record({ moduleId: moduleIds['CONSTRUCTION-SITE'] ?? '', completedOn: '2024-02-29', hours: '' })).status).toBe(302)
    const records = await db().trainingRecord.findMany({ where: { workerId }, orderBy: { completedOn: 'asc' }, select: { completedOn: true, expiresOn: true, hours: true, createdById: true } })
    expect(records.map((r) => [r.completedOn.toISOString().slice(0, 10), r.expiresOn.toISOString().slice(0, 10), r.hours?.toString() ?? null])).toEqual([
      ['2024-02-29', '2026-02-28', null],
      ['2026-01-31', '2027-01-31', '2'],
    ])
    expect(records.every((r) => r.createdById === owner.id)).toBe(true)
  })

  test('bad input: 13/31/2026, a future date, negative hours, a language that is not a tag, an unknown module, the same record twice', async () => {
    const before = await db().trainingRecord.count({ where: { workerId } })
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ completedOn: '13/31/2026' }, 'completedOn', 'training.errors.date'],
      [{ completedOn: '2026-02-30' }, 'completedOn', 'training.errors.date'],
      [{ completedOn: '2999-01-01' }, 'completedOn', 'training.errors.dateFuture'],
      [{ hours: '-1' }, 'hours', 'training.errors.hoursNegative'],
      [{ hours: 'two' }, 'hours', 'training.errors.hours'],
      [{ language: 'english' }, 'language', 'training.errors.language'],
      [{ moduleId: 'no-such-module' }, 'moduleId', 'training.errors.module'],
      [{}, 'completedOn', 'training.errors.recordExists'],
    ]
    for (const [fields, field, key] of cases) {
      const result = await record(fields)
      expect(result.status, JSON.stringify(fields)).toBe(400)
      expect(result.data, JSON.stringify(fields)).toMatchObject({ fieldErrors: { [field]: key } })
    }
    expect(await db().trainingRecord.count({ where: { workerId } })).toBe(before)
  })

  test('edit and delete a record, with audit events', async () => {
    const existing = await db().trainingRecord.findFirstOrThrow({ where: { workerId, completedOn: new Date('2026-01-31T00:00:00Z') } })
    const edited = await post(workerAction, url(), params(), { intent: 'updateRecord', recordId: existing.id, moduleId: moduleIds['WR-AWARE'] ?? '', completedOn: '2026-02-01', language: 'es-MX', deliveredBy: 'CAST LA', hours: '1.25' }, owner.cookie)
    expect(edited.status).toBe(302)
    expect(await db().trainingRecord.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ language: 'es-MX', expiresOn: new Date('2027-02-01T00:00:00Z') })
    const deleted = await post(workerAction, url(), params(), { intent: 'deleteRecord', recordId: existing.id }, owner.cookie)
    expect(deleted.status).toBe(302)
    expect(await db().trainingRecord.findUnique({ where: { id: existing.id } })).toBeNull()
    expect(await db().auditEvent.findMany({ where: { targetId: existing.id }, orderBy: { sequence: 'asc' }, select: { action: true } })).toEqual([
      { action: 'training.record_added' },
      { action: 'training.record_updated' },
      { action: 'training.record_deleted' },
    ])
    // Put one back for the export test.
    expect((await record({ completedOn: '2026-01-31' })).status).toBe(302)
  })

  test('export: CSV in the import columns plus expires_on, re-importable', async () => {
    const result = await get(exportLoader, `/orgs/${vendor.id}/training/export.csv`, { orgId: vendor.id }, owner.cookie)
    expect(result.status).toBe(200)
    expect(result.headers.get('Content-Type')).toContain('text/csv')
    const lines = String(result.data).replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('worker_ref,worker_name,module_code,completed_on,language,delivered_by,hours,expires_on')
    expect(lines).toContain('EMP-1,Ana López,WR-AWARE,2026-01-31,es,CAST LA,2,2027-01-31')
  })
})

describe('tenancy matrix: another organization cannot read or change workers, records or imports', () => {
  let workerId: string
  let recordId: string
  beforeAll(async () => {
    workerId = (await db().worker.findUniqueOrThrow({ where: { organizationId_workerRef: { organizationId: vendor.id, workerRef: 'EMP-1' } } })).id
    recordId = (await db().trainingRecord.findFirstOrThrow({ where: { workerId } })).id
  })

  test('a stranger gets 404 on every page and action of the organization; a signer gets 403', async () => {
    const reads: Array<[RouteFunction, string, Record<string, string>]> = [
      [trainingLoader, `/orgs/${vendor.id}/training`, { orgId: vendor.id }],
      [workersLoader, `/orgs/${vendor.id}/workers`, { orgId: vendor.id }],
      [workerLoader, `/orgs/${vendor.id}/workers/${workerId}`, { orgId: vendor.id, workerId }],
      [importLoader, `/orgs/${vendor.id}/training/import`, { orgId: vendor.id }],
      [exportLoader, `/orgs/${vendor.id}/training/export.csv`, { orgId: vendor.id }],
    ]
    for (const [fn, url, params] of reads) {
      expect((await get(fn, url, params, otherOwner.cookie)).status, url).toBe(404)
      expect((await get(fn, url, params, signer.cookie)).status, url).toBe(403)
    }
    const writes: Array<[RouteFunction, string, Record<string, string>, Record<string, string>]> = [
      [workersAction, `/orgs/${vendor.id}/workers`, { orgId: vendor.id }, { intent: 'addWorker', workerRef: 'X-1', displayName: '', preferredLanguage: '' }],
      [workersAction, `/orgs/${vendor.id}/workers`, { orgId: vendor.id }, { intent: 'deactivateWorker', workerId }],
      [workerAction, `/orgs/${vendor.id}/workers/${workerId}`, { orgId: vendor.id, workerId }, { intent: 'deleteRecord', recordId }],
      [trainingAction, `/orgs/${vendor.id}/training`, { orgId: vendor.id }, { intent: 'headcount', declaredHeadcount: '5' }],
      [importAction, `/orgs/${vendor.id}/training/import`, { orgId: vendor.id }, { intent: 'confirm', importId: 'x' }],
    ]
    const before = { workers: await db().worker.count(), records: await db().trainingRecord.count() }
    for (const [fn, url, params, fields] of writes) {
      expect((await post(fn, url, params, fields, otherOwner.cookie)).status, url).toBe(404)
      expect((await post(fn, url, params, fields, signer.cookie)).status, url).toBe(403)
    }
    expect({ workers: await db().worker.count(), records: await db().trainingRecord.count() }).toEqual(before)
    expect(await db().worker.findUniqueOrThrow({ where: { id: workerId } })).toMatchObject({ active: true })
  })

  test("a worker or record id of another organization, under one's own organization: 404, nothing changed", async () => {
    const params = { orgId: other.id, workerId }
    const url = `/orgs/${other.id}/workers/${workerId}`
    expect((await get(workerLoader, url, params, otherOwner.cookie)).status).toBe(404)
    expect((await post(workerAction, url, params, { intent: 'deleteRecord', recordId }, otherOwner.cookie)).status).toBe(404)
    expect((await post(workerAction, url, params, { intent: 'updateWorker', workerRef: 'HIJACK', displayName: '', preferredLanguage: '' }, otherOwner.cookie)).status).toBe(404)
    expect((await post(workersAction, `/orgs/${other.id}/workers`, { orgId: other.id }, { intent: 'deactivateWorker', workerId }, otherOwner.cookie)).status).toBe(404)
    expect(await db().trainingRecord.findUnique({ where: { id: recordId } })).not.toBeNull()
    expect(await db().worker.findUniqueOrThrow({ where: { id: workerId } })).toMatchObject({ workerRef: 'EMP-1', active: true })
  })

  test("a prime cannot read its subcontractor's worker list (only coverage figures reach it)", async () => {
    const agency = await createOrganization(db(), { kind: 'agency' })
    const prime = await createOrganization(db(), { kind: 'vendor' })
    const primeOwner = await person(prime.id, 'owner')
    const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: prime.id })
    await createSubcontract(db(), { contractId: contract.id, parentOrganizationId: prime.id, childOrganizationId: vendor.id, tier: 1, status: 'active' })
    for (const [fn, url, params] of [
      [workersLoader, `/orgs/${vendor.id}/workers`, { orgId: vendor.id }],
      [workerLoader, `/orgs/${vendor.id}/workers/${workerId}`, { orgId: vendor.id, workerId }],
      [trainingLoader, `/orgs/${vendor.id}/training`, { orgId: vendor.id }],
      [exportLoader, `/orgs/${vendor.id}/training/export.csv`, { orgId: vendor.id }],
    ] as const) {
      expect((await get(fn, url, params, primeOwner.cookie)).status, url).toBe(404)
    }
    // Under the prime's own organization, the subcontractor's worker is not found either.
    expect((await get(workerLoader, `/orgs/${prime.id}/workers/${workerId}`, { orgId: prime.id, workerId }, primeOwner.cookie)).status).toBe(404)
  })
})

describe('coverage on hand-made data, as of a fixed day', () => {
  const AS_OF = utcDate(2026, 5, 15) // 2026-06-15

  async function rosterWith(organizationId: string, rows: Array<{ ref: string; code?: string; completedOn?: string; active?: boolean }>) {
    for (const row of rows) {
      const worker = await db().worker.upsert({
        where: { organizationId_workerRef: { organizationId, workerRef: row.ref } },
        create: { organizationId, workerRef: row.ref, active: row.active ?? true },
        update: {},
      })
      if (row.completedOn) {
        const completedOn = new Date(`${row.completedOn}T00:00:00Z`)
        const expiresOn = new Date(completedOn)
        expiresOn.setUTCFullYear(expiresOn.getUTCFullYear() + 1)
        await db().trainingRecord.create({ data: { workerId: worker.id, moduleId: moduleIds[row.code ?? 'WR-AWARE'] ?? '', completedOn, expiresOn, language: 'es', deliveredBy: 'T' } })
      }
    }
  }

  test('current, expiring in 30 days, overdue, untrained; inactive workers and supervisor-only modules do not count', async () => {
    const org = await createOrganization(db(), { kind: 'vendor' })
    await rosterWith(org.id, [
      { ref: 'A', completedOn: '2026-01-10' }, // current until 2027-01-10
      { ref: 'B', completedOn: '2025-07-01' }, // expires 2026-07-01: within 30 days
      { ref: 'C', completedOn: '2025-06-15' }, // expired on 2026-06-15: overdue on the day
      { ref: 'C', completedOn: '2024-03-01' }, // an older record of the same worker changes nothing
      { ref: 'D', completedOn: '2025-07-16' }, // expires 2026-07-16: 31 days, current
      { ref: 'E' }, // never trained
      { ref: 'F', code: 'SUP-IDENTIFY', completedOn: '2026-01-10' }, // supervisors' module only: untrained
      { ref: 'G', completedOn: '2026-01-10', active: false }, // left: not on the roster
      { ref: 'H', completedOn: '2025-05-16' }, // expired 2026-05-16, then retrained:
      { ref: 'H', completedOn: '2026-06-01' },
    ])
    const [coverage] = await coverageForOrganizations([org.id], AS_OF)
    expect(coverage).toEqual({
      organizationId: org.id,
      roster: 7,
      declaredHeadcount: null,
      headcount: 7,
      current: 4,
      expiringSoon: 1,
      overdue: 1,
      untrained: 2,
      percentCurrent: 57.1,
      percentExpiringSoon: 14.3,
      percentOverdue: 14.3,
    })
    // A declared headcount larger than the roster is the denominator.
    await db().organization.update({ where: { id: org.id }, data: { declaredHeadcount: 10 } })
    expect((await coverageForOrganizations([org.id], AS_OF))[0]).toMatchObject({ headcount: 10, percentCurrent: 40 })
  })

  test("a subcontractor's coverage rolls up into the contract's; the risk tier cites coverage below the agency's target", async () => {
    const agency = await createOrganization(db(), { kind: 'agency' })
    await db().agencyPolicy.update({ where: { agencyId: agency.id }, data: { trainingCoverageTargetPercent: 95 } }).catch(() => db().agencyPolicy.create({ data: { agencyId: agency.id, trainingCoverageTargetPercent: 95 } }))
    const prime = await createOrganization(db(), { kind: 'vendor' })
    const sub = await createOrganization(db(), { kind: 'vendor' })
    const subSub = await createOrganization(db(), { kind: 'vendor' })
    const today = new Date().toISOString().slice(0, 10)
    await rosterWith(prime.id, [{ ref: 'P1', completedOn: today }, { ref: 'P2', completedOn: today }])
    await rosterWith(sub.id, [{ ref: 'S1', completedOn: today }, { ref: 'S2' }])
    await db().organization.update({ where: { id: subSub.id }, data: { declaredHeadcount: 4 } })
    const contract = await createContract(db(), { agencyId: agency.id, primeVendorId: prime.id })
    await createSubcontract(db(), { contractId: contract.id, parentOrganizationId: prime.id, childOrganizationId: sub.id, tier: 1, status: 'active' })
    await createSubcontract(db(), { contractId: contract.id, parentOrganizationId: sub.id, childOrganizationId: subSub.id, tier: 2, status: 'active' })

    const coverage = await contractCoverage(contract.id, new Date())
    expect(coverage?.total).toMatchObject({ roster: 4, headcount: 8, current: 3, untrained: 1, percentCurrent: 37.5 })
    expect(coverage?.organizations.map((o) => [o.tier, o.headcount, o.current])).toEqual([
      [0, 2, 2],
      [1, 2, 1],
      [2, 4, 0],
    ])
    const risk = await contractRisk(contract.id)
    expect(risk?.reasons).toContainEqual(expect.objectContaining({ factor: 'low_training_coverage', params: { percent: 37.5, target: 95 } }))
  })

  test('the training page shows the organization coverage; the headcount form validates', async () => {
    const page = await get(trainingLoader, `/orgs/${vendor.id}/training`, { orgId: vendor.id }, owner.cookie)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ coverage: { roster: 1, current: 1 } })
    const bad = await post(trainingAction, `/orgs/${vendor.id}/training`, { orgId: vendor.id }, { intent: 'headcount', declaredHeadcount: '-3' }, owner.cookie)
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({ fieldErrors: { declaredHeadcount: 'training.errors.headcount' } })
    const good = await post(trainingAction, `/orgs/${vendor.id}/training`, { orgId: vendor.id }, { intent: 'headcount', declaredHeadcount: '4' }, owner.cookie)
    expect(good.status).toBe(200)
    expect((await coverageForOrganizations([vendor.id], new Date()))[0]).toMatchObject({ headcount: 4, percentCurrent: 25 })
  })
})
