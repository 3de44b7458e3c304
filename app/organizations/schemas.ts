import { z } from 'zod'
import { EmailSchema } from '~/auth/schemas'

export const ROLES = ['owner', 'admin', 'member', 'signer', 'reviewer', 'agency_admin', 'platform_admin'] as const

export const InviteMemberSchema = z.object({
  intent: z.literal('invite'),
  email: EmailSchema,
  role: z.enum(ROLES, { error: 'errors.required' }),
})
