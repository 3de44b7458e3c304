import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  applicableSections,
  itemApplies,
  type Applicability,
  type ContractFacts,
  type Threshold,
} from './applicability'
import {
  answersSchemaFor,
  canonicalAttestationContent,
  canonicalJson,
  formDefaultsFor,
  mergeStepAnswers,
  needsAgencyReview,
  StoredAnswersSchema,
  validateAnswers,
  type Answers,
} from './answers'
import { attestationMessages } from './messages'
import { isAnswerable, itemsOf, parseTemplateContent } from './template'

const template = parseTemplateContent(
  JSON.parse(fs.readFileSync(path.resolve('templates', 'attestations', 'far-52.222-50-2026.1.json'), 'utf8')),
)

const THRESHOLDS: Threshold[] = [
  { agencyId: null, effectiveFrom: '2025-10-01', amountCents: 70_000_000n, source: 'FAC 2025-06' },
]

function facts(overrides: Partial<ContractFacts> = {}): ContractFacts {
  return {
    id: 'c1',
    agencyId: 'agency-1',
    startDate: '2026-02-01',
    estimatedValueCents: 500_000_000n,
    outsideUSValueCents: 0n,
    suppliesOrServicesOutsideUS: false,
    industries: [],
    providesHousing: false,
    usesLaborRecruiters: false,
    employsNonUSNationals: false,
    hasSubcontracts: true,
    ...overrides,
  }
}

const applicabilityFor = (contracts: ContractFacts[]) =>
  applicableSections(template, { contracts, thresholds: THRESHOLDS, highRiskIndustries: [] })

/** A plan is required (outside-US value above the threshold) and housing is provided. */
const withPlan = applicabilityFor([
  facts({ outsideUSValueCents: 90_000_000n, suppliesOrServicesOutsideUS: true, providesHousing: true }),
])
const withoutPlan = applicabilityFor([facts()])

/** Every applicable item answered the compliant way. */
function compliantAnswers(applicability: Applicability): Answers {
  const answers: Answers = {}
  for (const item of itemsOf(template)) {
    if (!isAnswerable(item) || !itemApplies(applicability, item.id)) continue
    if (item.answer.type === 'yes_no') answers[item.id] = { value: 'yes' }
    else if (item.answer.type === 'choice') answers[item.id] = { value: 'no_abuses_found' }
    else if (item.answer.type === 'acknowledgement') answers[item.id] = { value: true }
    else answers[item.id] = { value: 'text' }
  }
  return answers
}

describe('validateAnswers', () => {
  test('compliant answers to every applicable item are complete', () => {
    for (const applicability of [withPlan, withoutPlan]) {
      expect(validateAnswers(template, applicability, compliantAnswers(applicability))).toEqual({
        complete: true,
        errors: {},
        fieldErrors: {},
      })
    }
  })

  test('names each missing item, and only items that apply', () => {
    const result = validateAnswers(template, withoutPlan, {})
    expect(result.complete).toBe(false)
    expect(Object.keys(result.errors)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'A6',
      'A7',
      'A8',
      'A9',
      'B1',
      'B2',
      'B3',
      'D1',
      'D2',
      'E1',
      'F1',
      'F2-no-plan',
    ])
    expect(result.errors.A1).toBe('attestation.errors.answerRequired')
    expect(result.errors['F2-no-plan']).toBe('attestation.errors.acknowledgementRequired')
    // Informational items (subcontractor list, training tracker link) take no answer.
    expect(result.errors.D3).toBeUndefined()
    expect(result.errors.E2).toBeUndefined()

    const answers = compliantAnswers(withPlan)
    delete answers['C-iii']
    delete answers.A4
    expect(validateAnswers(template, withPlan, answers).errors).toEqual({
      A4: 'attestation.errors.answerRequired',
      'C-iii': 'attestation.errors.answerRequired',
    })
  })

  test('one step at a time', () => {
    expect(Object.keys(validateAnswers(template, withPlan, {}, { step: 'C' }).errors)).toEqual([
      'C-i',
      'C-ii',
      'C-ii-us',
      'C-iii',
      'C-iv',
      'C-v',
      'C-posting',
    ])
    expect(validateAnswers(template, withoutPlan, {}, { step: 'C' }).complete).toBe(true)
  })

  test('a negative answer needs an explanation', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      A6: { value: 'no' },
      F1: { value: 'remedial_actions_taken', explanation: '   ' },
    }
    const result = validateAnswers(template, withPlan, answers)
    expect(result.errors).toEqual({
      A6: 'attestation.errors.explanationRequired',
      F1: 'attestation.errors.explanationRequired',
    })
    expect(result.fieldErrors).toEqual({
      A6__explanation: 'attestation.errors.explanationRequired',
      F1__explanation: 'attestation.errors.explanationRequired',
    })
    const explained = {
      ...answers,
      A6: { value: 'no', explanation: 'A labor broker charged visa fees; we are repaying them.' },
      F1: { value: 'remedial_actions_taken', explanation: 'Referred to the IG.' },
    }
    expect(validateAnswers(template, withPlan, explained).complete).toBe(true)
  })

  test('text over 4,000 characters is too long; unknown values are invalid', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      B1: { value: 'no', explanation: 'x'.repeat(4001) },
      F1: { value: 'maybe' },
    }
    expect(validateAnswers(template, withPlan, answers).errors).toEqual({ B1: 'errors.tooLong', F1: 'errors.invalid' })
    expect(
      validateAnswers(template, withPlan, {
        ...answers,
        B1: { value: 'no', explanation: 'x'.repeat(4000) },
        F1: { value: 'no_abuses_found' },
      }).complete,
    ).toBe(true)
  })

  test('every error key is in the attestation catalogue or the shared errors', () => {
    const result = validateAnswers(template, withPlan, { A1: { value: 'no' } })
    for (const key of Object.values(result.errors)) {
      expect(key in attestationMessages.en || key.startsWith('errors.'), key).toBe(true)
    }
  })
})

describe('needsAgencyReview', () => {
  test('not needed when every answer is compliant', () => {
    expect(needsAgencyReview(template, withPlan, compliantAnswers(withPlan))).toEqual({ required: false, reasons: [] })
  })

  test('a negative answer in A sends the attestation to review', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      A4: { value: 'no', explanation: 'A supervisor held passports; stopped.' },
    }
    expect(needsAgencyReview(template, withPlan, answers)).toEqual({
      required: true,
      reasons: [{ itemId: 'A4', code: 'negative_answer' }],
    })
  })

  test('posting not done ((h)(4)) sends it to review as a negative answer', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      'C-posting': { value: 'no', explanation: 'Website update pending.' },
    }
    expect(needsAgencyReview(template, withPlan, answers).reasons).toEqual([
      { itemId: 'C-posting', code: 'negative_answer', planElement: 'h4' },
    ])
  })

  test('a missing required compliance-plan element sends it to review', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      'C-iv': { value: 'no', explanation: 'Housing plan in preparation.' },
    }
    expect(needsAgencyReview(template, withPlan, answers)).toEqual({
      required: true,
      reasons: [{ itemId: 'C-iv', code: 'missing_plan_element', planElement: 'iv' }],
    })
  })

  test('remedial actions send it to review; negative answers outside A and C do not block', () => {
    const answers = {
      ...compliantAnswers(withPlan),
      B1: { value: 'no', explanation: 'Notices being translated.' },
      E1: { value: 'no', explanation: '12 new hires trained next week.' },
      'C-ii-us': { value: 'no', explanation: 'Adding the national hotline.' },
      F1: { value: 'remedial_actions_taken', explanation: 'Fees repaid; referred.' },
    }
    expect(needsAgencyReview(template, withPlan, answers)).toEqual({
      required: true,
      reasons: [{ itemId: 'F1', code: 'remedial_actions' }],
    })
  })

  test('answers to items that do not apply are ignored', () => {
    const answers = { ...compliantAnswers(withoutPlan), 'C-i': { value: 'no', explanation: 'no plan' } }
    expect(needsAgencyReview(template, withoutPlan, answers).required).toBe(false)
  })
})

describe('answersSchemaFor (one step of the form, flat field names)', () => {
  test('parses form values into normalized answers', () => {
    const schema = answersSchemaFor(template, withPlan, 'A')
    const values: Record<string, string> = {}
    for (let i = 1; i <= 9; i++) values[`A${i}`] = 'yes'
    values.A6 = 'no'
    values.A6__explanation = '  Deposits were deducted; repaid in full.  '
    values.A1__explanation = 'stale text from an earlier No'
    values.intent = 'continue'
    const result = schema.safeParse(values)
    expect(result.success && result.data).toEqual({
      answers: {
        A1: { value: 'yes' },
        A2: { value: 'yes' },
        A3: { value: 'yes' },
        A4: { value: 'yes' },
        A5: { value: 'yes' },
        A6: { value: 'no', explanation: 'Deposits were deducted; repaid in full.' },
        A7: { value: 'yes' },
        A8: { value: 'yes' },
        A9: { value: 'yes' },
      },
    })
  })

  test('reports each problem on its field', () => {
    const result = answersSchemaFor(template, withPlan, 'F').safeParse({
      F1: 'remedial_actions_taken',
      signerTitle: 'x'.repeat(121),
    })
    expect(result.success).toBe(false)
    const issues = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
    )
    expect(issues).toEqual({
      F1__explanation: 'attestation.errors.explanationRequired',
      F2: 'attestation.errors.acknowledgementRequired',
      signerName: 'errors.required',
      signerTitle: 'errors.tooLong',
    })
  })

  test('the signing step reads the checkbox and the signer', () => {
    const result = answersSchemaFor(template, withPlan, 'F').safeParse({
      F1: 'no_abuses_found',
      F2: 'on',
      signerName: ' Rosa Delgado ',
      signerTitle: 'Owner',
    })
    expect(result.success && result.data).toEqual({
      answers: { F1: { value: 'no_abuses_found' }, F2: { value: true } },
      signer: { name: 'Rosa Delgado', title: 'Owner' },
    })
  })

  test('a draft may be incomplete but not invalid', () => {
    const draft = answersSchemaFor(template, withPlan, 'B', { mode: 'draft' })
    expect(draft.safeParse({ B1: 'no', B2: '' }).success).toBe(true)
    expect(draft.safeParse({ B1: 'perhaps' }).success).toBe(false)
    expect(draft.safeParse({ B1: 'no', B1__explanation: 'x'.repeat(4001) }).success).toBe(false)
  })

  test('items that do not apply are not fields of the step', () => {
    const result = answersSchemaFor(template, withoutPlan, 'F').safeParse({
      F1: 'no_abuses_found',
      F2: 'on',
      'F2-no-plan': 'on',
      signerName: 'A',
      signerTitle: 'B',
    })
    expect(result.success && result.data.answers).toEqual({
      F1: { value: 'no_abuses_found' },
      'F2-no-plan': { value: true },
    })
  })

  test('merging a step replaces that step only; defaults round-trip', () => {
    const stored = { A1: { value: 'yes' }, B1: { value: 'no', explanation: 'old' } }
    const merged = mergeStepAnswers(template, 'B', stored, { B2: { value: 'yes' } })
    expect(merged).toEqual({ A1: { value: 'yes' }, B2: { value: 'yes' } })
    expect(StoredAnswersSchema.parse(merged)).toEqual(merged)
    const defaults = formDefaultsFor(
      template,
      withPlan,
      'F',
      { F1: { value: 'no_abuses_found' }, F2: { value: true } },
      { name: 'Rosa' },
    )
    expect(defaults).toEqual({
      F1: 'no_abuses_found',
      F1__explanation: '',
      F2: true,
      F2__explanation: '',
      signerName: 'Rosa',
      signerTitle: '',
    })
  })
})

describe('canonical content', () => {
  test('canonicalJson sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":null,"z":true}]},"b":1}',
    )
    expect(canonicalJson({ n: 5n, d: new Date('2026-01-15T00:00:00Z') })).toBe(
      '{"d":"2026-01-15T00:00:00.000Z","n":"5"}',
    )
  })

  const input = {
    template,
    applicability: withoutPlan,
    organization: { id: 'org-1', legalName: 'Sunrise Janitorial Services LLC', uei: 'DEMSUNR1SE26' },
    contracts: [
      { id: 'c2', number: 'PCTA-2', agencyId: 'agency-1' },
      { id: 'c1', number: 'PCTA-1', agencyId: 'agency-1' },
    ],
    answers: compliantAnswers(withoutPlan),
    signer: { name: 'Rosa Delgado', title: 'Owner' },
    signedAt: new Date('2026-03-01T17:00:00.000Z'),
  }

  test('is stable under key order and contract order', () => {
    const reversedAnswers = Object.fromEntries(Object.entries(input.answers).reverse())
    const shuffled = {
      signedAt: '2026-03-01T17:00:00.000Z',
      signer: { title: 'Owner', name: 'Rosa Delgado' },
      answers: reversedAnswers,
      contracts: [...input.contracts].reverse().map((c) => ({ agencyId: c.agencyId, number: c.number, id: c.id })),
      organization: { uei: 'DEMSUNR1SE26', legalName: 'Sunrise Janitorial Services LLC', id: 'org-1' },
      applicability: withoutPlan,
      template,
    }
    const canonical = canonicalAttestationContent(input)
    expect(canonicalAttestationContent(shuffled)).toBe(canonical)
    expect(canonical).not.toMatch(/\s"|":\s|,\s"/)
    const parsed: unknown = JSON.parse(canonical)
    expect(parsed).toMatchObject({
      templateVersion: '2026.1',
      contracts: [{ id: 'c1' }, { id: 'c2' }],
      signer: { name: 'Rosa Delgado', title: 'Owner' },
      signedAt: '2026-03-01T17:00:00.000Z',
    })
  })

  test('leaves out items that do not apply and informational items', () => {
    const withStray = {
      ...input,
      answers: {
        ...input.answers,
        'C-i': { value: 'no', explanation: 'stray' },
        D3: { value: 'x' },
        Z9: { value: 'yes' },
      },
    }
    const canonical = canonicalAttestationContent(withStray)
    expect(canonical).toBe(canonicalAttestationContent(input))
    expect(canonical).not.toContain('"C-i"')
    expect(canonical).not.toContain('"D3"')
    expect(canonical).toContain('"F2-no-plan":{"value":true}')
  })

  test('refuses an applicability computed for another template version', () => {
    expect(() =>
      canonicalAttestationContent({ ...input, applicability: { ...withoutPlan, templateVersion: '2027.1' } }),
    ).toThrow(/2027\.1/)
  })
})
