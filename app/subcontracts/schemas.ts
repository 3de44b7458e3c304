import { z } from 'zod'
import { EmailSchema } from '~/auth/schemas'
import { parseUsdToCents } from '~/contracts/money'
import { normalizeUei, ueiProblem } from '~/organizations/uei'

// One schema for the subcontractor invitation form, in the browser and in the action
// (docs/decisions/004). Messages are i18n keys.

const required = (max: number) =>
  z.preprocess((value) => value ?? '', z.string({ error: 'errors.invalid' }).trim().min(1, { error: 'errors.required' }).max(max, { error: 'errors.tooLong' }))

const optionalText = (max: number) => z.preprocess((value) => value ?? '', z.string({ error: 'errors.invalid' }).trim().max(max, { error: 'errors.tooLong' }))

export const SubcontractInvitationSchema = z.object({
  companyName: required(200),
  // The UEI when the inviter knows it: acceptance is then limited to that organization.
  uei: optionalText(20)
    .transform(normalizeUei)
    .superRefine((uei, ctx) => {
      if (uei === '') return
      const problem = ueiProblem(uei)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  contactName: required(200),
  email: z.preprocess((value) => value ?? '', EmailSchema),
  scope: required(1000),
  value: optionalText(30).transform((value, ctx) => {
    if (value === '') return null
    const cents = parseUsdToCents(value)
    if (cents === undefined) {
      ctx.addIssue({ code: 'custom', message: 'contracts.errors.amount' })
      return null
    }
    return cents
  }),
})
export type SubcontractInvitationInput = z.output<typeof SubcontractInvitationSchema>
