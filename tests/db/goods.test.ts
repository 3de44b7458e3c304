import { spawnSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '~/db/db.server'
import { makeDeclaration } from '~/demo/declarations.server'
import { createContract, createOrganization, type CreatedOrganization } from '~/demo/factories.server'
import { parseGoodsCommand, runGoodsCommand } from '~/goods/command.server'
import { syncShippedGoodsLists } from '~/goods/editions.server'
import { goodKey } from '~/goods/names'
import { action as contractAction, loader as contractLoader } from '~/routes/org.contract'
import { action as newContractAction, loader as newContractLoader } from '~/routes/org.contracts.new'
import { loader as policyLoader } from '~/routes/org.policy'
import { callRoute, formRequest, getRequest, signedInMember, type SignedInMember } from '#tests/support/routes'

// High-risk goods lists (product.md §5): the shipped DOL TVPRA and EO 13126 editions, goods a
// contract declares with their source countries, the risk reason a listed good raises, and the
// operator's import of a newer edition (a bad file: a report, nothing replaced).

let agency: CreatedOrganization
let vendor: CreatedOrganization
let otherVendor: CreatedOrganization
let owner: SignedInMember
let otherOwner: SignedInMember
let tmp: string

beforeAll(async () => {
  await syncShippedGoodsLists(db())
  agency = await createOrganization(db(), { kind: 'agency' })
  vendor = await createOrganization(db(), { kind: 'vendor', industries: [] })
  otherVendor = await createOrganization(db(), { kind: 'vendor', industries: [] })
  owner = await signedInMember(vendor.id, 'owner')
  otherOwner = await signedInMember(otherVendor.id, 'owner')
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'goods-test-'))
})

afterAll(async () => {
  // Other files in this worker expect the shipped editions in force.
  await db().goodsListEdition.deleteMany({ where: { NOT: [{ list: 'tvpra', edition: '2022' }, { list: 'eo13126', edition: '2014' }] } })
  await db().goodsListEdition.updateMany({ data: { active: true } })
  await fs.rm(tmp, { recursive: true, force: true })
})

let counter = 0
function facts(overrides: Record<string, string | string[]> = {}) {
  counter += 1
  return {
    agencyId: agency.id,
    number: `G-${Date.now().toString(36)}-${counter}`,
    title: 'Uniforms and supplies',
    estimatedValue: '20,000',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    usStates: ['CA'],
    industries: ['office_supplies'],
    ...overrides,
  }
}

const register = (fields: Record<string, string | string[]>, by = owner, orgId = vendor.id) =>
  callRoute(newContractAction, { request: formRequest(`/orgs/${orgId}/contracts/new`, fields, { cookie: by.cookie }), params: { orgId } })

async function contractPage(contractId: string, by = owner, orgId = vendor.id) {
  const page = await callRoute(contractLoader, { request: getRequest(`/orgs/${orgId}/contracts/${contractId}`, { cookie: by.cookie }), params: { orgId, contractId } })
  return page
}

type PageData = {
  risk: { tier: string; reasons: Array<{ factor: string; params: Record<string, string | number> }> }
  declaredGoods: Array<{ good: string; countryCode: string; matches: Array<{ list: string; edition: string; laborType: string }> }>
}
function pageData(value: unknown): PageData {
  return value as PageData
}

describe('shipped editions', () => {
  test('both lists are stored once, active, with their row counts and sources', async () => {
    expect(await syncShippedGoodsLists(db())).toEqual({ inserted: [], unchanged: ['tvpra 2022', 'eo13126 2014'] })
    const editions = await db().goodsListEdition.findMany({ orderBy: { list: 'asc' }, select: { list: true, edition: true, active: true, rowCount: true, source: true, publishedOn: true } })
    expect(editions.map((e) => [e.list, e.edition, e.active, e.rowCount])).toEqual([
      ['tvpra', '2022', true, 457],
      ['eo13126', '2014', true, 54],
    ])
    expect(editions[0]?.source).toContain('USDepartmentofLabor')
    expect(editions[0]?.publishedOn.toISOString().slice(0, 10)).toBe('2022-09-28')
    // DOL's spellings are kept, mapped to ISO codes.
    const burma = await db().goodsListEntry.findFirstOrThrow({ where: { countryName: 'Burma', goodKey: 'jade' }, select: { countryCode: true } })
    expect(burma.countryCode).toBe('MM')
    const boliva = await db().goodsListEntry.findFirstOrThrow({ where: { countryName: 'Boliva' }, select: { countryCode: true, forcedChildLabor: true } })
    expect(boliva).toEqual({ countryCode: 'BO', forcedChildLabor: true })
  })
})

test('an agency’s policy page lists the editions in use', async () => {
  const reviewer = await signedInMember(agency.id, 'reviewer')
  const view = await callRoute(policyLoader, { request: getRequest(`/orgs/${agency.id}/policy`, { cookie: reviewer.cookie }), params: { orgId: agency.id } })
  expect(view.status).toBe(200)
  const editions = (view.data as { goodsEditions: Array<{ list: string; edition: string; rowCount: number; active: boolean }> }).goodsEditions
  expect(editions.map((e) => [e.list, e.edition, e.rowCount, e.active])).toEqual([
    ['tvpra', '2022', 457, true],
    ['eo13126', '2014', 54, true],
  ])
})

describe('a contract declares its goods', () => {
  test('Bricks from Afghanistan raise the tier with a reason naming good, country and labor type; Coffee from Ethiopia does not', async () => {
    const plain = await register(facts())
    expect(plain.status).toBe(302)
    const plainId = plain.location?.split('/').pop()?.split('?')[0] ?? ''
    const baseline = pageData((await contractPage(plainId)).data).risk

    const form = await callRoute(newContractLoader, { request: getRequest(`/orgs/${vendor.id}/contracts/new`, { cookie: owner.cookie }), params: { orgId: vendor.id } })
    const goodsForm = (form.data as { goodsForm: { suggestions: string[]; countries: Array<{ code: string }> } }).goodsForm
    expect(goodsForm.suggestions).toContain('Bricks')
    expect(goodsForm.countries.map((c) => c.code)).toContain('AF')

    const result = await register(facts({ goodName0: 'bricks ', goodCountry0: 'af', goodName1: 'Coffee', goodCountry1: 'ET', goodName2: '', goodCountry2: '' }))
    expect(result.status).toBe(302)
    const contractId = result.location?.split('/').pop()?.split('?')[0] ?? ''
    expect(await db().contractGood.findMany({ where: { contractId }, orderBy: { countryCode: 'asc' }, select: { good: true, countryCode: true } })).toEqual([
      { good: 'bricks', countryCode: 'AF' },
      { good: 'Coffee', countryCode: 'ET' },
    ])
    const page = pageData((await contractPage(contractId)).data)
    const goods = page.risk.reasons.filter((r) => r.factor === 'tvpra_goods')
    expect(goods).toHaveLength(1)
    expect(goods[0]?.params).toMatchObject({ good: 'Bricks', country: 'Afghanistan', laborType: 'both', list: 'tvpra,eo13126' })
    expect(baseline.tier).toBe('low')
    expect(page.risk.tier).toBe('medium')
    const bricks = page.declaredGoods.find((g) => g.countryCode === 'AF')
    expect(bricks?.matches).toEqual([
      expect.objectContaining({ list: 'tvpra', edition: '2022', laborType: 'both' }),
      expect.objectContaining({ list: 'eo13126', edition: '2014', laborType: 'both' }),
    ])
    expect(page.declaredGoods.find((g) => g.countryCode === 'ET')?.matches).toEqual([])
  })

  test('editing replaces the declared goods, and the edit form shows them', async () => {
    const created = await register(facts({ goodName0: 'Garments', goodCountry0: 'BD' }))
    const contractId = created.location?.split('/').pop()?.split('?')[0] ?? ''
    const contract = await db().contract.findUniqueOrThrow({ where: { id: contractId }, select: { number: true } })
    const saved = await callRoute(contractAction, {
      request: formRequest(`/orgs/${vendor.id}/contracts/${contractId}`, { ...facts({ number: contract.number }), goodName0: 'Cotton', goodCountry0: 'CN', goodName3: 'Paper', goodCountry3: 'CA' }, { cookie: owner.cookie }),
      params: { orgId: vendor.id, contractId },
    })
    expect(saved.status).toBe(302)
    const page = pageData((await contractPage(contractId)).data)
    expect(page.declaredGoods.map((g) => [g.good, g.countryCode, g.matches.map((m) => m.laborType)])).toEqual([
      ['Cotton', 'CN', ['both', 'both']],
      ['Paper', 'CA', []],
    ])
  })

  test.each([
    ['an unknown country code', { goodName0: 'Bricks', goodCountry0: 'XX' }, { goodCountry0: 'goods.errors.country' }],
    ['a country without a good', { goodName1: '  ', goodCountry1: 'AF' }, { goodName1: 'goods.errors.goodRequired' }],
    ['a good without a country', { goodName0: 'Bricks', goodCountry0: '' }, { goodCountry0: 'goods.errors.countryRequired' }],
    ['the same good and country twice', { goodName0: 'Bricks', goodCountry0: 'AF', goodName1: 'BRICKS', goodCountry1: 'AF' }, { goodName1: 'goods.errors.duplicate' }],
    ['more than 50 rows', { goodName0: 'Bricks', goodCountry0: 'AF', goodName50: 'Cotton', goodCountry50: 'CN' }, { goods: 'goods.errors.tooMany' }],
    ['a good name too long', { goodName0: 'x'.repeat(121), goodCountry0: 'AF' }, { goodName0: 'errors.tooLong' }],
  ])('%s: a message on the field, 400, nothing written', async (_, rows, errors) => {
    const before = { contracts: await db().contract.count(), goods: await db().contractGood.count() }
    const result = await register(facts(rows))
    expect(result.status).toBe(400)
    expect((result.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject(errors)
    expect({ contracts: await db().contract.count(), goods: await db().contractGood.count() }).toEqual(before)
  })

  test('a bad row on edit keeps the stored goods', async () => {
    const created = await register(facts({ goodName0: 'Garments', goodCountry0: 'BD' }))
    const contractId = created.location?.split('/').pop()?.split('?')[0] ?? ''
    const contract = await db().contract.findUniqueOrThrow({ where: { id: contractId }, select: { number: true } })
    const refused = await callRoute(contractAction, {
      request: formRequest(`/orgs/${vendor.id}/contracts/${contractId}`, { ...facts({ number: contract.number }), goodName0: 'Garments', goodCountry0: 'ZZ' }, { cookie: owner.cookie }),
      params: { orgId: vendor.id, contractId },
    })
    expect(refused.status).toBe(400)
    expect(await db().contractGood.findMany({ where: { contractId }, select: { good: true, countryCode: true } })).toEqual([{ good: 'Garments', countryCode: 'BD' }])
  })

  test('another vendor can neither read nor change a contract’s goods', async () => {
    const created = await register(facts({ goodName0: 'Garments', goodCountry0: 'BD' }))
    const contractId = created.location?.split('/').pop()?.split('?')[0] ?? ''
    const read = await contractPage(contractId, otherOwner, otherVendor.id)
    expect(read.status).toBe(404)
    const write = await callRoute(contractAction, {
      request: formRequest(`/orgs/${otherVendor.id}/contracts/${contractId}`, { ...facts(), goodName0: 'Paper', goodCountry0: 'CA' }, { cookie: otherOwner.cookie }),
      params: { orgId: otherVendor.id, contractId },
    })
    expect(write.status).toBe(404)
    // Through the owner's own organization id but someone else's session: not a member.
    const foreign = await callRoute(contractAction, {
      request: formRequest(`/orgs/${vendor.id}/contracts/${contractId}`, { ...facts(), goodName0: 'Paper', goodCountry0: 'CA' }, { cookie: otherOwner.cookie }),
      params: { orgId: vendor.id, contractId },
    })
    expect(foreign.status).toBe(404)
    expect(await db().contractGood.findMany({ where: { contractId }, select: { good: true } })).toEqual([{ good: 'Garments' }])
  })
})

// ------------------------------------------------------------------------------------------------
// The import command (last: it changes which edition is active; afterAll restores the shipped ones)

async function writeCsv(name: string, text: string) {
  const file = path.join(tmp, name)
  await fs.writeFile(file, text)
  return file
}

function run(argv: string[], now = new Date()) {
  const out: string[] = []
  const err: string[] = []
  const parsed = parseGoodsCommand(argv)
  if (!parsed.ok) throw new Error(parsed.message)
  return runGoodsCommand(db(), parsed.command, { out: (l) => out.push(l), err: (l) => err.push(l), now }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }))
}

describe('npm run goods -- import', () => {
  const editionCount = () => db().goodsListEdition.count()

  test('missing columns: a report naming them, exit 1, nothing stored', async () => {
    const file = await writeCsv('no-flags.csv', 'country,good,child_labor\nAfghanistan,Bricks,true\n')
    const before = await editionCount()
    const result = await run(['import', '--list', 'tvpra', '--edition', '2024', '--published', '2024-09-05', '--file', file])
    expect(result.code).toBe(1)
    expect(result.err).toContain('line 1: missing columns: forced_labor, forced_child_labor')
    expect(await editionCount()).toBe(before)
  })

  test('bad rows: unknown country names, empty goods, non-boolean flags and repeats, each with its line; nothing stored', async () => {
    const file = await writeCsv(
      'bad-rows.csv',
      [
        'country,good,child_labor,forced_labor,forced_child_labor',
        'Afghanistan,Bricks,true,true,true',
        'Atlantis,Bricks,true,false,false',
        'Burma,,true,false,false',
        'Burma,Jade,maybe,false,false',
        'Afghanistan, bricks ,true,false,false',
        'Ghana,Cocoa,false,false,false',
      ].join('\n'),
    )
    const before = await editionCount()
    const result = await run(['import', '--list', 'tvpra', '--edition', '2024', '--published', '2024-09-05', '--file', file])
    expect(result.code).toBe(1)
    expect(result.err).toContain('Nothing was imported')
    expect(result.err).toContain('line 3: unknown country name "Atlantis"')
    expect(result.err).toContain('line 4: the good is empty')
    expect(result.err).toContain('line 5: child_labor is "maybe", not true or false')
    expect(result.err).toContain('line 6: repeats line 2 (Afghanistan, bricks)')
    expect(result.err).toContain('line 7: no labor type')
    expect(await editionCount()).toBe(before)
    const active = await db().goodsListEdition.findFirstOrThrow({ where: { list: 'tvpra', active: true }, select: { edition: true } })
    expect(active.edition).toBe('2022')
  })

  test('an already stored edition or a bad date is refused', async () => {
    const file = await writeCsv('ok.csv', 'country,good,child_labor,forced_labor,forced_child_labor\nGhana,Cocoa,true,false,false\n')
    const again = await run(['import', '--list', 'tvpra', '--edition', '2022', '--published', '2022-09-28', '--file', file])
    expect(again.code).toBe(1)
    expect(again.err).toContain('already stored')
    const badDate = await run(['import', '--list', 'tvpra', '--edition', '2030', '--published', '2024-02-30', '--file', file])
    expect(badDate.code).toBe(1)
    expect(badDate.err).toContain('--published "2024-02-30" is not a date')
  })

  test('a newer edition that drops a row: the match disappears and an open declaration’s tier follows', async () => {
    const reviewingAgency = await createOrganization(db(), { kind: 'agency', policy: { reviewTiers: ['medium', 'high'] } })
    const signer = await signedInMember(vendor.id, 'signer')
    // Carpets from Afghanistan: on the TVPRA list only (child labor).
    const contract = await createContract(db(), { agencyId: reviewingAgency.id, primeVendorId: vendor.id, industries: ['office_supplies'], naicsCodes: ['424120'], estimatedValueCents: 2_000_000n })
    await db().contractGood.create({ data: { contractId: contract.id, good: 'Carpets', goodKey: goodKey('Carpets'), countryCode: 'AF' } })
    const declaration = await makeDeclaration(db(), { organizationId: vendor.id, contractIds: [contract.id], signer: { id: signer.id, name: signer.name, title: 'President' } })
    expect(declaration).toMatchObject({ status: 'submitted', tier: 'medium' })
    const reasons = JSON.stringify((await db().attestation.findUniqueOrThrow({ where: { id: declaration.attestationId }, select: { riskReasons: true } })).riskReasons)
    expect(reasons).toContain('"good":"Carpets"')

    const shipped = await fs.readFile(path.resolve('templates/goods/tvpra-2022.csv'), 'utf8')
    const dropped = shipped
      .split('\n')
      .filter((line) => !line.startsWith('Afghanistan,Carpets,'))
      .join('\n')
    const file = await writeCsv('tvpra-2024.csv', dropped)
    const result = await run(['import', '--list', 'tvpra', '--edition', '2024', '--published', '2024-09-05', '--file', file, '--source', 'https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods'])
    expect(result.err).toBe('')
    expect(result.code).toBe(0)
    expect(result.out).toContain('Imported tvpra edition 2024: 456 rows')

    const editions = await db().goodsListEdition.findMany({ where: { list: 'tvpra' }, orderBy: { publishedOn: 'asc' }, select: { edition: true, active: true, rowCount: true } })
    expect(editions).toEqual([
      { edition: '2022', active: false, rowCount: 457 },
      { edition: '2024', active: true, rowCount: 456 },
    ])
    const after = await db().attestation.findUniqueOrThrow({ where: { id: declaration.attestationId }, select: { riskTier: true, riskReasons: true } })
    expect(after.riskTier).toBe('low')
    expect(JSON.stringify(after.riskReasons)).not.toContain('Carpets')
    expect(await db().auditEvent.count({ where: { action: 'goods.edition_imported' } })).toBe(1)
    expect(await db().auditEvent.count({ where: { action: 'attestation.risk_recomputed', targetId: contract.id } })).toBe(1)

    // A later start-up keeps the imported edition in force.
    await syncShippedGoodsLists(db())
    expect(await db().goodsListEdition.findFirstOrThrow({ where: { list: 'tvpra', active: true }, select: { edition: true } })).toEqual({ edition: '2024' })

    const listed = await run(['list'])
    expect(listed.out).toMatch(/tvpra\t2024\tpublished 2024-09-05\t456 rows\tactive/)
    expect(listed.out).toMatch(/tvpra\t2022\tpublished 2022-09-28\t457 rows\tinactive/)
  })

  test('a usage error exits 2 with the usage, before touching any database', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/goods.ts', 'import', '--list', 'tvpra'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' }, timeout: 60_000 })
    expect(child.status).toBe(2)
    expect(child.stderr).toContain('missing --edition, --published, --file')
    expect(child.stderr).toContain('Usage:')
  })
})
