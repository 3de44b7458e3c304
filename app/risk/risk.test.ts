import { describe, expect, it } from 'vitest'
import modelData from '../../templates/risk/risk-model-2026.1.json'
import {
  FACTOR_CODES,
  RiskAssessmentSchema,
  computeRiskTier,
  defaultRiskModel,
  describeReason,
  parseRiskModel,
  riskFactorLabel,
  riskTierLabel,
  type FactorCode,
  type RiskContractFacts,
  type RiskFacts,
  type RiskReason,
} from './risk'

function contract(overrides: Partial<RiskContractFacts> = {}): RiskContractFacts {
  return {
    id: 'c1',
    number: 'C-2026-1',
    industries: [],
    naicsCodes: [],
    placesOfPerformance: [{ country: 'US', state: 'CA' }],
    suppliesOrServicesOutsideUS: false,
    usesLaborRecruiters: false,
    employsNonUSNationals: false,
    providesHousing: false,
    estimatedValueCents: 2_500_000n, // $25,000
    ...overrides,
  }
}

function facts(overrides: Partial<RiskFacts> = {}, contractOverrides: Partial<RiskContractFacts> = {}): RiskFacts {
  return { contracts: [contract(contractOverrides)], organizationIndustries: [], ...overrides }
}

function only(result: ReturnType<typeof computeRiskTier>, factor: FactorCode): RiskReason {
  expect(result.reasons.map((r) => r.factor)).toEqual([factor])
  const [reason] = result.reasons
  if (!reason) throw new Error('no reason')
  return reason
}

const w = defaultRiskModel.factors

describe('calibration (templates/risk/README.md)', () => {
  it('a small domestic office-supplies contract is low', () => {
    const result = computeRiskTier(
      facts(
        {
          organizationIndustries: ['office_supplies'],
          trainingCoveragePercent: 100,
          subcontractDepth: 0,
          negativeAnswers: 0,
          pastFindings: 0,
        },
        { industries: ['office_supplies'], naicsCodes: ['424120'] },
      ),
    )
    expect(result).toEqual({ tier: 'low', score: 0, modelVersion: '2026.1', reasons: [] })
  })

  it('a janitorial contract alone is medium', () => {
    const result = computeRiskTier(
      facts({}, { industries: ['janitorial'], naicsCodes: ['561720'], estimatedValueCents: 40_000_000n }),
    )
    expect(result.tier).toBe('medium')
    expect(result.score).toBe(3)
    expect(result.reasons).toEqual([
      {
        factor: 'high_risk_industry',
        weight: 3,
        params: { industry: 'janitorial', contracts: 'C-2026-1', contractCount: 1 },
      },
    ])
  })

  it('the seeded janitorial contract (janitorial + cleaning, $2,845,000) stays medium', () => {
    const result = computeRiskTier(
      facts(
        { organizationIndustries: ['janitorial', 'cleaning'] },
        { industries: ['janitorial', 'cleaning'], naicsCodes: ['561720'], estimatedValueCents: 284_500_000n },
      ),
    )
    expect(result.tier).toBe('medium')
    expect(result.score).toBe(5)
    expect(result.reasons.map((r) => [r.factor, r.params.industry ?? '', r.weight])).toEqual([
      ['high_risk_industry', 'janitorial', 3],
      ['high_risk_industry', 'cleaning', 1],
      ['contract_value', '', 1],
    ])
  })

  it('the seeded event staffing contract (recruiters, H-2B workers, housing, $6,120,000) is high', () => {
    const result = computeRiskTier(
      facts(
        { organizationIndustries: ['event_staffing'] },
        {
          number: 'PCTA-2028-0012',
          industries: ['event_staffing'],
          naicsCodes: ['561320'],
          usesLaborRecruiters: true,
          employsNonUSNationals: true,
          providesHousing: true,
          estimatedValueCents: 612_000_000n,
        },
      ),
    )
    expect([result.tier, result.score]).toEqual(['high', 11])
  })

  it('event staffing with labor recruiters, non-US nationals and employer housing is high', () => {
    const result = computeRiskTier(
      facts(
        {},
        {
          industries: ['event_staffing'],
          naicsCodes: ['561320'],
          usesLaborRecruiters: true,
          employsNonUSNationals: true,
          providesHousing: true,
        },
      ),
    )
    expect(result.tier).toBe('high')
    expect(result.score).toBe(10)
    expect(result.reasons.map((r) => [r.factor, r.weight])).toEqual([
      ['high_risk_industry', 3],
      ['labor_recruiters', 3],
      ['non_us_nationals', 2],
      ['employer_housing', 2],
    ])
  })

  it('single facts stay below high; recruiters, visa workers and housing together are high anywhere', () => {
    expect(computeRiskTier(facts({ pastFindings: 1 })).tier).toBe('medium')
    expect(computeRiskTier(facts({ negativeAnswers: 1 })).tier).toBe('medium')
    expect(computeRiskTier(facts({}, { employsNonUSNationals: true })).tier).toBe('low')
    expect(computeRiskTier(facts({}, { providesHousing: true })).tier).toBe('low')
    const h2 = computeRiskTier(
      facts(
        {},
        {
          industries: ['transportation'],
          usesLaborRecruiters: true,
          employsNonUSNationals: true,
          providesHousing: true,
        },
      ),
    )
    expect([h2.tier, h2.score]).toEqual(['high', 7])
  })

  it('no amount of industry alone reaches high: a situational factor is needed', () => {
    const result = computeRiskTier(facts({ organizationIndustries: ['construction', 'hospitality', 'agriculture'] }))
    expect(result.score).toBeLessThan(defaultRiskModel.cutoffs.high)
    expect(result.tier).toBe('medium')
  })
})

describe('computeRiskTier: each factor alone', () => {
  it('high_risk_industry from the contract, with the contract number', () => {
    const reason = only(computeRiskTier(facts({}, { industries: ['construction'] })), 'high_risk_industry')
    expect(reason).toEqual({
      factor: 'high_risk_industry',
      weight: w.high_risk_industry.weight,
      params: { industry: 'construction', contracts: 'C-2026-1', contractCount: 1 },
    })
  })

  it('high_risk_industry found only through a NAICS code counts, and says so', () => {
    const reason = only(computeRiskTier(facts({}, { naicsCodes: ['236220'] })), 'high_risk_industry')
    expect(reason.weight).toBe(w.high_risk_industry.weight)
    expect(reason.params).toEqual({
      industry: 'construction',
      naics: '236220',
      contracts: 'C-2026-1',
      contractCount: 1,
    })
    expect(describeReason(reason, 'en')).toBe('Construction: high-risk industry (NAICS 236220; contract C-2026-1)')
  })

  it('high_risk_industry counts an industry once across contracts and NAICS codes', () => {
    const result = computeRiskTier({
      contracts: [
        contract({ id: 'a', number: 'C-1', industries: ['landscaping'], naicsCodes: ['561730'] }),
        contract({ id: 'b', number: 'C-2', naicsCodes: ['561730'] }),
      ],
      organizationIndustries: ['landscaping'],
    })
    const reason = only(result, 'high_risk_industry')
    expect(reason.weight).toBe(w.high_risk_industry.weight)
    expect(reason.params).toEqual({
      industry: 'landscaping',
      contracts: 'C-1, C-2',
      contractCount: 2,
      organizationProfile: 1,
    })
    expect(describeReason(reason, 'en')).toBe(
      'Landscaping: high-risk industry (contracts C-1, C-2; organization profile)',
    )
  })

  it('high_risk_industry: full weight for the first, less for the next, none past the cap (still listed)', () => {
    const result = computeRiskTier(
      facts({}, { industries: ['agriculture', 'security_services', 'construction', 'janitorial'] }),
    )
    const { weight, additionalWeight, maxCount } = w.high_risk_industry
    expect(result.score).toBe(weight + additionalWeight * (maxCount - 1))
    // templates/industries.json order decides which are scored, not the input order.
    expect(result.reasons.map((r) => [r.params.industry, r.weight])).toEqual([
      ['construction', 3],
      ['janitorial', 1],
      ['security_services', 1],
      ['agriculture', 0],
    ])
    const capped = result.reasons[3]
    if (!capped) throw new Error('missing')
    expect(capped.params.limit).toBe(3)
    expect(describeReason(capped, 'en')).toBe(
      'Agriculture: high-risk industry (contract C-2026-1; not scored: the limit of 3 is reached)',
    )
    expect(describeReason(capped, 'es')).toBe(
      'Agricultura: sector de alto riesgo (contrato C-2026-1; no puntúa: se alcanzó el límite de 3)',
    )
  })

  it('ordinary and unknown industries add nothing', () => {
    expect(
      computeRiskTier(
        facts(
          { organizationIndustries: ['unknown_code'] },
          { industries: ['information_technology'], naicsCodes: ['541512'] },
        ),
      ).reasons,
    ).toEqual([])
  })

  it('outside_us from a place of performance abroad, with the countries', () => {
    const reason = only(
      computeRiskTier(facts({}, { placesOfPerformance: [{ country: 'US', state: 'CA' }, { country: 'mx' }] })),
      'outside_us',
    )
    expect(reason).toEqual({
      factor: 'outside_us',
      weight: w.outside_us.weight,
      params: { contracts: 'C-2026-1', contractCount: 1, countries: 'MX' },
    })
    expect(describeReason(reason, 'en')).toBe(
      'Work performed or supplies sourced outside the United States (Mexico; contract C-2026-1)',
    )
    expect(describeReason(reason, 'es')).toBe(
      'Trabajo realizado o suministros obtenidos fuera de los Estados Unidos (México; contrato C-2026-1)',
    )
  })

  it('outside_us from supplies or services outside the US, with a domestic place of performance', () => {
    const reason = only(computeRiskTier(facts({}, { suppliesOrServicesOutsideUS: true })), 'outside_us')
    expect(reason.params).toEqual({ contracts: 'C-2026-1', contractCount: 1 })
  })

  it('tvpra_goods for each good and source country, merged across lists', () => {
    const result = computeRiskTier(
      facts(
        {},
        {
          goodsMatches: [
            { good: 'Cotton', country: 'Benin', laborType: 'child_labor', list: 'tvpra' },
            { good: 'cotton', country: 'Benin', laborType: 'forced_labor', list: 'eo13126' },
          ],
        },
      ),
    )
    const reason = only(result, 'tvpra_goods')
    expect(reason).toEqual({
      factor: 'tvpra_goods',
      weight: w.tvpra_goods.weight,
      params: {
        good: 'Cotton',
        country: 'Benin',
        laborType: 'both',
        list: 'tvpra,eo13126',
        contracts: 'C-2026-1',
        contractCount: 1,
      },
    })
    expect(describeReason(reason, 'en')).toBe(
      'Cotton from Benin is on the DOL list of goods produced by child labor or forced labor (TVPRA) and the EO 13126 list for child labor and forced labor (contract C-2026-1)',
    )
  })

  it('tvpra_goods is capped like industries', () => {
    const result = computeRiskTier(
      facts(
        {},
        {
          goodsMatches: [
            { good: 'Garments', country: 'Argentina', laborType: 'child_labor', list: 'tvpra' },
            { good: 'Bricks', country: 'Afghanistan', laborType: 'both', list: 'tvpra' },
            { good: 'Gold', country: 'Burkina Faso', laborType: 'child_labor', list: 'eo13126' },
          ],
        },
      ),
    )
    expect(result.reasons.map((r) => [r.params.country, r.weight])).toEqual([
      ['Afghanistan', 3],
      ['Argentina', 3],
      ['Burkina Faso', 0],
    ])
    expect(result.score).toBe(6)
  })

  it.each([
    [
      'labor_recruiters',
      { usesLaborRecruiters: true },
      'Uses labor recruiters or staffing agencies (contract C-2026-1)',
    ],
    [
      'non_us_nationals',
      { employsNonUSNationals: true },
      'Employs non-US nationals, including H-2A or H-2B visa workers (contract C-2026-1)',
    ],
    ['employer_housing', { providesHousing: true }, 'Employer provides or arranges worker housing (contract C-2026-1)'],
  ] as const)('%s from the contract flag', (factor, flags, sentence) => {
    const reason = only(computeRiskTier(facts({}, flags)), factor)
    expect(reason).toEqual({ factor, weight: w[factor].weight, params: { contracts: 'C-2026-1', contractCount: 1 } })
    expect(describeReason(reason, 'en')).toBe(sentence)
  })

  it('contract references fall back to the id when there is no number', () => {
    const result = computeRiskTier({
      contracts: [contract({ id: 'ckx1', number: undefined, usesLaborRecruiters: true })],
      organizationIndustries: [],
    })
    expect(only(result, 'labor_recruiters').params.contracts).toBe('ckx1')
  })

  it('subcontracting_depth from tier 2', () => {
    expect(computeRiskTier(facts({ subcontractDepth: 1 })).reasons).toEqual([])
    const reason = only(computeRiskTier(facts({ subcontractDepth: 3 })), 'subcontracting_depth')
    expect(reason).toEqual({
      factor: 'subcontracting_depth',
      weight: w.subcontracting_depth.weight,
      params: { depth: 3, minDepth: 2 },
    })
    expect(describeReason(reason, 'en')).toBe('Subcontracting reaches tier 3')
  })

  it('negative_answers: weight per answer, capped', () => {
    const one = only(computeRiskTier(facts({ negativeAnswers: 1 })), 'negative_answers')
    expect(one).toEqual({ factor: 'negative_answers', weight: w.negative_answers.weight, params: { count: 1 } })
    expect(describeReason(one, 'en')).toBe('1 negative answer in the attestation')
    const many = only(computeRiskTier(facts({ negativeAnswers: 5 })), 'negative_answers')
    expect(many).toEqual({
      factor: 'negative_answers',
      weight: w.negative_answers.weight * 3,
      params: { count: 5, limit: 3 },
    })
    expect(describeReason(many, 'es')).toBe('5 respuestas negativas en la declaración (se puntúan 3 como máximo)')
  })

  it('past_findings: weight per finding', () => {
    const reason = only(computeRiskTier(facts({ pastFindings: 2 })), 'past_findings')
    expect(reason).toEqual({ factor: 'past_findings', weight: w.past_findings.weight * 2, params: { count: 2 } })
    expect(computeRiskTier(facts({ pastFindings: 2 })).tier).toBe('high')
  })
})

describe('contract_value bands', () => {
  const valueOf = (cents: bigint | number | string) =>
    computeRiskTier(facts({}, { estimatedValueCents: cents })).reasons

  it('adds nothing below $1,000,000', () => {
    expect(valueOf(99_999_999n)).toEqual([])
  })

  it('scores the $1,000,000 band from exactly $1,000,000', () => {
    expect(valueOf(100_000_000n)).toEqual([
      {
        factor: 'contract_value',
        weight: 1,
        params: { contract: 'C-2026-1', valueCents: 100_000_000, thresholdCents: 100_000_000 },
      },
    ])
  })

  it('scores the $10,000,000 band, from any input form', () => {
    for (const value of [1_250_000_000n, 1_250_000_000, '1250000000']) {
      const [reason] = valueOf(value)
      expect(reason).toEqual({
        factor: 'contract_value',
        weight: 2,
        params: { contract: 'C-2026-1', valueCents: 1_250_000_000, thresholdCents: 1_000_000_000 },
      })
      if (!reason) throw new Error('missing')
      expect(describeReason(reason, 'en')).toBe('Contract C-2026-1 is worth $12,500,000, at or above $10,000,000')
      expect(describeReason(reason, 'es')).toBe(
        'El contrato C-2026-1 tiene un valor de $12,500,000, igual o superior a $10,000,000',
      )
    }
  })

  it('uses the largest contract, not the sum', () => {
    const result = computeRiskTier({
      contracts: [
        contract({ id: 'a', number: 'C-1', estimatedValueCents: 60_000_000n }),
        contract({ id: 'b', number: 'C-2', estimatedValueCents: 150_000_000n }),
        contract({ id: 'c', number: 'C-3', estimatedValueCents: 90_000_000n }),
      ],
      organizationIndustries: [],
    })
    expect(only(result, 'contract_value').params).toEqual({
      contract: 'C-2',
      valueCents: 150_000_000,
      thresholdCents: 100_000_000,
    })
  })

  it('ignores values that are not whole non-negative cents', () => {
    for (const value of ['', '12.50', 'abc', -5, 1.5, Number.NaN, -100_000_000n]) expect(valueOf(value)).toEqual([])
  })
})

describe('low_training_coverage', () => {
  it('applies below the default 90% target', () => {
    const reason = only(computeRiskTier(facts({ trainingCoveragePercent: 72 })), 'low_training_coverage')
    expect(reason).toEqual({
      factor: 'low_training_coverage',
      weight: w.low_training_coverage.weight,
      params: { percent: 72, target: 90 },
    })
    expect(describeReason(reason, 'en')).toBe('Worker training coverage 72% is below the 90% target')
    expect(describeReason(reason, 'es')).toBe(
      'La cobertura de capacitación de los trabajadores (72%) está por debajo de la meta del 90%',
    )
  })

  it('does not apply exactly at the target', () => {
    expect(computeRiskTier(facts({ trainingCoveragePercent: 90 })).reasons).toEqual([])
  })

  it('uses the agency target when given', () => {
    expect(
      computeRiskTier(facts({ trainingCoveragePercent: 90, trainingCoverageTarget: 95 })).reasons.map((r) => r.params),
    ).toEqual([{ percent: 90, target: 95 }])
    expect(computeRiskTier(facts({ trainingCoveragePercent: 80, trainingCoverageTarget: 80 })).reasons).toEqual([])
  })

  it('never shows a figure that rounds up to the target', () => {
    const reason = only(computeRiskTier(facts({ trainingCoveragePercent: 89.96 })), 'low_training_coverage')
    expect(describeReason(reason, 'en')).toBe('Worker training coverage 89.9% is below the 90% target')
  })

  it('null or absent coverage is no data, not low coverage', () => {
    expect(computeRiskTier(facts({ trainingCoveragePercent: null })).reasons).toEqual([])
    expect(computeRiskTier(facts({})).reasons).toEqual([])
  })
})

describe('computeRiskTier: result', () => {
  const event = (providesHousing: boolean) =>
    facts({}, { industries: ['janitorial'], naicsCodes: ['561720'], usesLaborRecruiters: true, providesHousing })

  it('recomputes when the facts change: employer housing turns medium into high', () => {
    const before = computeRiskTier(event(false))
    expect([before.tier, before.score]).toEqual(['medium', 6])
    const after = computeRiskTier(event(true))
    expect([after.tier, after.score]).toEqual(['high', 8])
    expect(after.reasons.some((r) => r.factor === 'employer_housing')).toBe(true)
  })

  it('is deterministic and independent of input order', () => {
    const a = contract({ id: 'a', number: 'C-1', industries: ['construction'], usesLaborRecruiters: true })
    const b = contract({
      id: 'b',
      number: 'C-2',
      industries: ['hospitality'],
      providesHousing: true,
      estimatedValueCents: 200_000_000n,
    })
    const first = computeRiskTier({
      contracts: [a, b],
      organizationIndustries: [],
      negativeAnswers: 1,
      subcontractDepth: 2,
    })
    expect(
      computeRiskTier({ contracts: [a, b], organizationIndustries: [], negativeAnswers: 1, subcontractDepth: 2 }),
    ).toEqual(first)
    const reversed = computeRiskTier({
      contracts: [b, a],
      organizationIndustries: [],
      negativeAnswers: 1,
      subcontractDepth: 2,
    })
    expect(reversed.score).toBe(first.score)
    expect(reversed.reasons.map((r) => [r.factor, r.params.industry])).toEqual(
      first.reasons.map((r) => [r.factor, r.params.industry]),
    )
  })

  it('lists reasons heaviest first, ties in factor order, and sums them', () => {
    const result = computeRiskTier(
      facts(
        { subcontractDepth: 2, trainingCoveragePercent: 50, negativeAnswers: 1, pastFindings: 1 },
        {
          industries: ['construction'],
          usesLaborRecruiters: true,
          providesHousing: true,
          estimatedValueCents: 100_000_000n,
        },
      ),
    )
    expect(result.reasons.map((r) => r.factor)).toEqual([
      'past_findings',
      'high_risk_industry',
      'labor_recruiters',
      'negative_answers',
      'employer_housing',
      'subcontracting_depth',
      'low_training_coverage',
      'contract_value',
    ])
    expect(result.score).toBe(result.reasons.reduce((sum, r) => sum + r.weight, 0))
    for (let i = 1; i < result.reasons.length; i++) {
      expect(result.reasons[i - 1]?.weight ?? 0).toBeGreaterThanOrEqual(result.reasons[i]?.weight ?? 0)
    }
  })

  it('uses the cut-offs of the model it is given', () => {
    const strict = parseRiskModel({ ...modelData, version: '2099.1', cutoffs: { medium: 1, high: 3 } })
    const result = computeRiskTier(facts({}, { industries: ['janitorial'] }), strict)
    expect([result.tier, result.modelVersion]).toEqual(['high', '2099.1'])
  })

  it('round-trips through JSON storage', () => {
    const result = computeRiskTier(event(true))
    expect(RiskAssessmentSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result)
  })
})

describe('the model file', () => {
  it('names exactly the factor codes', () => {
    expect(Object.keys(defaultRiskModel.factors).sort()).toEqual([...FACTOR_CODES].sort())
    expect(defaultRiskModel.version).toBe('2026.1')
  })

  it('rejects a malformed model', () => {
    expect(() => parseRiskModel({ ...modelData, cutoffs: { medium: 7, high: 3 } })).toThrow()
    expect(() =>
      parseRiskModel({
        ...modelData,
        factors: { ...modelData.factors, outside_us: { ...modelData.factors.outside_us, wieght: 3 } },
      }),
    ).toThrow()
    const { past_findings: _omitted, ...withoutOne } = modelData.factors
    expect(() => parseRiskModel({ ...modelData, factors: withoutOne })).toThrow()
    const bands = [...modelData.factors.contract_value.bands].reverse()
    expect(() =>
      parseRiskModel({
        ...modelData,
        factors: { ...modelData.factors, contract_value: { ...modelData.factors.contract_value, bands } },
      }),
    ).toThrow()
  })
})

describe('describeReason', () => {
  // One reason per factor, with every optional detail filled in.
  const everyFactor = computeRiskTier(
    {
      contracts: [
        contract({
          id: 'a',
          number: 'C-1',
          industries: ['construction', 'janitorial', 'landscaping'],
          naicsCodes: ['721110'],
          placesOfPerformance: [{ country: 'GT' }, { country: 'not a code' }],
          suppliesOrServicesOutsideUS: true,
          usesLaborRecruiters: true,
          employsNonUSNationals: true,
          providesHousing: true,
          estimatedValueCents: 100_000_050n,
          goodsMatches: [
            { good: 'Bricks', country: 'Afghanistan', laborType: 'both', list: 'tvpra' },
            { good: 'Coffee', country: 'Guatemala', laborType: 'child_labor', list: 'tvpra' },
            { good: 'Gold', country: 'Peru', laborType: 'forced_labor', list: 'eo13126' },
          ],
        }),
        contract({ id: 'b', number: 'C-2', usesLaborRecruiters: true }),
      ],
      organizationIndustries: ['hospitality'],
      subcontractDepth: 2,
      trainingCoveragePercent: 72.45,
      trainingCoverageTarget: 90,
      negativeAnswers: 4,
      pastFindings: 1,
    },
    defaultRiskModel,
  )

  it('covers every factor of the model', () => {
    expect(new Set(everyFactor.reasons.map((r) => r.factor))).toEqual(new Set(FACTOR_CODES))
  })

  it.each(['en', 'es'] as const)('gives a complete sentence for every reason in %s', (lang) => {
    for (const reason of everyFactor.reasons) {
      const sentence = describeReason(reason, lang)
      expect(sentence, reason.factor).not.toMatch(/[{}]/)
      expect(sentence, reason.factor).not.toMatch(/undefined|NaN/)
      expect(sentence.trim().length, reason.factor).toBeGreaterThan(10)
    }
    for (const factor of FACTOR_CODES) expect(riskFactorLabel(factor, lang)).not.toMatch(/[{}]/)
  })

  it('writes the English and Spanish sentences of the brief', () => {
    const industry: RiskReason = {
      factor: 'high_risk_industry',
      weight: 3,
      params: { industry: 'construction', contracts: 'C-2026-1', contractCount: 1 },
    }
    expect(describeReason(industry, 'en')).toBe('Construction: high-risk industry (contract C-2026-1)')
    expect(describeReason(industry, 'es')).toBe('Construcción: sector de alto riesgo (contrato C-2026-1)')
    const recruiters: RiskReason = {
      factor: 'labor_recruiters',
      weight: 3,
      params: { contracts: 'C-1, C-2', contractCount: 2 },
    }
    expect(describeReason(recruiters, 'es')).toBe(
      'Utiliza reclutadores de mano de obra o agencias de empleo (contratos C-1, C-2)',
    )
    const coverage = everyFactor.reasons.find((r) => r.factor === 'low_training_coverage')
    if (!coverage) throw new Error('missing')
    expect(describeReason(coverage, 'en')).toBe('Worker training coverage 72.4% is below the 90% target')
    expect(describeReason(coverage, 'es')).toBe(
      'La cobertura de capacitación de los trabajadores (72.4%) está por debajo de la meta del 90%',
    )
  })

  it('keeps the country as entered when it is not a region code', () => {
    const reason = everyFactor.reasons.find((r) => r.factor === 'outside_us')
    if (!reason) throw new Error('missing')
    expect(describeReason(reason, 'en')).toBe(
      'Work performed or supplies sourced outside the United States (Guatemala, NOT A CODE; contract C-1)',
    )
  })

  it('shows cents only when the value has them', () => {
    const reason = everyFactor.reasons.find((r) => r.factor === 'contract_value')
    if (!reason) throw new Error('missing')
    expect(describeReason(reason, 'en')).toBe('Contract C-1 is worth $1,000,000.50, at or above $1,000,000')
  })

  it('names the tiers', () => {
    expect(riskTierLabel('low', 'en')).toBe('Low risk')
    expect(riskTierLabel('high', 'es')).toBe('Riesgo alto')
  })
})
