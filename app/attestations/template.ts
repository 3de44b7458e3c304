import { z } from 'zod'

// The shape of an attestation template file (templates/attestations/*.json): the questions a
// vendor answers, as versioned data (product.md §4). Client-safe: the form renders from the
// parsed content and validates with the same types in the browser and on the server.
//
// Published files never change (templates/attestations/README.md), so this schema may only gain
// optional fields: every published version must keep validating.

/** Longest text a person may type in one answer or explanation. */
export const MAX_ANSWER_TEXT_LENGTH = 4000

export const LocalizedTextSchema = z.strictObject({
  en: z.string().trim().min(1),
  es: z.string().trim().min(1),
})
export type LocalizedText = z.output<typeof LocalizedTextSchema>

/**
 * Facts about the contracts an attestation covers that decide whether a section or item applies
 * (app/attestations/applicability.ts evaluates them). A closed set: a template naming anything
 * else does not load.
 */
export const CONDITION_NAMES = [
  // FAR 52.222-50(h)(1), or the agency's high-risk industry policy, for at least one contract.
  'compliance_plan_required',
  // No contract requires a plan (the certification then refers to policies, not to a plan).
  'compliance_plan_not_required',
  'provides_housing',
  'domestic_work',
  'has_subcontracts',
  'outside_us',
  'uses_labor_recruiters',
  'employs_non_us_nationals',
] as const
export const ConditionNameSchema = z.enum(CONDITION_NAMES)
export type ConditionName = z.output<typeof ConditionNameSchema>

/**
 * FAR 52.222-50(h)(3)(i)–(v), the minimum elements of a compliance plan, and (h)(4), posting its
 * relevant contents: the same ids documents use to map pages of an uploaded plan (Document.planElements).
 */
export const PLAN_ELEMENTS = ['i', 'ii', 'iii', 'iv', 'v', 'h4'] as const
export type PlanElement = (typeof PLAN_ELEMENTS)[number]

/** Why an answer sends the attestation to agency review (see answers.ts needsAgencyReview). */
export const REVIEW_CODES = ['negative_answer', 'missing_plan_element', 'remedial_actions'] as const
export type ReviewCode = (typeof REVIEW_CODES)[number]

/** Places in the portal an informational item can link to; the UI maps each to a route. */
export const INFO_LINKS = ['training_tracker', 'documents', 'subcontracts'] as const

// Item ids double as HTML form field names (answers.ts): a capital letter first, then letters,
// digits and single hyphens — no dots (react-hook-form reads them as paths) and no underscores
// (`<id>__explanation` is the explanation field).
const ItemIdSchema = z.string().regex(/^[A-Z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/)

const ChoiceOptionSchema = z.strictObject({
  value: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: LocalizedTextSchema,
  /** A "negative" alternative: needs an explanation and/or review, as the item says. */
  negative: z.boolean().optional(),
})

export const AnswerSpecSchema = z.discriminatedUnion('type', [
  // "yes" is always the compliant answer: items are phrased as affirmations.
  z.strictObject({ type: z.literal('yes_no') }),
  z.strictObject({ type: z.literal('choice'), options: z.array(ChoiceOptionSchema).min(2) }),
  z.strictObject({
    type: z.literal('text'),
    maxLength: z.number().int().min(1).max(MAX_ANSWER_TEXT_LENGTH).optional(),
    multiline: z.boolean().optional(),
  }),
  // Informational: the UI shows the subcontract tree; nothing is typed or stored.
  z.strictObject({ type: z.literal('subcontractor_list') }),
  // An explicit checkbox that must be ticked (the penalty-of-perjury statement).
  z.strictObject({ type: z.literal('acknowledgement') }),
  // Informational text, optionally with a link to another part of the portal; no answer.
  z.strictObject({ type: z.literal('info'), link: z.enum(INFO_LINKS).optional() }),
])
export type AnswerSpec = z.output<typeof AnswerSpecSchema>
export type AnswerType = AnswerSpec['type']

export const TemplateItemSchema = z.strictObject({
  id: ItemIdSchema,
  text: LocalizedTextSchema,
  help: LocalizedTextSchema.optional(),
  answer: AnswerSpecSchema,
  /** A "no" (or a negative choice) must come with an explanation. */
  negativeRequiresExplanation: z.boolean(),
  /** A "no" (or a negative choice) blocks self-certification: agency review first (product.md §4). */
  blocksSelfCertification: z.boolean(),
  /** Overrides the review reason; by default missing_plan_element for plan elements, else negative_answer. */
  reviewCode: z.enum(REVIEW_CODES).optional(),
  /** Citation of the rule the item comes from, e.g. "FAR 52.222-50(b)(6)". */
  rule: z.string().trim().min(1),
  /** Every condition listed must hold (in addition to the section's). */
  appliesWhen: z.array(ConditionNameSchema).min(1).optional(),
  /** The compliance-plan element (FAR 52.222-50(h)(3)(i)–(v), or (h)(4)) this item maps to in the uploaded plan. */
  planElement: z.enum(PLAN_ELEMENTS).optional(),
})
export type TemplateItem = z.output<typeof TemplateItemSchema>

export const TemplateSectionSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]$/),
  title: LocalizedTextSchema,
  intro: LocalizedTextSchema.optional(),
  rule: z.string().trim().min(1),
  appliesWhen: z.array(ConditionNameSchema).min(1).optional(),
  /** The step where the authorized official signs (name, title, checkbox): the last one. */
  signing: z.boolean().optional(),
  items: z.array(TemplateItemSchema).min(1),
})
export type TemplateSection = z.output<typeof TemplateSectionSchema>

const ANSWERABLE: ReadonlySet<AnswerType> = new Set(['yes_no', 'choice', 'text', 'acknowledgement'])
const CAN_BE_NEGATIVE: ReadonlySet<AnswerType> = new Set(['yes_no', 'choice'])

/** Whether an item takes an answer (informational items do not). */
export function isAnswerable(item: TemplateItem): boolean {
  return ANSWERABLE.has(item.answer.type)
}

export const AttestationTemplateFileSchema = z
  .strictObject({
    version: z.string().regex(/^\d{4}\.\d+$/),
    title: LocalizedTextSchema,
    publishedAt: z.iso.date(),
    source: z.array(z.string().trim().min(1)).min(1),
    sections: z.array(TemplateSectionSchema).min(1),
  })
  .superRefine((template, ctx) => {
    const sectionIds = new Set<string>()
    const itemIds = new Set<string>()
    template.sections.forEach((section, s) => {
      if (sectionIds.has(section.id)) {
        ctx.addIssue({ code: 'custom', path: ['sections', s, 'id'], message: `Duplicate section id ${section.id}` })
      }
      sectionIds.add(section.id)
      if (section.signing && s !== template.sections.length - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['sections', s, 'signing'],
          message: 'The signing section must be the last one',
        })
      }
      section.items.forEach((item, i) => {
        const path = ['sections', s, 'items', i]
        if (itemIds.has(item.id))
          ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `Duplicate item id ${item.id}` })
        itemIds.add(item.id)
        const flagged = item.negativeRequiresExplanation || item.blocksSelfCertification
        if (flagged && !CAN_BE_NEGATIVE.has(item.answer.type)) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `A ${item.answer.type} item has no negative answer to explain or review`,
          })
        }
        if (item.answer.type === 'choice') {
          const values = item.answer.options.map((o) => o.value)
          if (new Set(values).size !== values.length) {
            ctx.addIssue({ code: 'custom', path: [...path, 'answer'], message: 'Duplicate option value' })
          }
          if (flagged && !item.answer.options.some((o) => o.negative)) {
            ctx.addIssue({ code: 'custom', path: [...path, 'answer'], message: 'No option is marked negative' })
          }
        }
        if (item.reviewCode && !item.blocksSelfCertification) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'reviewCode'],
            message: 'reviewCode needs blocksSelfCertification',
          })
        }
      })
    })
    if (template.sections.filter((s) => s.signing).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'Only one section can be the signing step' })
    }
  })

export type AttestationTemplateContent = z.output<typeof AttestationTemplateFileSchema>

/** Validate stored or loaded template JSON (e.g. AttestationTemplate.content from the database). */
export function parseTemplateContent(json: unknown): AttestationTemplateContent {
  return AttestationTemplateFileSchema.parse(json)
}

/** Every item of the template in order, with the section it belongs to. */
export function itemsOf(template: AttestationTemplateContent): Array<TemplateItem & { sectionId: string }> {
  return template.sections.flatMap((section) => section.items.map((item) => ({ ...item, sectionId: section.id })))
}

export function findItem(template: AttestationTemplateContent, id: string): TemplateItem | undefined {
  for (const section of template.sections) {
    const item = section.items.find((candidate) => candidate.id === id)
    if (item) return item
  }
  return undefined
}

export function findSection(template: AttestationTemplateContent, id: string): TemplateSection | undefined {
  return template.sections.find((section) => section.id === id)
}

/** Compare published versions ("2026.1" < "2026.2" < "2026.10" < "2027.1"). */
export function compareTemplateVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}
