import { appUrl } from '~/auth/auth.server'
import { db } from '~/db/db.server'
import { sendEmail } from '~/email/email.server'
import { isLang, type Lang } from '~/i18n/i18n'
import { reviewItemComments } from './changes'

/**
 * The vendor's page of an attestation, where it reads the decision and the comments. Owned by the
 * vendor-side attestation routes; kept in one place so a change there is a one-line change here.
 */
export function vendorAttestationPath(organizationId: string, attestationId: string): string {
  return `/orgs/${encodeURIComponent(organizationId)}/attestations/${encodeURIComponent(attestationId)}`
}

type Recipient = { email: string; language: Lang }

/**
 * After a decision commits: email the vendor's compliance contacts (each in the contact's
 * language) and the official who signed (in the user's language), once per address. A failed
 * send is logged and does not undo or fail the decision: the vendor sees it on the portal anyway.
 */
export async function notifyReviewDecision({
  reviewId,
  agencyId,
}: {
  reviewId: string
  agencyId: string
}): Promise<void> {
  const review = await db().attestationReview.findUnique({
    where: { id: reviewId },
    select: {
      decision: true,
      reason: true,
      itemComments: true,
      attestation: {
        select: {
          id: true,
          organization: {
            select: {
              id: true,
              legalName: true,
              // Bounced addresses are skipped: mail to them is refused anyway.
              contacts: {
                where: { kind: 'compliance', bouncedAt: null },
                orderBy: { createdAt: 'asc' },
                select: { email: true, language: true },
              },
            },
          },
          signer: { select: { email: true, preferredLanguage: true } },
          contracts: {
            where: { contract: { agencyId } },
            select: { contract: { select: { number: true, agency: { select: { legalName: true } } } } },
          },
        },
      },
    },
  })
  if (!review) return
  const { attestation } = review
  const agencyName = attestation.contracts[0]?.contract.agency.legalName ?? ''

  const recipients = new Map<string, Recipient>()
  const add = (email: string, language: string) => {
    const key = email.trim().toLowerCase()
    if (key !== '' && !recipients.has(key))
      recipients.set(key, { email: email.trim(), language: isLang(language) ? language : 'en' })
  }
  for (const contact of attestation.organization.contacts) add(contact.email, contact.language)
  if (attestation.signer) add(attestation.signer.email, attestation.signer.preferredLanguage)

  const props = {
    vendorName: attestation.organization.legalName,
    agencyName,
    decision: review.decision,
    contractNumbers: attestation.contracts.map((link) => link.contract.number).sort(),
    ...(review.reason ? { reason: review.reason } : {}),
    commentsCount: Object.keys(reviewItemComments(review.itemComments)).length,
    url: appUrl(vendorAttestationPath(attestation.organization.id, attestation.id)),
  }
  await Promise.all(
    [...recipients.values()].map(async (recipient) => {
      try {
        await sendEmail('attestationDecision', props, { to: recipient.email, language: recipient.language })
      } catch (error) {
        console.error(
          `Could not email the ${review.decision} decision on attestation ${attestation.id}:`,
          error instanceof Error ? error.message : error,
        )
      }
    }),
  )
}
