import { z } from 'zod'
import { itemApplies, type Applicability } from './applicability'
import type { attestationMessages } from './messages'
import {
  findSection,
  isAnswerable,
  itemsOf,
  MAX_ANSWER_TEXT_LENGTH,
  type AttestationTemplateContent,
  type PlanElement,
  type ReviewCode,
  type TemplateItem,
  type TemplateSection,
} from './template'

// Answers to an attestation template: completeness, explanations, when agency review is needed,
// the per-step form schema, and the canonical content that is hashed when the official signs.
// Pure and client-safe (the SHA-256 of the canonical content is computed on the server).

/**
 * One stored answer (Attestation.answers is `Record<itemId, Answer>`). Canonical values:
 * yes_no "yes" | "no" (booleans are accepted as yes/no), choice = the option value, text = the
 * text, acknowledgement = true. `explanation` is kept only with a negative answer (or no answer
 * yet, in a draft), so a "No" changed to "Yes" does not leave a stale explanation behind.
 */
export type Answer = { value?: string | boolean; explanation?: string }
export type Answers = Record<string, Answer>

/** Parse Attestation.answers (JSON from the database or a request). */
export const StoredAnswersSchema = z.record(
  z.string(),
  z.object({
    value: z.union([z.string().max(MAX_ANSWER_TEXT_LENGTH), z.boolean()]).optional(),
    explanation: z.string().max(MAX_ANSWER_TEXT_LENGTH).optional(),
  }),
)

type AttestationMessageKey = keyof (typeof attestationMessages)['en']
/** Message keys these checks return: the attestation catalogue's errors plus shared `errors.*` keys. */
export type AttestationErrorKey =
  | Extract<AttestationMessageKey, `attestation.errors.${string}`>
  | 'errors.required'
  | 'errors.tooLong'
  | 'errors.invalid'

// ───────────────────────────── form field names ─────────────────────────────
//
// Flat names that are valid HTML form field names and that react-hook-form does not read as
// paths (no dots, no brackets): item ids are /^[A-Z][A-Za-z0-9-]*$/ (template.ts), so
//   <itemId>               the answer: "yes" | "no", an option value, text, or a checkbox ("on")
//   <itemId>__explanation  the explanation of a negative answer
//   signerName, signerTitle  the authorized official, on the signing step only
// An item id never starts with a lower-case letter, so the signer fields cannot collide.

export const EXPLANATION_SUFFIX = '__explanation'
export const SIGNER_NAME_FIELD = 'signerName'
export const SIGNER_TITLE_FIELD = 'signerTitle'
export const MAX_SIGNER_FIELD_LENGTH = 120

export const valueFieldName = (itemId: string) => itemId
export const explanationFieldName = (itemId: string) => `${itemId}${EXPLANATION_SUFFIX}`

// ───────────────────────────── reading one answer ─────────────────────────────

type ReadValue =
  { kind: 'empty' } | { kind: 'invalid' } | { kind: 'ok'; value: string | true; negative: boolean; tooLong?: boolean }

const isBlank = (raw: unknown) => raw === undefined || raw === null || raw === '' || raw === false

function readValue(item: TemplateItem, raw: unknown): ReadValue {
  const spec = item.answer
  switch (spec.type) {
    case 'yes_no':
      if (raw === true || raw === 'yes') return { kind: 'ok', value: 'yes', negative: false }
      if (raw === false || raw === 'no') return { kind: 'ok', value: 'no', negative: true }
      return raw === undefined || raw === null || raw === '' ? { kind: 'empty' } : { kind: 'invalid' }
    case 'choice': {
      if (isBlank(raw)) return { kind: 'empty' }
      const option = spec.options.find((candidate) => candidate.value === raw)
      return option ? { kind: 'ok', value: option.value, negative: option.negative === true } : { kind: 'invalid' }
    }
    case 'text': {
      if (isBlank(raw)) return { kind: 'empty' }
      if (typeof raw !== 'string') return { kind: 'invalid' }
      const text = raw.trim()
      if (text === '') return { kind: 'empty' }
      return {
        kind: 'ok',
        value: text,
        negative: false,
        tooLong: text.length > (spec.maxLength ?? MAX_ANSWER_TEXT_LENGTH),
      }
    }
    case 'acknowledgement':
      // An HTML checkbox sends "on" (or its value attribute); react-hook-form gives a boolean.
      if (raw === true || raw === 'on' || raw === 'true' || raw === 'yes')
        return { kind: 'ok', value: true, negative: false }
      return isBlank(raw) || raw === 'false' ? { kind: 'empty' } : { kind: 'invalid' }
    case 'subcontractor_list':
    case 'info':
      return { kind: 'empty' }
  }
}

const readText = (raw: unknown) => (typeof raw === 'string' ? raw.trim() : '')

type Mode = 'complete' | 'draft'
type Problem = { field: 'value' | 'explanation'; message: AttestationErrorKey }

/**
 * What is wrong with one answer. A draft only refuses what could never be stored (unknown
 * values, over-long text); a complete answer also needs a value and, when negative, an explanation.
 */
function problemsOf(item: TemplateItem, rawValue: unknown, rawExplanation: unknown, mode: Mode): Problem[] {
  const problems: Problem[] = []
  const read = readValue(item, rawValue)
  if (read.kind === 'invalid') problems.push({ field: 'value', message: 'errors.invalid' })
  else if (read.kind === 'empty' && mode === 'complete') {
    problems.push({
      field: 'value',
      message:
        item.answer.type === 'acknowledgement'
          ? 'attestation.errors.acknowledgementRequired'
          : 'attestation.errors.answerRequired',
    })
  } else if (read.kind === 'ok' && read.tooLong) problems.push({ field: 'value', message: 'errors.tooLong' })

  const explanation = readText(rawExplanation)
  if (explanation.length > MAX_ANSWER_TEXT_LENGTH) problems.push({ field: 'explanation', message: 'errors.tooLong' })
  else if (
    mode === 'complete' &&
    read.kind === 'ok' &&
    read.negative &&
    item.negativeRequiresExplanation &&
    explanation === ''
  ) {
    problems.push({ field: 'explanation', message: 'attestation.errors.explanationRequired' })
  }
  return problems
}

/** The stored form of one answer, or undefined when there is nothing to store. */
function normalizeAnswer(item: TemplateItem, rawValue: unknown, rawExplanation: unknown): Answer | undefined {
  const read = readValue(item, rawValue)
  const explanation = readText(rawExplanation).slice(0, MAX_ANSWER_TEXT_LENGTH)
  const answer: Answer = {}
  if (read.kind === 'ok') answer.value = read.value
  // Explanations belong to negative answers; kept while unanswered so a draft loses no typing.
  const keepExplanation = read.kind !== 'ok' || read.negative
  if (explanation !== '' && keepExplanation && item.answer.type !== 'acknowledgement') answer.explanation = explanation
  return answer.value === undefined && answer.explanation === undefined ? undefined : answer
}

function assertSameTemplate(template: AttestationTemplateContent, applicability: Applicability) {
  if (template.version !== applicability.templateVersion) {
    throw new Error(`Applicability was computed for template ${applicability.templateVersion}, not ${template.version}`)
  }
}

function answerableApplicableItems(items: readonly TemplateItem[], applicability: Applicability): TemplateItem[] {
  return items.filter((item) => isAnswerable(item) && itemApplies(applicability, item.id))
}

function requireSection(template: AttestationTemplateContent, sectionId: string): TemplateSection {
  const section = findSection(template, sectionId)
  if (!section) throw new Error(`Template ${template.version} has no section ${sectionId}`)
  return section
}

// ───────────────────────────── completeness ─────────────────────────────

export type AnswersValidation = {
  complete: boolean
  /** One message per item that needs attention (the answer's problem first, then the explanation's). */
  errors: Record<string, AttestationErrorKey>
  /** The same problems keyed by form field name (`<itemId>` or `<itemId>__explanation`). */
  fieldErrors: Record<string, AttestationErrorKey>
}

/**
 * Whether the answers are complete for the items that apply (of one step, or of the whole
 * template): every answerable item answered, every negative answer explained where the item
 * requires it, no text longer than 4,000 characters. Items that do not apply are ignored.
 * The signer's name and title are not answers: answersSchemaFor checks them on the signing step.
 */
export function validateAnswers(
  template: AttestationTemplateContent,
  applicability: Applicability,
  answers: Answers,
  options: { step?: string } = {},
): AnswersValidation {
  assertSameTemplate(template, applicability)
  const items = options.step === undefined ? itemsOf(template) : requireSection(template, options.step).items
  const errors: Record<string, AttestationErrorKey> = {}
  const fieldErrors: Record<string, AttestationErrorKey> = {}
  for (const item of answerableApplicableItems(items, applicability)) {
    const answer = answers[item.id]
    for (const problem of problemsOf(item, answer?.value, answer?.explanation, 'complete')) {
      errors[item.id] ??= problem.message
      const field = problem.field === 'value' ? valueFieldName(item.id) : explanationFieldName(item.id)
      fieldErrors[field] ??= problem.message
    }
  }
  return { complete: Object.keys(errors).length === 0, errors, fieldErrors }
}

// ───────────────────────────── agency review ─────────────────────────────

export type ReviewReason = { itemId: string; code: ReviewCode; planElement?: PlanElement }

/**
 * product.md §4: a negative answer in A, or a missing required compliance-plan element in C,
 * blocks self-certification and sends the attestation to agency review with the explanation.
 * Which items do that is data (`blocksSelfCertification` in the template); so does the reason
 * (e.g. FAR 52.222-50(h)(5)(ii)(B): abuses found and remedial actions taken).
 */
export function needsAgencyReview(
  template: AttestationTemplateContent,
  applicability: Applicability,
  answers: Answers,
): { required: boolean; reasons: ReviewReason[] } {
  assertSameTemplate(template, applicability)
  const reasons: ReviewReason[] = []
  for (const item of answerableApplicableItems(itemsOf(template), applicability)) {
    if (!item.blocksSelfCertification) continue
    const read = readValue(item, answers[item.id]?.value)
    if (read.kind !== 'ok' || !read.negative) continue
    const code: ReviewCode = item.reviewCode ?? (item.planElement ? 'missing_plan_element' : 'negative_answer')
    reasons.push(
      item.planElement ? { itemId: item.id, code, planElement: item.planElement } : { itemId: item.id, code },
    )
  }
  return { required: reasons.length > 0, reasons }
}

// ───────────────────────────── one step of the form ─────────────────────────────

export type StepAnswers = {
  /** Normalized answers of the step's applicable items (unanswered items left out). */
  answers: Answers
  /** On the signing step only. In draft mode the strings may be empty. */
  signer?: { name: string; title: string }
}

/**
 * The Zod schema of one step (section) of the form, over flat field values (see the field names
 * above): react-hook-form's zodResolver in the browser, parseForm in the action. Its output is
 * the step's normalized answers, to merge into the stored ones with mergeStepAnswers.
 * `mode: 'draft'` ("Save draft") accepts missing answers and explanations but still refuses
 * unknown values and over-long text; `'complete'` ("Continue", "Submit") requires everything.
 */
export function answersSchemaFor(
  template: AttestationTemplateContent,
  applicability: Applicability,
  sectionId: string,
  options: { mode?: Mode } = {},
): z.ZodType<StepAnswers, Record<string, unknown>> {
  assertSameTemplate(template, applicability)
  const mode = options.mode ?? 'complete'
  const section = requireSection(template, sectionId)
  const items = answerableApplicableItems(section.items, applicability)

  // Every field is read as unknown and checked in one refinement: that refinement then always
  // runs, so all the step's problems are reported at once, each on its own field.
  const shape: Record<string, z.ZodOptional<z.ZodUnknown>> = {}
  for (const item of items) {
    shape[valueFieldName(item.id)] = z.unknown().optional()
    shape[explanationFieldName(item.id)] = z.unknown().optional()
  }
  if (section.signing) {
    shape[SIGNER_NAME_FIELD] = z.unknown().optional()
    shape[SIGNER_TITLE_FIELD] = z.unknown().optional()
  }

  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const item of items) {
        const problems = problemsOf(item, values[valueFieldName(item.id)], values[explanationFieldName(item.id)], mode)
        for (const problem of problems) {
          const field = problem.field === 'value' ? valueFieldName(item.id) : explanationFieldName(item.id)
          ctx.addIssue({ code: 'custom', path: [field], message: problem.message })
        }
      }
      if (section.signing) {
        for (const field of [SIGNER_NAME_FIELD, SIGNER_TITLE_FIELD]) {
          const text = readText(values[field])
          if (text.length > MAX_SIGNER_FIELD_LENGTH)
            ctx.addIssue({ code: 'custom', path: [field], message: 'errors.tooLong' })
          else if (text === '' && mode === 'complete')
            ctx.addIssue({ code: 'custom', path: [field], message: 'errors.required' })
        }
      }
    })
    .transform((values): StepAnswers => {
      const answers: Answers = {}
      for (const item of items) {
        const answer = normalizeAnswer(item, values[valueFieldName(item.id)], values[explanationFieldName(item.id)])
        if (answer) answers[item.id] = answer
      }
      if (!section.signing) return { answers }
      return {
        answers,
        signer: {
          name: readText(values[SIGNER_NAME_FIELD]),
          title: readText(values[SIGNER_TITLE_FIELD]),
        },
      }
    })
}

/**
 * The stored answers after saving one step: the step's items are replaced by what was submitted
 * (an answer left out is removed), the other steps' answers are kept.
 */
export function mergeStepAnswers(
  template: AttestationTemplateContent,
  sectionId: string,
  previous: Answers,
  step: Answers,
): Answers {
  const ids = new Set(requireSection(template, sectionId).items.map((item) => item.id))
  const merged: Answers = {}
  for (const [id, answer] of Object.entries(previous)) if (!ids.has(id)) merged[id] = answer
  for (const [id, answer] of Object.entries(step)) if (ids.has(id)) merged[id] = answer
  return merged
}

/**
 * Default values for one step's form fields (react-hook-form `defaultValues`, or `defaultValue`
 * / `defaultChecked` without JavaScript): strings, except acknowledgements, which are booleans.
 */
export function formDefaultsFor(
  template: AttestationTemplateContent,
  applicability: Applicability,
  sectionId: string,
  answers: Answers,
  signer?: { name?: string | null; title?: string | null },
): Record<string, string | boolean> {
  assertSameTemplate(template, applicability)
  const section = requireSection(template, sectionId)
  const defaults: Record<string, string | boolean> = {}
  for (const item of answerableApplicableItems(section.items, applicability)) {
    const answer = answers[item.id]
    const read = readValue(item, answer?.value)
    if (item.answer.type === 'acknowledgement') defaults[valueFieldName(item.id)] = read.kind === 'ok'
    else defaults[valueFieldName(item.id)] = read.kind === 'ok' && typeof read.value === 'string' ? read.value : ''
    defaults[explanationFieldName(item.id)] = answer?.explanation ?? ''
  }
  if (section.signing) {
    defaults[SIGNER_NAME_FIELD] = signer?.name ?? ''
    defaults[SIGNER_TITLE_FIELD] = signer?.title ?? ''
  }
  return defaults
}

// ───────────────────────────── canonical content ─────────────────────────────

/**
 * Deterministic JSON: object keys sorted (UTF-16 code unit order) at every depth, no whitespace,
 * undefined members left out (as JSON.stringify does; in arrays they become null). Dates become
 * ISO strings and BigInts decimal strings, so the same content always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString())
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (value === null || typeof value !== 'object') {
    // Strings, booleans, numbers (non-finite ones become null, as in JSON); functions and
    // symbols have no JSON form (undefined here, left out by the callers below).
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) {
    return `[${value.map((element) => (element === undefined ? 'null' : canonicalJson(element))).join(',')}]`
  }
  const entries = Object.entries(value)
    .filter(([, member]) => member !== undefined && typeof member !== 'function' && typeof member !== 'symbol')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`
}

export type CanonicalAttestationInput = {
  template: AttestationTemplateContent
  applicability: Applicability
  organization: { id: string; legalName: string; uei: string | null }
  contracts: ReadonlyArray<{ id: string; number: string; agencyId: string }>
  answers: Answers
  signer: { name: string; title: string }
  signedAt: Date | string
}

/**
 * The canonical content of a submitted attestation: what the official certified, frozen in
 * Attestation.canonicalContent and hashed (SHA-256, on the server) into contentSha256. Only the
 * answers of items that apply, normalized; contracts sorted by id, so neither the order of keys
 * nor the order in which contracts were picked changes the bytes.
 */
export function canonicalAttestationContent(input: CanonicalAttestationInput): string {
  const { template, applicability } = input
  assertSameTemplate(template, applicability)
  const answers: Answers = {}
  for (const item of answerableApplicableItems(itemsOf(template), applicability)) {
    const raw = input.answers[item.id]
    const answer = normalizeAnswer(item, raw?.value, raw?.explanation)
    if (answer) answers[item.id] = answer
  }
  const signedAt = typeof input.signedAt === 'string' ? new Date(input.signedAt) : input.signedAt
  if (Number.isNaN(signedAt.getTime())) throw new Error(`Not a date: ${String(input.signedAt)}`)
  return canonicalJson({
    templateVersion: template.version,
    organization: { id: input.organization.id, legalName: input.organization.legalName, uei: input.organization.uei },
    contracts: [...input.contracts]
      .map((contract) => ({ id: contract.id, number: contract.number, agencyId: contract.agencyId }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    answers,
    signer: { name: input.signer.name.trim(), title: input.signer.title.trim() },
    signedAt: signedAt.toISOString(),
  })
}
