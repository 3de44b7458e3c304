import { z } from 'zod'
import { parseUsdToCents } from '~/contracts/money'

const checkbox = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean())
const tiers = z.preprocess(
  (value) => (value === undefined || value === null || value === false || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.enum(['low', 'medium', 'high'], { error: 'errors.invalid' })).max(3),
)
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number({ error: 'errors.required' }).int({ error: 'agency.errors.wholeNumber' }).min(min, { error: 'agency.errors.range' }).max(max, { error: 'agency.errors.range' }),
  )

// Time zones an agency may count reminder days in (product.md §8): the US states and territories.
export const AGENCY_TIME_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Puerto_Rico',
  'Pacific/Guam',
] as const

/** Agency policy (product.md §5, §6, §8): what needs review, how long certificates last, reminders. */
export const AgencyPolicySchema = z.object({
  intent: z.literal('policy'),
  reviewTiers: tiers,
  requirePlanForHighRiskIndustries: checkbox,
  certificateValidityMonths: wholeNumber(1, 36),
  renewalWindowDays: wholeNumber(7, 180),
  trainingCoverageTargetPercent: wholeNumber(0, 100),
  reminderDays: z
    .preprocess((value) => value ?? '', z.string())
    .transform((value, ctx) => {
      const parts = value.split(/[\s,;]+/).filter(Boolean)
      const days = parts.map(Number)
      if (parts.length === 0 || parts.length > 12 || days.some((d) => !Number.isInteger(d) || d < -60 || d > 365)) {
        ctx.addIssue({ code: 'custom', message: 'agency.errors.reminderDays' })
        return []
      }
      return [...new Set(days)].sort((a, b) => b - a)
    }),
  // Optional so a form without it keeps the agency's zone; the policy page always sends it.
  timeZone: z.enum(AGENCY_TIME_ZONES, { error: 'agency.errors.timeZone' }).optional(),
})

// FAR 52.222-50(h)(1): the threshold is dated data; an agency may set its own from a date on.
export const AgencyThresholdSchema = z.object({
  intent: z.literal('threshold'),
  effectiveFrom: z
    .preprocess((value) => value ?? '', z.string())
    .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), { error: 'contracts.errors.date' }),
  amount: z
    .preprocess((value) => value ?? '', z.string().trim())
    .transform((value, ctx) => {
      const cents = parseUsdToCents(value)
      if (cents === undefined) ctx.addIssue({ code: 'custom', message: 'contracts.errors.amount' })
      return cents ?? 0n
    }),
  source: z.preprocess((value) => value ?? '', z.string().trim().min(1, { error: 'errors.required' }).max(200, { error: 'errors.tooLong' })),
})
