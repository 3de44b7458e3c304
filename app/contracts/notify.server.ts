import { appUrl } from '~/auth/auth.server'
import { sendEmail } from '~/email/email.server'
import type { Lang } from '~/i18n/i18n'
import { CONTRACT_INVITATION_DAYS } from './contracts.server'

/** Email the prime vendor's contact a link to take the contract on the portal. */
export async function sendContractInvitation(args: {
  to: string
  token: string
  agencyName: string
  contractNumber: string
  contractTitle: string
  inviterName: string
  language: Lang
}) {
  try {
    await sendEmail(
      'contractInvitation',
      {
        agencyName: args.agencyName,
        contractNumber: args.contractNumber,
        contractTitle: args.contractTitle,
        inviterName: args.inviterName,
        acceptUrl: appUrl(`/contract-invitations/${encodeURIComponent(args.token)}`),
        expiresInDays: CONTRACT_INVITATION_DAYS,
      },
      { to: args.to, language: args.language },
    )
  } catch (error) {
    // The contract stands; the agency can see the pending invitation and send it again.
    console.error('Could not send the contract invitation:', error instanceof Error ? error.message : error)
  }
}
