import { z } from 'zod'
import { normalizeUei, ueiProblem } from '~/organizations/uei'

// One schema per form, shared by the browser (react-hook-form + zodResolver) and the action.
// Messages are i18n keys (app/i18n), translated where they are shown.

const requiredText = (max: number) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, { error: 'errors.required' })
    .max(max, { error: 'errors.tooLong' })

export const EmailSchema = z
  .string({ error: 'errors.required' })
  .trim()
  .min(1, { error: 'errors.required' })
  .max(254, { error: 'errors.tooLong' })
  .pipe(z.email({ error: 'errors.email' }))
  .transform((email) => email.toLowerCase())

// NIST SP 800-63B: length over composition rules; accept long passphrases, cap to bound hashing cost.
export const NewPasswordSchema = z
  .string({ error: 'errors.required' })
  .min(1, { error: 'errors.required' })
  .min(12, { error: 'errors.password.short' })
  .max(128, { error: 'errors.password.long' })

export const UeiSchema = z
  .string({ error: 'errors.required' })
  .transform(normalizeUei)
  .superRefine((uei, ctx) => {
    if (uei === '') {
      ctx.addIssue({ code: 'custom', message: 'errors.required' })
      return
    }
    const problem = ueiProblem(uei)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

export const PersonNameSchema = requiredText(120)

export const SignUpSchema = z.object({
  legalName: requiredText(200),
  uei: UeiSchema,
  name: PersonNameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
})
export type SignUpInput = z.input<typeof SignUpSchema>

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }).max(128, { error: 'errors.password.long' }),
  redirectTo: z.string().max(2000).optional(),
})

export const ForgotPasswordSchema = z.object({ email: EmailSchema })

export const ResetPasswordSchema = z.object({
  token: z.string().min(1).max(200),
  password: NewPasswordSchema,
})

export const ChangePasswordSchema = z.object({
  currentPassword: z.string({ error: 'errors.required' }).min(1, { error: 'errors.required' }).max(128, { error: 'errors.password.long' }),
  newPassword: NewPasswordSchema,
})

export const AcceptInvitationNewUserSchema = z.object({
  name: PersonNameSchema,
  password: NewPasswordSchema,
})
