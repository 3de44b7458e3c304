import { z } from 'zod'

// Document forms and values shared by the browser and the server (no server-only imports here).

export const DOCUMENT_KINDS = ['compliance_plan', 'policy', 'training_material', 'evidence', 'other'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value)
}

/** The media types the portal accepts, as detected from a file's content (app/documents/sniff.ts). */
export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const
export type DocumentMediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES]

const WRITTEN_DOCUMENT_TYPES = [MEDIA_TYPES.pdf, MEDIA_TYPES.docx] as const
const ANY_DOCUMENT_TYPE = [...WRITTEN_DOCUMENT_TYPES, MEDIA_TYPES.png, MEDIA_TYPES.jpeg] as const

/** A plan, policy or course is a written document; evidence may also be a photo (a posted notice, a sign-in sheet). */
export const ALLOWED_MEDIA_TYPES: Record<DocumentKind, readonly DocumentMediaType[]> = {
  compliance_plan: WRITTEN_DOCUMENT_TYPES,
  policy: WRITTEN_DOCUMENT_TYPES,
  training_material: WRITTEN_DOCUMENT_TYPES,
  evidence: ANY_DOCUMENT_TYPE,
  other: ANY_DOCUMENT_TYPE,
}

/** What a kind accepts; an unknown kind gets the widest set (the form's own check rejects it anyway). */
export function allowedMediaTypesFor(kind: unknown): readonly DocumentMediaType[] {
  return isDocumentKind(kind) ? ALLOWED_MEDIA_TYPES[kind] : ANY_DOCUMENT_TYPE
}

/** True when only written documents (PDF, Word) are accepted, to pick the right message. */
export function acceptsImages(kind: unknown): boolean {
  return allowedMediaTypesFor(kind).includes(MEDIA_TYPES.png)
}

const EXTENSIONS: Record<DocumentMediaType, string> = {
  [MEDIA_TYPES.pdf]: '.pdf',
  [MEDIA_TYPES.docx]: '.docx',
  [MEDIA_TYPES.png]: '.png',
  [MEDIA_TYPES.jpeg]: '.jpg,.jpeg',
}

/** The file input's `accept`: only a hint to the browser's picker; the server checks the content. */
export function acceptAttribute(kind: unknown): string {
  return allowedMediaTypesFor(kind)
    .flatMap((type) => [EXTENSIONS[type], type])
    .join(',')
}

// ───────────────────────────── Compliance plan elements ─────────────────────────────

/** FAR 52.222-50(h)(3)(i)–(v) minimum elements of a compliance plan, and (h)(4) posting. */
export const PLAN_ELEMENTS = ['i', 'ii', 'iii', 'iv', 'v', 'h4'] as const
export type PlanElementId = (typeof PLAN_ELEMENTS)[number]

/** How the regulation cites each element; the same in every language. */
export const PLAN_ELEMENT_CITATIONS: Record<PlanElementId, string> = {
  i: '(h)(3)(i)',
  ii: '(h)(3)(ii)',
  iii: '(h)(3)(iii)',
  iv: '(h)(3)(iv)',
  v: '(h)(3)(v)',
  h4: '(h)(4)',
}

const PAGE = String.raw`\d{1,5}`
const PAGE_RANGE = String.raw`${PAGE}(?:\s*[-–]\s*${PAGE})?`
const PAGE_REFERENCES = new RegExp(String.raw`^${PAGE_RANGE}(?:\s*,\s*${PAGE_RANGE})*$`)

/** "4-6, 9" → [[4, 6], [9, 9]]; null when it is not a list of pages and ascending ranges. */
export function parsePageReferences(text: string): Array<[number, number]> | null {
  const trimmed = text.trim()
  if (!PAGE_REFERENCES.test(trimmed)) return null
  const ranges: Array<[number, number]> = []
  for (const part of trimmed.split(',')) {
    const [first, last = first] = part.split(/[-–]/).map((page) => Number(page.trim()))
    if (first === undefined || last === undefined || first < 1 || last < first) return null
    ranges.push([first, last])
  }
  return ranges
}

/** The pages as stored and shown: "4-6, 9" whatever the spacing or dash the person typed. */
export function normalizePageReferences(text: string): string {
  const ranges = parsePageReferences(text)
  if (!ranges) return text.trim()
  return ranges.map(([first, last]) => (first === last ? String(first) : `${first}-${last}`)).join(', ')
}

export const PageReferencesSchema = z
  .string({ error: 'documents.errors.pagesRequired' })
  .trim()
  .min(1, { error: 'documents.errors.pagesRequired' })
  .max(100, { error: 'documents.errors.pagesTooLong' })
  .refine((text) => parsePageReferences(text) !== null, { error: 'documents.errors.pages' })
  .transform(normalizePageReferences)

export const PlanElementSchema = z.object({
  element: z.enum(PLAN_ELEMENTS),
  pages: PageReferencesSchema,
})
export type PlanElement = z.output<typeof PlanElementSchema>

/** What Document.planElements holds: each element at most once. */
export const PlanElementsSchema = z
  .array(PlanElementSchema)
  .max(PLAN_ELEMENTS.length)
  .refine((elements) => new Set(elements.map((e) => e.element)).size === elements.length, {
    error: 'documents.errors.planElementTwice',
  })

// ───────────────────────────── Upload form ─────────────────────────────

// A checkbox arrives as "on" in a form post and as true/false from react-hook-form.
const Checkbox = z
  .union([z.literal('on'), z.boolean()])
  .optional()
  .transform((value) => value === 'on' || value === true)
const PagesInput = z.string().max(1000, { error: 'documents.errors.pagesTooLong' }).optional()
const OptionalId = z
  .string()
  .trim()
  .max(64, { error: 'errors.invalid' })
  .optional()
  .transform((value) => (value ? value : undefined))

/**
 * The text fields of the upload form (the file itself is checked by the server as it streams in).
 * Plan elements are flat `element_<id>` checkboxes with `pages_<id>` inputs; they count only for
 * compliance plans. Field names have no dots: react-hook-form would read them as nested paths.
 */
export const UploadDocumentSchema = z
  .object({
    intent: z.literal('upload'),
    kind: z.enum(DOCUMENT_KINDS, { error: 'documents.errors.kind' }),
    contractId: OptionalId,
    seriesId: OptionalId,
    element_i: Checkbox,
    pages_i: PagesInput,
    element_ii: Checkbox,
    pages_ii: PagesInput,
    element_iii: Checkbox,
    pages_iii: PagesInput,
    element_iv: Checkbox,
    pages_iv: PagesInput,
    element_v: Checkbox,
    pages_v: PagesInput,
    element_h4: Checkbox,
    pages_h4: PagesInput,
  })
  .transform((form, ctx) => {
    const planElements: PlanElement[] = []
    if (form.kind === 'compliance_plan') {
      const checked: Record<PlanElementId, [boolean, string | undefined]> = {
        i: [form.element_i, form.pages_i],
        ii: [form.element_ii, form.pages_ii],
        iii: [form.element_iii, form.pages_iii],
        iv: [form.element_iv, form.pages_iv],
        v: [form.element_v, form.pages_v],
        h4: [form.element_h4, form.pages_h4],
      }
      for (const element of PLAN_ELEMENTS) {
        const [covered, pages] = checked[element]
        if (!covered) continue
        const parsed = PageReferencesSchema.safeParse(pages ?? '')
        if (parsed.success) planElements.push({ element, pages: parsed.data })
        else for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [`pages_${element}`], message: issue.message })
      }
    }
    return { kind: form.kind, contractId: form.contractId, seriesId: form.seriesId, planElements }
  })
export type UploadDocumentInput = z.output<typeof UploadDocumentSchema>
