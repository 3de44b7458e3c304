import { z } from 'zod'
import { RISK_TIERS, type RiskTier } from '~/risk/risk'

// The agency's review forms (product.md §9): the queue's filters (a GET form) and the decision on
// one attestation. Client-safe. Messages are i18n keys (app/review/messages.ts, shared `errors.*`).

/** Longest reason or per-item comment a reviewer may write; it goes to the vendor as typed. */
export const MAX_REVIEW_TEXT_LENGTH = 2000

/** `comment__<itemId>`: item ids start with a capital letter and never contain "__" (template.ts). */
export const COMMENT_FIELD_PREFIX = 'comment__'
export const commentFieldName = (itemId: string) => `${COMMENT_FIELD_PREFIX}${itemId}`

export const REVIEW_INTENTS = ['approve', 'request_changes', 'reject'] as const
export type ReviewIntent = (typeof REVIEW_INTENTS)[number]

export const REVIEW_DECISIONS = ['approved', 'changes_requested', 'rejected'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

export const DECISION_OF_INTENT: Record<ReviewIntent, ReviewDecision> = {
  approve: 'approved',
  request_changes: 'changes_requested',
  reject: 'rejected',
}

/**
 * The decision form: `intent` comes from the button pressed (Approve / Request changes / Reject),
 * `reason` is the decision's reason, and each `comment__<itemId>` a comment on one question.
 * Output: the decision, the reason (undefined when empty) and the non-empty comments by item id.
 * Which item ids exist and apply is checked on the server against the template (review.server.ts).
 */
export const ReviewDecisionFormSchema = z
  .looseObject({
    intent: z.enum(REVIEW_INTENTS, { error: 'review.errors.chooseDecision' }),
    reason: z.preprocess(
      (value) => (typeof value === 'string' ? value : ''),
      z.string().trim().max(MAX_REVIEW_TEXT_LENGTH, { error: 'errors.tooLong' }),
    ),
  })
  .superRefine((values, ctx) => {
    let comments = 0
    for (const [name, value] of Object.entries(values)) {
      if (!name.startsWith(COMMENT_FIELD_PREFIX) || typeof value !== 'string') continue
      const comment = value.trim()
      if (comment.length > MAX_REVIEW_TEXT_LENGTH)
        ctx.addIssue({ code: 'custom', path: [name], message: 'errors.tooLong' })
      if (comment !== '') comments += 1
    }
    // A rejection is final for this attestation: the vendor must be told why (shown to them).
    if (values.intent === 'reject' && values.reason === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'review.errors.reasonRequired' })
    }
    // "Request changes" with nothing to change would leave the vendor guessing.
    if (values.intent === 'request_changes' && values.reason === '' && comments === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'review.errors.changesNeedComment' })
    }
  })
  .transform((values) => {
    const itemComments: Record<string, string> = {}
    for (const [name, value] of Object.entries(values)) {
      if (!name.startsWith(COMMENT_FIELD_PREFIX) || typeof value !== 'string') continue
      const comment = value.trim()
      if (comment !== '') itemComments[name.slice(COMMENT_FIELD_PREFIX.length)] = comment
    }
    return {
      decision: DECISION_OF_INTENT[values.intent],
      reason: values.reason === '' ? undefined : values.reason,
      itemComments,
    }
  })

export type ReviewDecisionForm = z.output<typeof ReviewDecisionFormSchema>

function isRiskTier(value: unknown): value is RiskTier {
  return typeof value === 'string' && (RISK_TIERS as readonly string[]).includes(value)
}

/**
 * The queue's filters, read from the URL (a GET form, so it works without JavaScript and the
 * filtered view can be bookmarked). Anything unexpected is ignored rather than an error page.
 */
export function parseQueueFilters(searchParams: URLSearchParams): { tier?: RiskTier; vendor?: string; sort: 'oldest' } {
  const tier = searchParams.get('tier')
  const vendor = (searchParams.get('vendor') ?? '').trim().slice(0, 200)
  return {
    ...(isRiskTier(tier) ? { tier } : {}),
    ...(vendor !== '' ? { vendor } : {}),
    sort: 'oldest',
  }
}
