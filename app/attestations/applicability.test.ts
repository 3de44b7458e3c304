import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  applicableSections,
  applicableSteps,
  compliancePlanRequirement,
  itemApplies,
  sectionApplies,
  thresholdInForce,
  toIsoDay,
  type ContractFacts,
  type Threshold,
} from './applicability'
import { parseTemplateContent } from './template'

const template = parseTemplateContent(
  JSON.parse(fs.readFileSync(path.resolve('templates', 'attestations', 'far-52.222-50-2026.1.json'), 'utf8')),
)

// The federal rows the migrations install (FAR 52.222-50(h)(1)), as Prisma returns them.
const FEDERAL: Threshold[] = [
  {
    agencyId: null,
    effectiveFrom: new Date('2015-03-02T00:00:00Z'),
    amountCents: 50_000_000n,
    source: 'FAR 52.222-50 (MAR 2015)',
  },
  {
    agencyId: null,
    effectiveFrom: new Date('2020-10-01T00:00:00Z'),
    amountCents: 55_000_000n,
    source: 'FAR 52.222-50 (NOV 2021)',
  },
  { agencyId: null, effectiveFrom: new Date('2025-10-01T00:00:00Z'), amountCents: 70_000_000n, source: 'FAC 2025-06' },
]

const HIGH_RISK = ['construction', 'hospitality', 'janitorial', 'landscaping', 'event_staffing']
const NO_SWITCH = { requirePlanForHighRiskIndustries: false }

let counter = 0
function contract(overrides: Partial<ContractFacts> = {}): ContractFacts {
  counter += 1
  return {
    id: `contract-${counter}`,
    agencyId: 'agency-1',
    startDate: new Date('2026-02-01T00:00:00Z'),
    estimatedValueCents: 500_000_000n,
    outsideUSValueCents: 0n,
    suppliesOrServicesOutsideUS: false,
    industries: ['it_services'],
    providesHousing: false,
    usesLaborRecruiters: false,
    employsNonUSNationals: false,
    hasSubcontracts: false,
    ...overrides,
  }
}

const dollars = (amount: number) => BigInt(amount) * 100n

describe('thresholdInForce (FAR 52.222-50(h)(1))', () => {
  test('$550,000 for a contract starting 30 Sep 2025, $700,000 from 1 Oct 2025', () => {
    expect(thresholdInForce(FEDERAL, { agencyId: 'agency-1', on: new Date('2025-09-30T00:00:00Z') })?.amountCents).toBe(
      dollars(550_000),
    )
    expect(thresholdInForce(FEDERAL, { agencyId: 'agency-1', on: new Date('2025-10-01T00:00:00Z') })?.amountCents).toBe(
      dollars(700_000),
    )
    expect(thresholdInForce(FEDERAL, { agencyId: null, on: '2016-01-01' })?.amountCents).toBe(dollars(500_000))
    expect(thresholdInForce(FEDERAL, { agencyId: null, on: '2014-12-31' })).toBeUndefined()
  })

  test('accepts serialized loader data: ISO strings and cents as strings', () => {
    const serialized = FEDERAL.map((t) => ({
      ...t,
      effectiveFrom: toIsoDay(t.effectiveFrom) + 'T00:00:00.000Z',
      amountCents: String(t.amountCents),
    }))
    expect(thresholdInForce(serialized, { agencyId: 'agency-1', on: '2025-10-01' })?.amountCents).toBe('70000000')
  })

  test("an agency's own row overrides the federal ones from its effective date", () => {
    const own: Threshold = {
      agencyId: 'agency-1',
      effectiveFrom: '2026-01-01',
      amountCents: dollars(250_000),
      source: 'Agency ordinance',
    }
    const other: Threshold = {
      agencyId: 'agency-2',
      effectiveFrom: '2020-01-01',
      amountCents: 1n,
      source: 'Another agency',
    }
    const rows = [...FEDERAL, own, other]
    expect(thresholdInForce(rows, { agencyId: 'agency-1', on: '2025-12-31' })?.source).toBe('FAC 2025-06')
    expect(thresholdInForce(rows, { agencyId: 'agency-1', on: '2026-01-01' })).toBe(own)
    // Another agency's rows never apply; the federal default still does for agencies without rows.
    expect(thresholdInForce(rows, { agencyId: 'agency-3', on: '2026-06-01' })?.source).toBe('FAC 2025-06')
    expect(thresholdInForce(rows, { agencyId: null, on: '2026-06-01' })?.source).toBe('FAC 2025-06')
  })
})

describe('compliancePlanRequirement', () => {
  const context = { thresholds: FEDERAL, agencyPolicy: NO_SWITCH, highRiskIndustries: HIGH_RISK }

  test('$600,000 outside the US requires a plan for a contract starting before 1 Oct 2025, not after', () => {
    const outside = { outsideUSValueCents: dollars(600_000), suppliesOrServicesOutsideUS: true }
    const before = compliancePlanRequirement(contract({ ...outside, startDate: '2025-09-30' }), context)
    expect(before.required).toBe(true)
    expect(before.reasons).toEqual([
      {
        code: 'outside_us_value_above_threshold',
        threshold: expect.objectContaining({ amountCents: dollars(550_000) }),
      },
    ])
    const after = compliancePlanRequirement(contract({ ...outside, startDate: '2025-10-01' }), context)
    expect(after).toEqual({ required: false, reasons: [] })
  })

  test('a value equal to the threshold does not exceed it', () => {
    const at = contract({
      outsideUSValueCents: dollars(700_000),
      suppliesOrServicesOutsideUS: true,
      startDate: '2026-01-01',
    })
    expect(compliancePlanRequirement(at, context).required).toBe(false)
    const cent = contract({
      outsideUSValueCents: dollars(700_000) + 1n,
      suppliesOrServicesOutsideUS: true,
      startDate: '2026-01-01',
    })
    expect(compliancePlanRequirement(cent, context).required).toBe(true)
    // Loader data: cents as a string compare as integers, not as text.
    const text = contract({ outsideUSValueCents: '70000001', startDate: '2026-01-01' })
    expect(compliancePlanRequirement(text, context).required).toBe(true)
  })

  test("an agency's lower threshold makes a plan required where the federal one would not", () => {
    const thresholds = [
      ...FEDERAL,
      { agencyId: 'agency-1', effectiveFrom: '2026-01-01', amountCents: dollars(100_000), source: 'Agency' },
    ]
    const c = contract({ outsideUSValueCents: dollars(150_000), startDate: '2026-03-01' })
    expect(compliancePlanRequirement(c, { ...context, thresholds }).reasons[0]?.threshold?.source).toBe('Agency')
    expect(compliancePlanRequirement({ ...c, agencyId: 'agency-2' }, { ...context, thresholds }).required).toBe(false)
  })

  test('the agency switch requires a plan for high-risk industries regardless of value', () => {
    const janitorial = contract({ industries: ['Janitorial', 'cleaning'] })
    expect(compliancePlanRequirement(janitorial, context).required).toBe(false)
    const withSwitch = compliancePlanRequirement(janitorial, {
      ...context,
      agencyPolicy: { requirePlanForHighRiskIndustries: true },
    })
    expect(withSwitch).toEqual({
      required: true,
      reasons: [{ code: 'agency_requires_plan_for_high_risk_industry', industry: 'Janitorial' }],
    })
    const lowRisk = contract({ industries: ['it_services'] })
    expect(
      compliancePlanRequirement(lowRisk, { ...context, agencyPolicy: { requirePlanForHighRiskIndustries: true } })
        .required,
    ).toBe(false)
  })
})

describe('applicableSections', () => {
  const base = { thresholds: FEDERAL, highRiskIndustries: HIGH_RISK }

  test('without a plan requirement, C is skipped and the certification refers to policies', () => {
    const result = applicableSections(template, { ...base, contracts: [contract()] })
    expect(sectionApplies(result, 'C')).toBe(false)
    expect(result.sections.find((s) => s.sectionId === 'C')).toMatchObject({
      satisfied: [],
      unsatisfied: ['compliance_plan_required'],
    })
    expect(itemApplies(result, 'C-i')).toBe(false)
    expect(itemApplies(result, 'F2')).toBe(false)
    expect(itemApplies(result, 'F2-no-plan')).toBe(true)
    expect(applicableSteps(template, result).map((s) => s.id)).toEqual(['A', 'B', 'D', 'E', 'F'])
    for (const id of ['A1', 'A9', 'B2', 'D1', 'E1', 'F1']) expect(itemApplies(result, id), id).toBe(true)
  })

  test('the housing plan element applies only when housing is provided or arranged', () => {
    const planRequired = { outsideUSValueCents: dollars(800_000), suppliesOrServicesOutsideUS: true }
    const noHousing = applicableSections(template, { ...base, contracts: [contract(planRequired)] })
    expect(itemApplies(noHousing, 'C-i')).toBe(true)
    expect(itemApplies(noHousing, 'C-iv')).toBe(false)
    const itemC4 = noHousing.sections.find((s) => s.sectionId === 'C')?.items.find((i) => i.itemId === 'C-iv')
    expect(itemC4).toEqual({
      itemId: 'C-iv',
      applies: false,
      satisfied: ['compliance_plan_required'],
      unsatisfied: ['provides_housing'],
    })
    const housing = applicableSections(template, {
      ...base,
      contracts: [contract({ ...planRequired, providesHousing: true })],
    })
    expect(itemApplies(housing, 'C-iv')).toBe(true)
    expect(itemApplies(housing, 'F2')).toBe(true)
    expect(itemApplies(housing, 'F2-no-plan')).toBe(false)
  })

  test('a condition is satisfied when any one of the contracts satisfies it', () => {
    const plain = contract()
    const abroad = contract({ outsideUSValueCents: dollars(900_000), suppliesOrServicesOutsideUS: true })
    const housing = contract({ providesHousing: true, hasSubcontracts: true })
    const result = applicableSections(template, { ...base, contracts: [plain, abroad, housing] })
    expect(result.conditions.compliance_plan_required).toEqual({ holds: true, contractIds: [abroad.id] })
    expect(result.conditions.compliance_plan_not_required.holds).toBe(false)
    expect(result.conditions.provides_housing).toEqual({ holds: true, contractIds: [housing.id] })
    expect(result.compliancePlans[abroad.id]?.required).toBe(true)
    expect(result.compliancePlans[plain.id]?.required).toBe(false)
    expect(sectionApplies(result, 'C')).toBe(true)
    expect(itemApplies(result, 'C-iv')).toBe(true)
    expect(itemApplies(result, 'D2')).toBe(true)
    expect(itemApplies(result, 'D3')).toBe(true)
  })

  test('the high-risk switch is per agency', () => {
    const janitorial = contract({ agencyId: 'strict', industries: ['janitorial'] })
    const other = contract({ agencyId: 'lenient', industries: ['janitorial'] })
    const agencyPolicies = { strict: { requirePlanForHighRiskIndustries: true } }
    expect(sectionApplies(applicableSections(template, { ...base, agencyPolicies, contracts: [other] }), 'C')).toBe(
      false,
    )
    const both = applicableSections(template, { ...base, agencyPolicies, contracts: [janitorial, other] })
    expect(both.conditions.compliance_plan_required.contractIds).toEqual([janitorial.id])
  })

  test('subcontract questions apply only with subcontracts; unknown counts as having them', () => {
    const without = applicableSections(template, { ...base, contracts: [contract({ hasSubcontracts: false })] })
    expect(itemApplies(without, 'D1')).toBe(true)
    expect(itemApplies(without, 'D2')).toBe(false)
    expect(itemApplies(without, 'D3')).toBe(false)
    const unknown = applicableSections(template, { ...base, contracts: [contract({ hasSubcontracts: undefined })] })
    expect(itemApplies(unknown, 'D2')).toBe(true)
  })

  test('domestic work: any contract performed (at least in part) in the United States', () => {
    const planAbroad = { outsideUSValueCents: dollars(800_000), suppliesOrServicesOutsideUS: true }
    const partly = applicableSections(template, { ...base, contracts: [contract(planAbroad)] })
    expect(itemApplies(partly, 'C-ii-us')).toBe(true)
    const whollyAbroad = contract({ ...planAbroad, estimatedValueCents: dollars(800_000) })
    expect(itemApplies(applicableSections(template, { ...base, contracts: [whollyAbroad] }), 'C-ii-us')).toBe(false)
    const placed = contract({ ...planAbroad, placesOfPerformance: [{ country: 'MX' }] })
    expect(applicableSections(template, { ...base, contracts: [placed] }).conditions.domestic_work.holds).toBe(false)
    const both = applicableSections(template, {
      ...base,
      contracts: [placed, contract({ placesOfPerformance: [{ country: 'US', state: 'CA' }] })],
    })
    expect(itemApplies(both, 'C-ii-us')).toBe(true)
  })
})
