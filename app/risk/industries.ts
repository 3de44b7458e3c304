import { z } from 'zod'
import data from '../../templates/industries.json'

// The portal's industry list is data (templates/industries.json), not code, so an agency can
// add an industry or move one between ordinary and high-risk without a deploy. Client-safe:
// no server imports, the JSON is bundled.

const IndustryCodeSchema = z.string().regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'industry codes are snake_case')

// NAICS codes are 2 to 6 digits; a prefix matches every code under it (23 → 236220).
const NaicsPrefixSchema = z.string().regex(/^\d{2,6}$/, 'NAICS prefixes are 2 to 6 digits')

export const IndustrySchema = z.strictObject({
  code: IndustryCodeSchema,
  label: z.strictObject({ en: z.string().trim().min(1), es: z.string().trim().min(1) }),
  // product.md §5: the industries the OFPP 2016 guidance and the Los Angeles advocacy single out.
  highRisk: z.boolean(),
  naicsPrefixes: z.array(NaicsPrefixSchema),
})

export type Industry = z.infer<typeof IndustrySchema>

export const IndustryListSchema = z.array(IndustrySchema).superRefine((list, ctx) => {
  const codes = new Set<string>()
  const prefixes: Array<{ prefix: string; code: string }> = []
  for (const [index, industry] of list.entries()) {
    if (codes.has(industry.code)) {
      ctx.addIssue({ code: 'custom', path: [index, 'code'], message: `duplicate industry code ${industry.code}` })
    }
    codes.add(industry.code)
    for (const prefix of industry.naicsPrefixes) {
      // One NAICS code must map to at most one industry, or the risk score would count the
      // same work twice under two names.
      const clash = prefixes.find((p) => p.prefix.startsWith(prefix) || prefix.startsWith(p.prefix))
      if (clash) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'naicsPrefixes'],
          message: `NAICS prefix ${prefix} of ${industry.code} overlaps ${clash.prefix} of ${clash.code}`,
        })
      }
      prefixes.push({ prefix, code: industry.code })
    }
  }
})

/** Every industry, in the order of templates/industries.json (the order forms show them in). */
export const industries: readonly Industry[] = IndustryListSchema.parse(data)

const byCode = new Map(industries.map((industry) => [industry.code, industry]))

export function industryByCode(code: string): Industry | undefined {
  return byCode.get(code)
}

/** Unknown codes are not high-risk: the score only counts what the list names. */
export function isHighRiskIndustry(code: string): boolean {
  return byCode.get(code)?.highRisk === true
}

/** Industries whose NAICS prefixes cover `naics` (e.g. "236220" → construction). */
export function industriesForNaics(naics: string): Industry[] {
  const code = naics.trim()
  if (!/^\d{2,6}$/.test(code)) return []
  return industries.filter((industry) => industry.naicsPrefixes.some((prefix) => code.startsWith(prefix)))
}

export const highRiskIndustryCodes: readonly string[] = industries
  .filter((industry) => industry.highRisk)
  .map((industry) => industry.code)
