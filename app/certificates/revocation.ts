import { z } from 'zod'
import type { RevocationMessageKey } from './revocation-messages'

// The revocation form (product.md §6 "Revocation by the agency, with reason"), shared by the
// browser and the action. Client-safe. Messages are i18n keys (revocation-messages.ts).

/** A reason must say something: "fraud" alone tells the vendor and the public nothing. */
export const MIN_REVOCATION_REASON_LENGTH = 10
/** The reason is shown on the public verification page and in the vendor's email, as written. */
export const MAX_REVOCATION_REASON_LENGTH = 1000

const reasonMessage = (key: RevocationMessageKey) => key

/** The reason as stored: trimmed, inner runs of blank lines kept as typed. */
export const RevocationReasonSchema = z
  .string({ error: reasonMessage('revocation.errors.reasonRequired') })
  .trim()
  .min(1, { error: reasonMessage('revocation.errors.reasonRequired') })
  .min(MIN_REVOCATION_REASON_LENGTH, { error: reasonMessage('revocation.errors.reasonTooShort') })
  .max(MAX_REVOCATION_REASON_LENGTH, { error: reasonMessage('revocation.errors.reasonTooLong') })

export const RevokeCertificateFormSchema = z.object({
  reason: z.preprocess((value) => (typeof value === 'string' ? value : ''), RevocationReasonSchema),
  // An explicit tick: revocation cannot be undone and shows publicly at once.
  confirm: z.preprocess(
    (value) => (value === 'on' || value === true ? 'on' : ''),
    z.literal('on', { error: reasonMessage('revocation.errors.confirmRequired') }),
  ),
})

export type RevokeCertificateForm = z.output<typeof RevokeCertificateFormSchema>
