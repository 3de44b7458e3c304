import { z } from 'zod'

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const
export const OUTBOX_KINDS = ['certificateExpiry', 'trainingRefresher', 'draftReminder', 'agencyDigest'] as const

const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional())
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((value) => !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime()))

/** The outbox page's filters (query string); anything malformed is ignored, as if not given. */
export const OutboxFiltersSchema = z.object({
  status: optionalText(z.enum(OUTBOX_STATUSES)).catch(undefined),
  kind: optionalText(z.string().trim().max(100)).catch(undefined),
  from: optionalText(day).catch(undefined),
  to: optionalText(day).catch(undefined),
})
export type OutboxFilters = z.infer<typeof OutboxFiltersSchema>

export function parseOutboxFilters(params: URLSearchParams): OutboxFilters {
  return OutboxFiltersSchema.parse(Object.fromEntries(params))
}

export const OutboxRetrySchema = z.object({
  intent: z.literal('retry', { error: 'errors.invalid' }),
  messageId: z.preprocess((value) => value ?? '', z.string().trim().min(1, { error: 'errors.required' }).max(100, { error: 'errors.invalid' })),
})
