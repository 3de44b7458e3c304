import { recordAuditEvent } from '~/audit/audit.server'
import { appUrl } from '~/auth/auth.server'
import { roleHasPermission } from '~/auth/permissions'
import { db, type Database } from '~/db/db.server'
import { sendEmail } from '~/email/email.server'
import type { CertificateStatus } from '~/generated/prisma/enums'
import { isLang, type Lang } from '~/i18n/i18n'
import { normalizeCertificateNumber, verificationPath } from './number'
import { RevocationReasonSchema } from './revocation'

// Revocation of a certificate by the agency it was issued for (product.md §6: "Revocation by the
// agency, with reason, effective immediately everywhere; vendor notified"). FAR 52.222-50(d)
// lets the contracting officer act on a violation at once; a revoked certificate no longer
// certifies the vendor on any page or in the API from the next request on (the API's in-memory
// answers are dropped by the notification a trigger sends at commit, status-cache.server.ts).
//
// Who: a member of the certificate's agency whose role holds 'revoke:certificate' (reviewer,
// agency admin), or a platform operator from the command line, who acts on an agency's written
// request. Platform administrators do not revoke through the portal: the decision is the agency's.
//
// What may be revoked: a valid certificate, an expired one (the agency withdraws it for the
// record, so someone still holding the PDF reads "revoked" and why, not merely "expired") and a
// superseded one (the same, for an older certificate found to rest on a false declaration; the
// certificate that replaced it is left alone and needs its own decision). Revoking twice is refused.

export type RevocationActor = { userId: string; agencyId: string } | { operator: string }

export type RevokeCertificateInput = { number: string; reason: string; actor: RevocationActor }

export type RevokeCertificateResult =
  | { ok: true; certificate: { id: string; number: string; organizationId: string } }
  | { ok: false; error: 'not_found' | 'already_revoked' | 'not_permitted' | 'invalid_reason' }

type LockedCertificate = {
  id: string
  number: string
  status: CertificateStatus
  organizationId: string
  agencyId: string | null
  validUntil: Date
}

/**
 * Revoke the certificate with this number: one transaction that locks the row (of two
 * revocations at once, one succeeds and the other gets 'already_revoked'), records who, when and
 * why, and writes the audit event last; then, after the commit, emails the vendor. A mail failure
 * is logged and never undoes the revocation.
 */
export async function revokeCertificate(
  input: RevokeCertificateInput,
  now: Date = new Date(),
  client: Database = db(),
): Promise<RevokeCertificateResult> {
  const result = await recordRevocation(input, now, client)
  if (result.ok) await notifyCertificateRevoked(result.certificate.id, client)
  return result
}

/** The revocation itself, without the email (the demo data uses it: demo addresses get no mail). */
export async function recordRevocation(
  input: RevokeCertificateInput,
  now: Date = new Date(),
  client: Database = db(),
): Promise<RevokeCertificateResult> {
  const reason = RevocationReasonSchema.safeParse(input.reason)
  if (!reason.success) return { ok: false, error: 'invalid_reason' }
  const number = normalizeCertificateNumber(input.number)
  if (number === null) return { ok: false, error: 'not_found' }
  const { actor } = input

  return client.$transaction(
    async (tx): Promise<RevokeCertificateResult> => {
      if ('userId' in actor) {
        const membership = await tx.membership.findUnique({
          where: { userId_organizationId: { userId: actor.userId, organizationId: actor.agencyId } },
          select: { role: true, organization: { select: { kind: true } } },
        })
        if (!membership || membership.organization.kind !== 'agency') return { ok: false, error: 'not_permitted' }
        if (!roleHasPermission(membership.role, 'revoke:certificate')) return { ok: false, error: 'not_permitted' }
      }

      const [certificate] = await tx.$queryRaw<LockedCertificate[]>`
        SELECT id, number, status::text AS status, "organizationId", "agencyId", "validUntil"
        FROM "Certificate" WHERE number = ${number}
        FOR UPDATE`
      // Another agency's certificate is as unknown to this agency as a number never issued.
      if (!certificate || ('userId' in actor && certificate.agencyId !== actor.agencyId)) {
        return { ok: false, error: 'not_found' }
      }
      if (certificate.status === 'revoked') return { ok: false, error: 'already_revoked' }

      await tx.certificate.update({
        where: { id: certificate.id },
        data: {
          status: 'revoked',
          revokedAt: now,
          revocationReason: reason.data,
          revokedById: 'userId' in actor ? actor.userId : null,
        },
      })
      await recordAuditEvent(tx, {
        action: 'certificate.revoked',
        actorUserId: 'userId' in actor ? actor.userId : null,
        organizationId: certificate.organizationId,
        targetType: 'Certificate',
        targetId: certificate.id,
        data: {
          number: certificate.number,
          agencyId: certificate.agencyId,
          reason: reason.data,
          previousStatus: certificate.status,
          expired: certificate.status === 'valid' && certificate.validUntil.getTime() <= now.getTime(),
          ...('operator' in actor ? { operator: actor.operator } : {}),
        },
      })
      return { ok: true, certificate: { id: certificate.id, number: certificate.number, organizationId: certificate.organizationId } }
    },
    // recordAuditEvent needs READ COMMITTED; FOR UPDATE re-reads the row after waiting for a lock.
    { isolationLevel: 'ReadCommitted' },
  )
}

/** The holder's page of one certificate, where the vendor reads the revocation. */
export function certificatePath(organizationId: string, number: string): string {
  return `/orgs/${encodeURIComponent(organizationId)}/certificates/${encodeURIComponent(number)}`
}

type Recipient = { email: string; language: Lang }

/**
 * Email the vendor's compliance contacts (in each contact's language) and its owners (in their
 * own), once per address, that the certificate was revoked, with the agency's reason.
 */
export async function notifyCertificateRevoked(certificateId: string, client: Database = db()): Promise<void> {
  const certificate = await client.certificate.findUnique({
    where: { id: certificateId },
    select: {
      number: true,
      status: true,
      revokedAt: true,
      revocationReason: true,
      scope: true,
      agency: { select: { legalName: true } },
      organization: {
        select: {
          id: true,
          legalName: true,
          preferredLanguage: true,
          // Bounced addresses are skipped: mail to them is refused anyway.
          contacts: {
            where: { kind: 'compliance', bouncedAt: null },
            orderBy: { createdAt: 'asc' },
            select: { email: true, language: true },
          },
          memberships: {
            where: { role: 'owner' },
            orderBy: { createdAt: 'asc' },
            select: { user: { select: { email: true, preferredLanguage: true } } },
          },
        },
      },
    },
  })
  if (!certificate || certificate.status !== 'revoked' || !certificate.revokedAt) return
  const { organization } = certificate

  const recipients = new Map<string, Recipient>()
  const add = (email: string, language: string) => {
    const key = email.trim().toLowerCase()
    if (key !== '' && !recipients.has(key)) recipients.set(key, { email: email.trim(), language: isLang(language) ? language : 'en' })
  }
  for (const contact of organization.contacts) add(contact.email, contact.language)
  for (const { user } of organization.memberships) add(user.email, user.preferredLanguage)

  const props = {
    vendorName: organization.legalName,
    agencyName: certificate.agency?.legalName ?? '',
    number: certificate.number,
    reason: certificate.revocationReason ?? '',
    revokedAt: certificate.revokedAt,
    url: appUrl(certificatePath(organization.id, certificate.number)),
    verifyUrl: appUrl(verificationPath(certificate.number)),
  }
  await Promise.all(
    [...recipients.values()].map(async (recipient) => {
      try {
        await sendEmail('certificateRevoked', props, { to: recipient.email, language: recipient.language })
      } catch (error) {
        console.error(
          `Could not email the revocation of certificate ${certificate.number}:`,
          error instanceof Error ? error.message : error,
        )
      }
    }),
  )
}
