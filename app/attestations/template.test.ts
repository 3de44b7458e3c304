import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  AttestationTemplateFileSchema,
  compareTemplateVersions,
  findItem,
  itemsOf,
  PLAN_ELEMENTS,
  type AttestationTemplateContent,
  type LocalizedText,
} from './template'

const FILE = path.resolve('templates', 'attestations', 'far-52.222-50-2026.1.json')
const json: unknown = JSON.parse(fs.readFileSync(FILE, 'utf8'))
const template: AttestationTemplateContent = AttestationTemplateFileSchema.parse(json)

function section(id: string) {
  const found = template.sections.find((s) => s.id === id)
  if (!found) throw new Error(`no section ${id}`)
  return found
}

function allTexts(): Array<[string, LocalizedText]> {
  const texts: Array<[string, LocalizedText]> = [['title', template.title]]
  for (const s of template.sections) {
    texts.push([`${s.id}.title`, s.title])
    if (s.intro) texts.push([`${s.id}.intro`, s.intro])
    for (const item of s.items) {
      texts.push([`${item.id}.text`, item.text])
      if (item.help) texts.push([`${item.id}.help`, item.help])
      if (item.answer.type === 'choice') {
        for (const option of item.answer.options) texts.push([`${item.id}.${option.value}`, option.label])
      }
    }
  }
  return texts
}

describe('the 2026.1 template file', () => {
  test('validates against the template schema', () => {
    const result = AttestationTemplateFileSchema.safeParse(json)
    expect(result.error).toBeUndefined()
    expect(template.version).toBe('2026.1')
    expect(template.title.en).toBe('FAR 52.222-50 aligned, 2026.1')
    expect(template.publishedAt).toBe('2026-01-15')
    expect(template.sections.map((s) => s.id)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'])
  })

  test('every item has a unique id, English and Spanish text, and a rule citation', () => {
    const items = itemsOf(template)
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    for (const item of items) {
      expect(item.text.en.trim(), item.id).not.toBe('')
      expect(item.text.es.trim(), item.id).not.toBe('')
      expect(item.rule, item.id).toMatch(/FAR 52\.222-5[06]|[Aa]gency policy/)
    }
    for (const s of template.sections) expect(s.rule, s.id).not.toBe('')
  })

  test('the Spanish is a translation, not a copy of the English', () => {
    for (const [where, text] of allTexts()) expect(text.es, where).not.toBe(text.en)
  })

  test('A lists the nine prohibited activities of FAR 52.222-50(b), each blocking self-certification', () => {
    const a = section('A')
    expect(a.items).toHaveLength(9)
    a.items.forEach((item, i) => {
      expect(item.id).toBe(`A${i + 1}`)
      expect(item.rule).toBe(`FAR 52.222-50(b)(${i + 1})`)
      expect(item.answer.type).toBe('yes_no')
      expect(item.negativeRequiresExplanation).toBe(true)
      expect(item.blocksSelfCertification).toBe(true)
      expect(item.appliesWhen).toBeUndefined()
    })
    // The broad definition of recruitment fees is shown with the question.
    expect(findItem(template, 'A6')?.help?.en).toMatch(/deducted from wages/)
  })

  test('B covers notification, reporting to the contracting officer and the Inspector General, and cooperation', () => {
    const b = section('B')
    expect(b.items.map((i) => i.rule)).toEqual(['FAR 52.222-50(c)(1)', 'FAR 52.222-50(d)', 'FAR 52.222-50(g)'])
    expect(findItem(template, 'B2')?.text.en).toMatch(
      /contracting officer and the agency's Inspector General immediately/,
    )
  })

  test('C has compliance-plan elements (i)–(v) and (h)(4), applies only when a plan is required, and carries the hotlines', () => {
    const c = section('C')
    expect(c.appliesWhen).toEqual(['compliance_plan_required'])
    const elements = new Set(c.items.map((i) => i.planElement).filter((e) => e !== undefined))
    expect([...elements].sort()).toEqual([...PLAN_ELEMENTS].sort())
    for (const element of ['i', 'ii', 'iii', 'iv', 'v']) {
      const required = c.items.find((i) => i.planElement === element && i.blocksSelfCertification)
      expect(required?.id, element).toBe(`C-${element}`)
      expect(required?.rule).toBe(`FAR 52.222-50(h)(3)(${element})`)
    }
    // (h)(4): posting the plan's relevant contents, mapped like an element and also blocking.
    expect(findItem(template, 'C-posting')).toMatchObject({
      planElement: 'h4',
      blocksSelfCertification: true,
      reviewCode: 'negative_answer',
    })
    expect(findItem(template, 'C-iv')?.appliesWhen).toEqual(['provides_housing'])
    expect(findItem(template, 'C-ii')?.text.en).toContain('1-844-888-FREE')
    expect(findItem(template, 'C-ii')?.text.en).toContain('help@befree.org')
    const domestic = findItem(template, 'C-ii-us')
    expect(domestic?.appliesWhen).toEqual(['domestic_work'])
    expect(domestic?.text.en).toContain('1-888-373-7888')
    expect(domestic?.text.en).toContain('233733')
    expect(findItem(template, 'C-posting')?.rule).toBe('FAR 52.222-50(h)(4)')
  })

  test('D lists subcontractors from the tree (no answer) and E links to the training tracker', () => {
    expect(findItem(template, 'D3')?.answer).toEqual({ type: 'subcontractor_list' })
    expect(findItem(template, 'D2')?.appliesWhen).toEqual(['has_subcontracts'])
    expect(findItem(template, 'E1')).toMatchObject({ answer: { type: 'yes_no' }, negativeRequiresExplanation: true })
    expect(findItem(template, 'E2')?.answer).toEqual({ type: 'info', link: 'training_tracker' })
  })

  test('F is the signing step: due-diligence alternatives and a penalty-of-perjury statement', () => {
    const f = section('F')
    expect(f.signing).toBe(true)
    expect(template.sections.filter((s) => s.signing)).toHaveLength(1)
    const f1 = findItem(template, 'F1')
    expect(f1?.answer.type === 'choice' && f1.answer.options.map((o) => [o.value, o.negative === true])).toEqual([
      ['no_abuses_found', false],
      ['remedial_actions_taken', true],
    ])
    expect(f1).toMatchObject({
      negativeRequiresExplanation: true,
      blocksSelfCertification: true,
      reviewCode: 'remedial_actions',
    })
    // One statement per case: with a compliance plan (FAR 52.222-56), or without one.
    expect(findItem(template, 'F2')).toMatchObject({
      answer: { type: 'acknowledgement' },
      appliesWhen: ['compliance_plan_required'],
    })
    expect(findItem(template, 'F2-no-plan')?.appliesWhen).toEqual(['compliance_plan_not_required'])
    for (const id of ['F2', 'F2-no-plan']) {
      expect(findItem(template, id)?.text.en, id).toMatch(/under penalty of perjury/)
      expect(findItem(template, id)?.text.es, id).toMatch(/bajo pena de perjurio/)
    }
  })
})

describe('the template schema', () => {
  test('refuses duplicate ids, unknown conditions, and flags on items without a negative answer', () => {
    const base = {
      version: '2099.1',
      title: { en: 'T', es: 'P' },
      publishedAt: '2099-01-01',
      source: ['test'],
    }
    const item = (id: string, extra: object = {}) => ({
      id,
      text: { en: 'x', es: 'y' },
      answer: { type: 'yes_no' },
      negativeRequiresExplanation: true,
      blocksSelfCertification: false,
      rule: 'FAR 52.222-50(b)(1)',
      ...extra,
    })
    const withItems = (items: object[]) => ({
      ...base,
      sections: [{ id: 'A', title: { en: 'A', es: 'A' }, rule: 'r', items }],
    })
    expect(AttestationTemplateFileSchema.safeParse(withItems([item('A1')])).success).toBe(true)
    expect(AttestationTemplateFileSchema.safeParse(withItems([item('A1'), item('A1')])).success).toBe(false)
    expect(
      AttestationTemplateFileSchema.safeParse(withItems([item('A1', { appliesWhen: ['sunny_day'] })])).success,
    ).toBe(false)
    expect(
      AttestationTemplateFileSchema.safeParse(withItems([item('A1', { answer: { type: 'acknowledgement' } })])).success,
    ).toBe(false)
    // Ids are form field names: no dots or underscores.
    expect(AttestationTemplateFileSchema.safeParse(withItems([item('A.1')])).success).toBe(false)
    expect(AttestationTemplateFileSchema.safeParse(withItems([item('A_1')])).success).toBe(false)
    // Unknown fields are typos, not silently ignored.
    expect(
      AttestationTemplateFileSchema.safeParse(withItems([item('A1', { blocksSelfCertifcation: true })])).success,
    ).toBe(false)
  })

  test('versions compare numerically', () => {
    expect(['2027.1', '2026.10', '2026.2', '2026.1'].sort(compareTemplateVersions)).toEqual([
      '2026.1',
      '2026.2',
      '2026.10',
      '2027.1',
    ])
  })
})
