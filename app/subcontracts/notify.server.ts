import { appUrl } from '~/auth/auth.server'
import { sendEmail } from '~/email/email.server'
import type { Lang } from '~/i18n/i18n'
import { invitationForMail, SUBCONTRACT_INVITATION_DAYS } from './subcontracts.server'

/** Email the subcontractor's contact a link to accept the subcontract (sent again with a new token on resend). */
export async function sendSubcontractInvitation({ invitationId, token, inviterName, language }: { invitationId: string; token: string; inviterName: string; language: Lang }) {
  const invitation = await invitationForMail(invitationId)
  try {
    await sendEmail(
      'subcontractInvitation',
      {
        parentName: invitation.parentOrganization.legalName,
        inviterName,
        companyName: invitation.companyName,
        contactName: invitation.contactName,
        agencyName: invitation.contract.agency.legalName,
        contractNumber: invitation.contract.number,
        contractTitle: invitation.contract.title,
        scope: invitation.scope,
        acceptUrl: appUrl(`/subcontract-invitations/${encodeURIComponent(token)}`),
        expiresInDays: SUBCONTRACT_INVITATION_DAYS,
      },
      { to: invitation.email, language },
    )
  } catch (error) {
    // The invitation stands; the inviter sees it pending and can send it again.
    console.error('Could not send the subcontract invitation:', error instanceof Error ? error.message : error)
  }
}
