import { describe, expect, it } from 'vitest'
import data from '../../templates/industries.json'
import {
  IndustryListSchema,
  highRiskIndustryCodes,
  industries,
  industriesForNaics,
  industryByCode,
  isHighRiskIndustry,
} from './industries'

describe('templates/industries.json', () => {
  it('has unique snake_case codes, each with an English and a Spanish label', () => {
    const codes = industries.map((industry) => industry.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const industry of industries) {
      expect(industry.code).toMatch(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/)
      expect(industry.label.en.trim()).not.toBe('')
      expect(industry.label.es.trim()).not.toBe('')
    }
  })

  it('keeps the codes the demo data already uses', () => {
    for (const code of ['janitorial', 'cleaning', 'event_staffing', 'landscaping', 'security_services']) {
      expect(industryByCode(code)?.highRisk, code).toBe(true)
    }
  })

  it('marks the high-risk industries of product.md §5 and leaves ordinary ones low', () => {
    expect([...highRiskIndustryCodes].sort()).toEqual(
      [
        'agriculture',
        'apparel_textiles',
        'cleaning',
        'construction',
        'electronics_manufacturing',
        'event_staffing',
        'food_processing',
        'home_care',
        'hospitality',
        'janitorial',
        'landscaping',
        'security_services',
      ].sort(),
    )
    for (const code of [
      'professional_services',
      'information_technology',
      'transportation',
      'office_supplies',
      'engineering',
    ]) {
      expect(industryByCode(code), code).toBeDefined()
      expect(isHighRiskIndustry(code), code).toBe(false)
    }
  })

  it('treats unknown codes as not high-risk', () => {
    expect(industryByCode('made_up')).toBeUndefined()
    expect(isHighRiskIndustry('made_up')).toBe(false)
  })

  it('maps NAICS codes to industries by prefix', () => {
    expect(industriesForNaics('236220').map((i) => i.code)).toEqual(['construction'])
    expect(industriesForNaics('561720').map((i) => i.code)).toEqual(['janitorial'])
    expect(industriesForNaics('561730').map((i) => i.code)).toEqual(['landscaping'])
    expect(industriesForNaics('561320').map((i) => i.code)).toEqual(['event_staffing'])
    expect(industriesForNaics('561612').map((i) => i.code)).toEqual(['security_services'])
    expect(industriesForNaics('721110').map((i) => i.code)).toEqual(['hospitality'])
    expect(industriesForNaics('111998').map((i) => i.code)).toEqual(['agriculture'])
    expect(industriesForNaics('112120').map((i) => i.code)).toEqual(['agriculture'])
    expect(industriesForNaics('311612').map((i) => i.code)).toEqual(['food_processing'])
    expect(industriesForNaics('315250').map((i) => i.code)).toEqual(['apparel_textiles'])
    expect(industriesForNaics('334413').map((i) => i.code)).toEqual(['electronics_manufacturing'])
    expect(industriesForNaics('621610').map((i) => i.code)).toEqual(['home_care'])
    expect(industriesForNaics('624120').map((i) => i.code)).toEqual(['home_care'])
    expect(industriesForNaics('424120').map((i) => i.code)).toEqual(['office_supplies'])
    expect(industriesForNaics(' 541330 ').map((i) => i.code)).toEqual(['engineering'])
  })

  it('finds nothing for unlisted or malformed NAICS codes', () => {
    expect(industriesForNaics('999999')).toEqual([])
    expect(industriesForNaics('')).toEqual([])
    expect(industriesForNaics('56172x')).toEqual([])
  })

  it('maps every NAICS code to at most one industry', () => {
    const prefixes = industries.flatMap((industry) => industry.naicsPrefixes)
    for (const prefix of prefixes) {
      const padded = prefix.padEnd(6, '0')
      expect(industriesForNaics(padded).length, prefix).toBe(1)
    }
  })

  it('rejects a list with a duplicate code or overlapping NAICS prefixes', () => {
    const janitorial = {
      code: 'janitorial',
      label: { en: 'Janitorial', es: 'Conserjería' },
      highRisk: true,
      naicsPrefixes: ['561720'],
    }
    expect(IndustryListSchema.safeParse([janitorial, { ...janitorial, naicsPrefixes: [] }]).success).toBe(false)
    expect(
      IndustryListSchema.safeParse([janitorial, { ...janitorial, code: 'facilities', naicsPrefixes: ['5617'] }])
        .success,
    ).toBe(false)
    expect(IndustryListSchema.safeParse([{ ...janitorial, label: { en: 'Janitorial' } }]).success).toBe(false)
    expect(IndustryListSchema.safeParse(data).success).toBe(true)
  })
})
