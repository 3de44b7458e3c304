import { z } from 'zod'
import modelData from '../../templates/risk/risk-model-2026.1.json'
import { industries, industriesForNaics, industryByCode, isHighRiskIndustry } from './industries'
import { riskMessages, type RiskMessageKey } from './messages'

// Risk tier, product.md §5, after the OFPP 2016 guidance: "not all contractors are similarly
// situated, not all risks are equal". The score is a plain sum of weights, each applying factor
// is returned as a reason with its weight, and the weights, cut-offs and value bands are data
// (templates/risk/risk-model-<version>.json). Pure and client-safe: the same function scores on
// the server when an attestation is submitted and in the browser as a preview.

export const FACTOR_CODES = [
  'high_risk_industry',
  'outside_us',
  'tvpra_goods',
  'labor_recruiters',
  'non_us_nationals',
  'employer_housing',
  'subcontracting_depth',
  'contract_value',
  'low_training_coverage',
  'negative_answers',
  'past_findings',
] as const
export type FactorCode = (typeof FACTOR_CODES)[number]

export const RISK_TIERS = ['low', 'medium', 'high'] as const
export type RiskTier = (typeof RISK_TIERS)[number]

// ---------------------------------------------------------------------------------------------
// The model file

const WeightSchema = z.number().int().nonnegative()
const DescriptionSchema = z.strictObject({ en: z.string().trim().min(1), es: z.string().trim().min(1) })
const FlatFactorSchema = z.strictObject({ weight: WeightSchema, description: DescriptionSchema })
// Scored once per item (industry, good, answer, finding) up to maxCount items.
const CountedFactorSchema = z.strictObject({
  weight: WeightSchema,
  maxCount: z.number().int().positive(),
  description: DescriptionSchema,
})

export const RiskModelSchema = z.strictObject({
  version: z.string().regex(/^\d{4}\.\d+$/, 'model versions look like 2026.1'),
  cutoffs: z
    .strictObject({ medium: z.number().int().positive(), high: z.number().int().positive() })
    .refine((c) => c.high > c.medium, 'the high cut-off must be above the medium cut-off'),
  factors: z.strictObject({
    // The first high-risk industry carries the sector risk; further ones widen it less (janitorial
    // and cleaning on one contract are nearly one sector), so `additionalWeight` is usually lower.
    high_risk_industry: z.strictObject({
      weight: WeightSchema,
      additionalWeight: WeightSchema,
      maxCount: z.number().int().positive(),
      description: DescriptionSchema,
    }),
    outside_us: FlatFactorSchema,
    tvpra_goods: CountedFactorSchema,
    labor_recruiters: FlatFactorSchema,
    non_us_nationals: FlatFactorSchema,
    employer_housing: FlatFactorSchema,
    subcontracting_depth: z.strictObject({
      weight: WeightSchema,
      minDepth: z.number().int().min(1),
      description: DescriptionSchema,
    }),
    contract_value: z.strictObject({
      bands: z
        .array(
          z.strictObject({
            minValueCents: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
            weight: WeightSchema,
          }),
        )
        .min(1)
        .refine(
          (bands) => bands.every((band, i) => i === 0 || band.minValueCents > (bands[i - 1]?.minValueCents ?? 0)),
          'value bands must be in increasing order of minValueCents',
        ),
      description: DescriptionSchema,
    }),
    low_training_coverage: z.strictObject({
      weight: WeightSchema,
      // product.md §5 "worker training coverage below 90%"; an agency's
      // AgencyPolicy.trainingCoverageTargetPercent replaces it through RiskFacts.trainingCoverageTarget.
      defaultTargetPercent: z.number().min(0).max(100),
      description: DescriptionSchema,
    }),
    negative_answers: CountedFactorSchema,
    past_findings: CountedFactorSchema,
  }),
})
export type RiskModel = z.infer<typeof RiskModelSchema>

// The model's factors and FACTOR_CODES must name the same set; a mismatch fails to compile.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const factorKeysMatch: SameKeys<keyof RiskModel['factors'], FactorCode> = true
void factorKeysMatch

/** Validate a model file (for a new version: see templates/risk/README.md). Throws on a bad file. */
export function parseRiskModel(data: unknown): RiskModel {
  return RiskModelSchema.parse(data)
}

export const defaultRiskModel: RiskModel = parseRiskModel(modelData)

// ---------------------------------------------------------------------------------------------
// Facts and result

export type LaborType = 'child_labor' | 'forced_labor' | 'both'
export type GoodsList = 'tvpra' | 'eo13126'

/**
 * A good supplied under a contract that matched the DOL TVPRA list or the EO 13126 list for its
 * source country. Country and good use the list's own spelling (e.g. "Burma"); matching the
 * CSVs in shared/data happens before scoring.
 */
export type GoodsMatch = { good: string; country: string; laborType: LaborType; list: GoodsList }

export type RiskContractFacts = {
  id: string
  number?: string
  industries: string[]
  naicsCodes: string[]
  /** ISO 3166-1 alpha-2 country codes, as stored in Contract.placesOfPerformance. */
  placesOfPerformance: Array<{ country: string; state?: string | null }>
  suppliesOrServicesOutsideUS: boolean
  usesLaborRecruiters: boolean
  /** Includes H-2A and H-2B temporary-visa workers. */
  employsNonUSNationals: boolean
  providesHousing: boolean
  /** Integer cents; a bigint from Prisma, or its string/number form. Anything else counts as unknown. */
  estimatedValueCents: bigint | number | string
  goodsMatches?: GoodsMatch[]
}

export type RiskFacts = {
  contracts: RiskContractFacts[]
  organizationIndustries: string[]
  /** Deepest subcontract tier under the contracts (1 = direct subcontractors of the prime). */
  subcontractDepth?: number
  /** Share of workers with current training, 0–100; null or absent = no data, no reason. */
  trainingCoveragePercent?: number | null
  /** AgencyPolicy.trainingCoverageTargetPercent; the model's default (90) when absent. */
  trainingCoverageTarget?: number
  negativeAnswers?: number
  pastFindings?: number
}

/**
 * One applying factor. `weight` is what it adds to the score (0 when a cap was reached: still
 * listed, so the reader sees everything that applies). `params` holds what the sentence needs;
 * all values are plain strings and numbers so reasons can be stored as JSON
 * (Attestation.riskReasons) and described again later.
 */
export type RiskReason = { factor: FactorCode; weight: number; params: Record<string, string | number> }

export type RiskAssessment = { tier: RiskTier; score: number; modelVersion: string; reasons: RiskReason[] }

/** Reads an assessment back from JSON storage (e.g. Attestation.riskReasons). */
export const RiskAssessmentSchema = z.object({
  tier: z.enum(RISK_TIERS),
  score: z.number(),
  modelVersion: z.string(),
  reasons: z.array(
    z.object({
      factor: z.enum(FACTOR_CODES),
      weight: z.number(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
    }),
  ),
})

// ---------------------------------------------------------------------------------------------
// Scoring

function contractRef(contract: RiskContractFacts): string {
  return contract.number?.trim() || contract.id
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value)
}

function contractParams(refs: string[]): Record<string, string | number> {
  return refs.length > 0 ? { contracts: refs.join(', '), contractCount: refs.length } : {}
}

// Integer cents, or null when the value is missing or malformed (no value band then, rather
// than a thrown error, so a half-filled form can still be previewed).
function valueCents(value: bigint | number | string): bigint | null {
  if (typeof value === 'bigint') return value >= 0n ? value : null
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null
  const text = value.trim()
  return /^\d+$/.test(text) ? BigInt(text) : null
}

function countOf(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0
}

function highRiskIndustryReasons(facts: RiskFacts, model: RiskModel): RiskReason[] {
  type Found = { contracts: string[]; naics: string[]; declared: boolean; organization: boolean }
  const found = new Map<string, Found>()
  const entry = (code: string): Found => {
    const existing = found.get(code)
    if (existing) return existing
    const created: Found = { contracts: [], naics: [], declared: false, organization: false }
    found.set(code, created)
    return created
  }
  for (const contract of facts.contracts) {
    const ref = contractRef(contract)
    for (const code of contract.industries) {
      if (!isHighRiskIndustry(code)) continue
      const e = entry(code)
      e.declared = true
      pushUnique(e.contracts, ref)
    }
    // A contract coded only by NAICS (e.g. 236220) still counts as its industry (construction).
    for (const naics of contract.naicsCodes) {
      for (const industry of industriesForNaics(naics)) {
        if (!industry.highRisk) continue
        const e = entry(industry.code)
        pushUnique(e.contracts, ref)
        pushUnique(e.naics, naics.trim())
      }
    }
  }
  for (const code of facts.organizationIndustries) {
    if (!isHighRiskIndustry(code)) continue
    const e = entry(code)
    e.declared = true
    e.organization = true
  }

  // "Count once per industry": one reason per industry however many contracts name it, in the
  // order of templates/industries.json so the capped ones do not depend on input order.
  const { weight, additionalWeight, maxCount } = model.factors.high_risk_industry
  const reasons: RiskReason[] = []
  for (const industry of industries) {
    const e = found.get(industry.code)
    if (!e) continue
    const scored = reasons.length < maxCount
    const params: Record<string, string | number> = { industry: industry.code, ...contractParams(e.contracts) }
    if (!e.declared && e.naics.length > 0) params.naics = e.naics.join(', ')
    if (e.organization) params.organizationProfile = 1
    if (!scored) params.limit = maxCount
    const points = !scored ? 0 : reasons.length === 0 ? weight : additionalWeight
    reasons.push({ factor: 'high_risk_industry', weight: points, params })
  }
  return reasons
}

function outsideUSReason(facts: RiskFacts, model: RiskModel): RiskReason | undefined {
  // FAR 52.222-50(h): work or supplies outside the United States is what makes a compliance
  // plan mandatory federally. Countries are ISO codes; only "US" is domestic, so territories
  // stored under their own code (PR, GU, MP…) count as outside, as in FAR 2.101's definition
  // of the United States (the 50 States and the District of Columbia).
  const refs: string[] = []
  const countries: string[] = []
  for (const contract of facts.contracts) {
    const abroad = contract.placesOfPerformance
      .map((place) => place.country.trim().toUpperCase())
      .filter((country) => country !== '' && country !== 'US')
    if (contract.suppliesOrServicesOutsideUS || abroad.length > 0) pushUnique(refs, contractRef(contract))
    for (const country of abroad) pushUnique(countries, country)
  }
  if (refs.length === 0) return undefined
  const params: Record<string, string | number> = { ...contractParams(refs) }
  if (countries.length > 0) params.countries = countries.join(', ')
  return { factor: 'outside_us', weight: model.factors.outside_us.weight, params }
}

function goodsReasons(facts: RiskFacts, model: RiskModel): RiskReason[] {
  type Found = {
    good: string
    country: string
    child: boolean
    forced: boolean
    lists: Set<GoodsList>
    contracts: string[]
  }
  const found = new Map<string, Found>()
  for (const contract of facts.contracts) {
    for (const match of contract.goodsMatches ?? []) {
      const good = match.good.trim()
      const country = match.country.trim()
      // The same good and country on both lists, or on two contracts, is one risk.
      const key = `${country.toLowerCase()}\u0000${good.toLowerCase()}`
      const e = found.get(key) ?? {
        good,
        country,
        child: false,
        forced: false,
        lists: new Set<GoodsList>(),
        contracts: [],
      }
      found.set(key, e)
      if (match.laborType !== 'forced_labor') e.child = true
      if (match.laborType !== 'child_labor') e.forced = true
      e.lists.add(match.list)
      pushUnique(e.contracts, contractRef(contract))
    }
  }
  const { weight, maxCount } = model.factors.tvpra_goods
  const ordered = [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return ordered.map(([, e], index) => {
    const scored = index < maxCount
    const laborType: LaborType = e.child && e.forced ? 'both' : e.child ? 'child_labor' : 'forced_labor'
    const lists = (['tvpra', 'eo13126'] as const).filter((list) => e.lists.has(list))
    const params: Record<string, string | number> = {
      good: e.good,
      country: e.country,
      laborType,
      list: lists.join(','),
      ...contractParams(e.contracts),
    }
    if (!scored) params.limit = maxCount
    return { factor: 'tvpra_goods', weight: scored ? weight : 0, params }
  })
}

function flagReason(
  facts: RiskFacts,
  factor: 'labor_recruiters' | 'non_us_nationals' | 'employer_housing',
  weight: number,
  applies: (contract: RiskContractFacts) => boolean,
): RiskReason | undefined {
  const refs: string[] = []
  for (const contract of facts.contracts) if (applies(contract)) pushUnique(refs, contractRef(contract))
  return refs.length > 0 ? { factor, weight, params: contractParams(refs) } : undefined
}

function contractValueReason(facts: RiskFacts, model: RiskModel): RiskReason | undefined {
  // The largest single contract decides the band: bands are not summed across contracts.
  let largest: { ref: string; cents: bigint } | undefined
  for (const contract of facts.contracts) {
    const cents = valueCents(contract.estimatedValueCents)
    if (cents !== null && (largest === undefined || cents > largest.cents))
      largest = { ref: contractRef(contract), cents }
  }
  if (!largest) return undefined
  let band: RiskModel['factors']['contract_value']['bands'][number] | undefined
  for (const candidate of model.factors.contract_value.bands) {
    if (largest.cents >= BigInt(candidate.minValueCents)) band = candidate
  }
  if (!band) return undefined
  return {
    factor: 'contract_value',
    weight: band.weight,
    params: { contract: largest.ref, valueCents: Number(largest.cents), thresholdCents: band.minValueCents },
  }
}

function trainingReason(facts: RiskFacts, model: RiskModel): RiskReason | undefined {
  const percent = facts.trainingCoveragePercent
  // null or absent: no roster or records yet. That is not evidence of low coverage.
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return undefined
  const target = facts.trainingCoverageTarget ?? model.factors.low_training_coverage.defaultTargetPercent
  if (percent >= target) return undefined
  // Rounded down so a shown figure never reaches the target it is said to miss (89.96 → 89.9).
  const shown = Math.floor(percent * 10) / 10
  return {
    factor: 'low_training_coverage',
    weight: model.factors.low_training_coverage.weight,
    params: { percent: shown, target },
  }
}

function countedReason(
  factor: 'negative_answers' | 'past_findings',
  raw: number | undefined,
  model: RiskModel,
): RiskReason | undefined {
  const count = countOf(raw)
  if (count === 0) return undefined
  const { weight, maxCount } = model.factors[factor]
  const params: Record<string, string | number> = { count }
  if (count > maxCount) params.limit = maxCount
  return { factor, weight: weight * Math.min(count, maxCount), params }
}

/**
 * Score `facts` with `model`: every applying factor becomes a reason with its weight, the score
 * is their sum, and the model's cut-offs give the tier. Reasons come heaviest first; equal
 * weights keep the order of FACTOR_CODES, so the same facts always give the same list.
 */
export function computeRiskTier(facts: RiskFacts, model: RiskModel = defaultRiskModel): RiskAssessment {
  const f = model.factors
  const depth = facts.subcontractDepth ?? 0
  const candidates: Array<RiskReason | undefined> = [
    ...highRiskIndustryReasons(facts, model),
    outsideUSReason(facts, model),
    ...goodsReasons(facts, model),
    // OFPP 2016 and FAR 52.222-50(b)(5)-(6): recruitment fees and deceptive recruiting are the
    // usual path into debt bondage.
    flagReason(facts, 'labor_recruiters', f.labor_recruiters.weight, (c) => c.usesLaborRecruiters),
    // Workers whose visa ties them to one employer (H-2A/H-2B) cannot easily leave.
    flagReason(facts, 'non_us_nationals', f.non_us_nationals.weight, (c) => c.employsNonUSNationals),
    // FAR 52.222-50(b)(8) and (h)(3)(iv): housing is a control point; it needs its own plan.
    flagReason(facts, 'employer_housing', f.employer_housing.weight, (c) => c.providesHousing),
    Number.isFinite(depth) && depth >= f.subcontracting_depth.minDepth
      ? {
          factor: 'subcontracting_depth',
          weight: f.subcontracting_depth.weight,
          params: { depth: Math.floor(depth), minDepth: f.subcontracting_depth.minDepth },
        }
      : undefined,
    contractValueReason(facts, model),
    trainingReason(facts, model),
    countedReason('negative_answers', facts.negativeAnswers, model),
    countedReason('past_findings', facts.pastFindings, model),
  ]
  const reasons = candidates
    .filter((reason): reason is RiskReason => reason !== undefined)
    // Array.prototype.sort is stable (ES2019), which keeps ties in the order above.
    .sort((a, b) => b.weight - a.weight)
  const score = reasons.reduce((sum, reason) => sum + reason.weight, 0)
  const tier: RiskTier = score >= model.cutoffs.high ? 'high' : score >= model.cutoffs.medium ? 'medium' : 'low'
  return { tier, score, modelVersion: model.version, reasons }
}

// ---------------------------------------------------------------------------------------------
// Sentences

type Lang = 'en' | 'es'

function message(lang: Lang, key: RiskMessageKey, vars: Record<string, string | number> = {}): string {
  return riskMessages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = vars[name]
    return value === undefined ? match : String(value)
  })
}

// Spanish as written in the United States: $12,000,000 and 89.9, like the agency's own figures.
function locale(lang: Lang): string {
  return lang === 'es' ? 'es-US' : 'en-US'
}

function formatMoney(cents: number, lang: Lang): string {
  const digits = cents % 100 === 0 ? 0 : 2
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(cents / 100)
}

function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(value)
}

function countryName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' }).of(code) ?? code
  } catch {
    // Not a region code (free text in old data): show it as entered.
    return code
  }
}

/** The tier's name ("Low risk", "Riesgo alto"). */
export function riskTierLabel(tier: RiskTier, lang: Lang): string {
  return message(lang, `risk.tier.${tier}`)
}

/** A factor's short name, for table headings ("High-risk industry"). */
export function riskFactorLabel(factor: FactorCode, lang: Lang): string {
  return message(lang, `risk.factor.${factor}`)
}

/**
 * One sentence for a reason, e.g. "Construction: high-risk industry (contract C-2026-1)" or
 * "Worker training coverage 72% is below the 90% target". Works on reasons read back from
 * storage too, so an old attestation shows the reasons it was given.
 */
export function describeReason(reason: RiskReason, lang: Lang): string {
  const p = reason.params
  const text = (key: string): string => {
    const value = p[key]
    return value === undefined ? '' : String(value)
  }
  const num = (key: string): number => {
    const value = p[key]
    return typeof value === 'number' ? value : Number(value ?? 0)
  }
  const where: string[] = []
  const addContracts = (): void => {
    if (text('contracts') === '') return
    where.push(
      message(lang, num('contractCount') > 1 ? 'risk.where.contracts' : 'risk.where.contract', {
        contracts: text('contracts'),
      }),
    )
  }
  const addLimit = (): void => {
    if (p.limit === undefined) return
    where.push(message(lang, reason.weight === 0 ? 'risk.where.notScored' : 'risk.where.capped', { max: num('limit') }))
  }

  let sentence: string
  switch (reason.factor) {
    case 'high_risk_industry': {
      const code = text('industry')
      sentence = message(lang, 'risk.reason.high_risk_industry', {
        industry: industryByCode(code)?.label[lang] ?? code,
      })
      if (text('naics') !== '') where.push(message(lang, 'risk.where.naics', { naics: text('naics') }))
      addContracts()
      if (p.organizationProfile !== undefined) where.push(message(lang, 'risk.where.organization'))
      addLimit()
      break
    }
    case 'outside_us': {
      sentence = message(lang, 'risk.reason.outside_us')
      const countries = text('countries')
      if (countries !== '')
        where.push(
          countries
            .split(', ')
            .map((code) => countryName(code, lang))
            .join(', '),
        )
      addContracts()
      break
    }
    case 'tvpra_goods': {
      const lists = text('list')
        .split(',')
        .filter((list) => list === 'tvpra' || list === 'eo13126')
        .map((list) => message(lang, `risk.list.${list}`))
      const laborType = text('laborType')
      sentence = message(lang, 'risk.reason.tvpra_goods', {
        good: text('good'),
        country: text('country'),
        lists: lists.join(message(lang, 'risk.list.and')),
        laborType:
          laborType === 'child_labor' || laborType === 'forced_labor' || laborType === 'both'
            ? message(lang, `risk.labor.${laborType}`)
            : laborType,
      })
      addContracts()
      addLimit()
      break
    }
    case 'labor_recruiters':
    case 'non_us_nationals':
    case 'employer_housing':
      sentence = message(lang, `risk.reason.${reason.factor}`)
      addContracts()
      break
    case 'subcontracting_depth':
      sentence = message(lang, 'risk.reason.subcontracting_depth', { depth: num('depth') })
      break
    case 'contract_value':
      sentence = message(lang, 'risk.reason.contract_value', {
        contract: text('contract'),
        value: formatMoney(num('valueCents'), lang),
        threshold: formatMoney(num('thresholdCents'), lang),
      })
      break
    case 'low_training_coverage':
      sentence = message(lang, 'risk.reason.low_training_coverage', {
        percent: formatNumber(num('percent'), lang),
        target: formatNumber(num('target'), lang),
      })
      break
    case 'negative_answers':
    case 'past_findings': {
      const count = num('count')
      sentence = message(lang, `risk.reason.${reason.factor}.${count === 1 ? 'one' : 'other'}`, { count })
      addLimit()
      break
    }
  }
  return where.length > 0 ? `${sentence} (${where.join('; ')})` : sentence
}
