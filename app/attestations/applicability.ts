import {
  type AttestationTemplateContent,
  type ConditionName,
  type TemplateItem,
  type TemplateSection,
} from './template'

// Which parts of a template apply to an attestation, and why. Pure and client-safe: the loader
// computes it from the contracts the attestation covers; the form uses it to skip steps and
// explain ("Applies because …"); the action and the reviewer see the same result.

type Cents = bigint | number | string
type DateLike = Date | string

/** What an attestation needs to know about one contract it covers (as stored, or serialized by a loader). */
export type ContractFacts = {
  id: string
  agencyId: string
  startDate: DateLike
  estimatedValueCents: Cents
  /** FAR 52.222-50(h)(1): supplies (other than COTS items) acquired, or services performed, outside the US. */
  outsideUSValueCents: Cents
  suppliesOrServicesOutsideUS: boolean
  industries: string[]
  providesHousing: boolean
  usesLaborRecruiters: boolean
  employsNonUSNationals: boolean
  /** Whether the attesting organization has subcontracts under this contract; unknown counts as yes. */
  hasSubcontracts?: boolean
  /** Contract.placesOfPerformance, when the loader has it. */
  placesOfPerformance?: Array<{ country: string; state?: string | null }>
}

/** A ComplianceThreshold row: agencyId null is the federal default. */
export type Threshold = {
  agencyId: string | null
  effectiveFrom: DateLike
  amountCents: Cents
  source: string
}

export type AgencyPolicyFacts = { requirePlanForHighRiskIndustries: boolean }

export type CompliancePlanReason = {
  code: 'outside_us_value_above_threshold' | 'agency_requires_plan_for_high_risk_industry'
  threshold?: Threshold
  industry?: string
}

export type CompliancePlanRequirement = { required: boolean; reasons: CompliancePlanReason[] }

export type CompliancePlanContext = {
  thresholds: readonly Threshold[]
  agencyPolicy: AgencyPolicyFacts
  highRiskIndustries: readonly string[]
}

export type ApplicabilityContext = {
  contracts: readonly ContractFacts[]
  thresholds: readonly Threshold[]
  highRiskIndustries: readonly string[]
  /** Policy per agency id; a contract whose agency is missing here uses `agencyPolicy`. */
  agencyPolicies?: Readonly<Record<string, AgencyPolicyFacts | undefined>>
  /** Default policy (the AgencyPolicy default: no plan required for high-risk industries). */
  agencyPolicy?: AgencyPolicyFacts
}

export type ConditionCheck = {
  holds: boolean
  /** The contracts that satisfy the condition (for "not required" conditions: those that do not require). */
  contractIds: string[]
}

export type ItemApplicability = {
  itemId: string
  applies: boolean
  /** Conditions of the section and the item that hold / do not hold. Empty lists: always applies. */
  satisfied: ConditionName[]
  unsatisfied: ConditionName[]
}

export type SectionApplicability = {
  sectionId: string
  applies: boolean
  satisfied: ConditionName[]
  unsatisfied: ConditionName[]
  items: ItemApplicability[]
}

export type Applicability = {
  templateVersion: string
  conditions: Record<ConditionName, ConditionCheck>
  /** Per contract id: whether a compliance plan is required, and why. */
  compliancePlans: Record<string, CompliancePlanRequirement>
  sections: SectionApplicability[]
}

// ───────────────────────────── values from the database or the wire ─────────────────────────────

/** Integer cents as BigInt (loader data arrives as strings or numbers). Throws on anything else. */
export function toCents(value: Cents): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`Not an integer amount of cents: ${value}`)
    return BigInt(value)
  }
  if (!/^-?\d+$/.test(value.trim())) throw new Error(`Not an integer amount of cents: ${JSON.stringify(value)}`)
  return BigInt(value.trim())
}

/**
 * The calendar day (YYYY-MM-DD, UTC) of a date. Contract start dates and threshold effective dates
 * are DATE columns, which Prisma returns as midnight UTC; comparing days avoids time-zone drift.
 */
export function toIsoDay(value: DateLike): string {
  const date =
    typeof value === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) : value
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`)
  return date.toISOString().slice(0, 10)
}

// ───────────────────────────── compliance plan ─────────────────────────────

function latestInForce(rows: readonly Threshold[], day: string): Threshold | undefined {
  let best: Threshold | undefined
  let bestDay = ''
  for (const row of rows) {
    const from = toIsoDay(row.effectiveFrom)
    // Later rows win ties, so a correction inserted after the original takes effect.
    if (from <= day && from >= bestDay) {
      best = row
      bestDay = from
    }
  }
  return best
}

/**
 * The compliance-plan threshold in force for an agency on a date.
 *
 * FAR 52.222-50(h)(1): a plan is required for the portion of a contract performed outside the US
 * whose estimated value exceeds a threshold that changes over time ($500,000 from 2015, $550,000,
 * then $700,000 from 1 Oct 2025), so it is a table of dated rows, never a constant. An agency's own
 * rows override the federal ones (agencyId null) from their effective date: if any of the
 * agency's rows is in force on that date, the latest of them applies; otherwise the latest federal one.
 */
export function thresholdInForce(
  thresholds: readonly Threshold[],
  { agencyId, on }: { agencyId: string | null; on: DateLike },
): Threshold | undefined {
  const day = toIsoDay(on)
  const own =
    agencyId === null
      ? undefined
      : latestInForce(
          thresholds.filter((t) => t.agencyId === agencyId),
          day,
        )
  return (
    own ??
    latestInForce(
      thresholds.filter((t) => t.agencyId === null),
      day,
    )
  )
}

const normalizeIndustry = (industry: string) => industry.trim().toLowerCase()

/** Whether one contract requires a compliance plan (FAR 52.222-50(h)(1), or the agency's policy), and why. */
export function compliancePlanRequirement(
  contract: ContractFacts,
  { thresholds, agencyPolicy, highRiskIndustries }: CompliancePlanContext,
): CompliancePlanRequirement {
  const reasons: CompliancePlanReason[] = []

  // FAR 52.222-50(h)(1): the threshold is the one in force when the contract starts, and the
  // outside-US portion must EXCEED it (equal is not enough). Compared as BigInt cents. The value
  // is the one entered for the contract (supplies other than COTS items and services abroad);
  // the suppliesOrServicesOutsideUS flag only describes it.
  const threshold = thresholdInForce(thresholds, { agencyId: contract.agencyId, on: contract.startDate })
  if (threshold && toCents(contract.outsideUSValueCents) > toCents(threshold.amountCents)) {
    reasons.push({ code: 'outside_us_value_above_threshold', threshold })
  }

  // Agency switch (product.md §4): a plan for high-risk industries regardless of value.
  if (agencyPolicy.requirePlanForHighRiskIndustries) {
    const highRisk = new Set(highRiskIndustries.map(normalizeIndustry))
    const seen = new Set<string>()
    for (const industry of contract.industries) {
      const key = normalizeIndustry(industry)
      if (highRisk.has(key) && !seen.has(key)) {
        seen.add(key)
        reasons.push({ code: 'agency_requires_plan_for_high_risk_industry', industry })
      }
    }
  }

  return { required: reasons.length > 0, reasons }
}

// ───────────────────────────── conditions ─────────────────────────────

/**
 * Whether part of the contract is performed in the United States. The portal's contracts are let
 * by US state and local agencies, so their places of performance are US states: every contract is
 * domestic work unless its places of performance (when known) are all abroad, or its whole
 * estimated value is performed outside the US.
 */
function hasDomesticWork(contract: ContractFacts): boolean {
  const places = contract.placesOfPerformance
  if (places && places.length > 0) return places.some((place) => place.country.trim().toUpperCase() === 'US')
  const outside = toCents(contract.outsideUSValueCents)
  return !(outside > 0n && outside >= toCents(contract.estimatedValueCents))
}

const DEFAULT_POLICY: AgencyPolicyFacts = { requirePlanForHighRiskIndustries: false }

function evaluateConditions(
  contracts: readonly ContractFacts[],
  plans: Record<string, CompliancePlanRequirement>,
): Record<ConditionName, ConditionCheck> {
  const any = (test: (contract: ContractFacts) => boolean): ConditionCheck => {
    const contractIds = contracts.filter(test).map((c) => c.id)
    return { holds: contractIds.length > 0, contractIds }
  }
  const planRequired = any((c) => plans[c.id]?.required === true)
  // A condition holds when it holds for ANY covered contract: one attestation (and one compliance
  // plan) covers the organization's work on all of them, so it must meet the strictest contract.
  const checks: Record<ConditionName, ConditionCheck> = {
    compliance_plan_required: planRequired,
    compliance_plan_not_required: {
      holds: !planRequired.holds,
      contractIds: contracts.filter((c) => plans[c.id]?.required !== true).map((c) => c.id),
    },
    provides_housing: any((c) => c.providesHousing),
    domestic_work: any(hasDomesticWork),
    // Unknown (undefined) counts as yes: asking an unneeded question is better than skipping a needed one.
    has_subcontracts: any((c) => c.hasSubcontracts ?? true),
    outside_us: any((c) => c.suppliesOrServicesOutsideUS || toCents(c.outsideUSValueCents) > 0n),
    uses_labor_recruiters: any((c) => c.usesLaborRecruiters),
    employs_non_us_nationals: any((c) => c.employsNonUSNationals),
  }
  // Typed as a Record over the closed set: a new condition name without a rule here does not compile.
  return checks
}

function split(names: readonly ConditionName[], conditions: Record<ConditionName, ConditionCheck>) {
  const unique = [...new Set(names)]
  return {
    satisfied: unique.filter((name) => conditions[name].holds),
    unsatisfied: unique.filter((name) => !conditions[name].holds),
  }
}

function sectionApplicability(
  section: TemplateSection,
  conditions: Record<ConditionName, ConditionCheck>,
): SectionApplicability {
  const own = split(section.appliesWhen ?? [], conditions)
  const items = section.items.map((item: TemplateItem): ItemApplicability => {
    const all = split([...(section.appliesWhen ?? []), ...(item.appliesWhen ?? [])], conditions)
    return { itemId: item.id, applies: all.unsatisfied.length === 0, ...all }
  })
  return { sectionId: section.id, applies: own.unsatisfied.length === 0, ...own, items }
}

/** What applies of `template` to an attestation covering `contracts`, section by section and item by item. */
export function applicableSections(template: AttestationTemplateContent, context: ApplicabilityContext): Applicability {
  const compliancePlans: Record<string, CompliancePlanRequirement> = {}
  for (const contract of context.contracts) {
    compliancePlans[contract.id] = compliancePlanRequirement(contract, {
      thresholds: context.thresholds,
      highRiskIndustries: context.highRiskIndustries,
      agencyPolicy: context.agencyPolicies?.[contract.agencyId] ?? context.agencyPolicy ?? DEFAULT_POLICY,
    })
  }
  const conditions = evaluateConditions(context.contracts, compliancePlans)
  return {
    templateVersion: template.version,
    conditions,
    compliancePlans,
    sections: template.sections.map((section) => sectionApplicability(section, conditions)),
  }
}

/** Whether an item applies. An id the applicability does not know (another template) does not apply. */
export function itemApplies(applicability: Applicability, itemId: string): boolean {
  for (const section of applicability.sections) {
    const item = section.items.find((candidate) => candidate.itemId === itemId)
    if (item) return item.applies
  }
  return false
}

export function sectionApplies(applicability: Applicability, sectionId: string): boolean {
  return applicability.sections.find((section) => section.sectionId === sectionId)?.applies ?? false
}

/**
 * The steps of the form: the sections that apply and have at least one item that applies, in
 * template order ("Step n of total").
 */
export function applicableSteps(template: AttestationTemplateContent, applicability: Applicability): TemplateSection[] {
  return template.sections.filter((section) => {
    const found = applicability.sections.find((candidate) => candidate.sectionId === section.id)
    return found !== undefined && found.applies && found.items.some((item) => item.applies)
  })
}
