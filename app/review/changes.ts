import { z } from 'zod'
import { StoredAnswersSchema, type Answer, type Answers } from '~/attestations/answers'
import { itemApplies, type Applicability } from '~/attestations/applicability'
import { isAnswerable, itemsOf, type AttestationTemplateContent } from '~/attestations/template'

// What changed between two submissions of a declaration, so the reviewer of a resubmission
// sees at once which answers the vendor revised (product.md §9, "request changes"). Pure.
//
// Where the previous answers come from:
// - a revision (Attestation.supersedesId): the superseded attestation's canonicalContent, the
//   frozen content its official signed;
// - an in-place resubmission after "changes requested": the vendor edits the same row and
//   submitAttestation overwrites its canonicalContent, so the answers as reviewed would be lost.
//   decideReview keeps them in the `attestation.changes_requested` audit event (data.answersAtReview):
//   the tamper-evident record of what the decision was made on, with contentSha256.
//   Not in AttestationReview.itemComments (under a reserved key), as first planned: that column
//   is read as `{ itemId: comment }` by the vendor's pages, which would drop or show the snapshot;
//   and not a new column, to keep this change free of a migration.

/** The key of the decision audit event's data that holds the answers as reviewed. */
export const ANSWERS_AT_REVIEW_KEY = 'answersAtReview'

function objectEntries(json: unknown): Array<[string, unknown]> {
  return json && typeof json === 'object' && !Array.isArray(json) ? Object.entries(json) : []
}

/** The reviewer's comments by item id, from AttestationReview.itemComments (anything but strings left out). */
export function reviewItemComments(json: unknown): Record<string, string> {
  const comments: Record<string, string> = {}
  for (const [key, value] of objectEntries(json)) {
    if (typeof value === 'string') comments[key] = value
  }
  return comments
}

/** The answers kept in a decision audit event's data, if any. */
export function answersAtReview(auditData: unknown): Answers | null {
  const entry = objectEntries(auditData).find(([key]) => key === ANSWERS_AT_REVIEW_KEY)
  if (!entry) return null
  const parsed = StoredAnswersSchema.safeParse(entry[1])
  return parsed.success ? parsed.data : null
}

const CanonicalContentSchema = z.object({ answers: StoredAnswersSchema })

/** The answers inside Attestation.canonicalContent (what the official signed), or null. */
export function canonicalAnswers(canonicalContent: string | null | undefined): Answers | null {
  if (!canonicalContent) return null
  let json: unknown
  try {
    json = JSON.parse(canonicalContent)
  } catch {
    return null
  }
  const parsed = CanonicalContentSchema.safeParse(json)
  return parsed.success ? parsed.data.answers : null
}

function sameAnswer(a: Answer | undefined, b: Answer | undefined): boolean {
  // Canonical values: "yes"/"no", an option value, text, or true for an acknowledgement.
  const value = (answer: Answer | undefined) => (answer?.value === undefined ? '' : String(answer.value))
  return value(a) === value(b) && (a?.explanation ?? '') === (b?.explanation ?? '')
}

/**
 * The ids of the answerable items that apply now whose answer or explanation differs between
 * `previous` and `current`, in template order. An item answered now but not before (it did not
 * apply then) counts as changed.
 */
export function changedItemIds(
  template: AttestationTemplateContent,
  applicability: Applicability,
  previous: Answers,
  current: Answers,
): string[] {
  return itemsOf(template)
    .filter((item) => isAnswerable(item) && itemApplies(applicability, item.id))
    .filter((item) => !sameAnswer(previous[item.id], current[item.id]))
    .map((item) => item.id)
}
