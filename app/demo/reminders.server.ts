import type { Certificate, PrismaClient } from '~/generated/prisma/client'
import { appUrl } from '~/auth/auth.server'
import { newCertificateNumber } from '~/certificates/number'
import { createContact, type FactoryClient } from '~/demo/factories.server'
import { newMessageId } from '~/reminders/outbox.server'

const DAY_MS = 86_400_000

/**
 * A certificate row as the reminder scan sees it (no PDF: reminders never read one). Tests and
 * the demo use it to place expiry dates exactly where a reminder stage falls.
 */
export async function createCertificateForReminders(
  client: FactoryClient,
  {
    organizationId,
    agencyId,
    validUntil,
    issuedAt = new Date(validUntil.getTime() - 365 * DAY_MS),
  }: { organizationId: string; agencyId: string | null; validUntil: Date; issuedAt?: Date },
): Promise<Certificate> {
  return client.certificate.create({
    data: { number: newCertificateNumber(), organizationId, agencyId, issuedAt, validFrom: issuedAt, validUntil, scope: { contractIds: [], contractNumbers: [] } },
  })
}

/**
 * Demo reminders: the agency gets a compliance contact (escalations and weekly digests go there),
 * Harbor Landscaping holds a certificate that expires in three weeks (so `npm run reminders`
 * queues visible reminders), and the outbox shows one message of each outcome on the platform
 * admin's outbox page.
 */
export async function seedDemoReminders(client: PrismaClient, now: Date) {
  const organization = (legalName: string) => client.organization.findFirstOrThrow({ where: { legalName }, select: { id: true, legalName: true } })
  const [agency, harbor] = await Promise.all([
    organization('Pacific Coast Transit Authority (demo agency)'),
    organization('Harbor Landscaping Co.'),
  ])
  await createContact(client, { organizationId: agency.id, kind: 'compliance', name: 'Marcus Bell', email: 'compliance@pcta.demo', phone: '+1 213 555 0190' })
  const expiring = await createCertificateForReminders(client, { organizationId: harbor.id, agencyId: agency.id, validUntil: new Date(now.getTime() + 21 * DAY_MS) })

  const sample = {
    vendorName: harbor.legalName,
    agencyName: agency.legalName,
    certificateNumber: expiring.number,
    validUntil: expiring.validUntil.toISOString().slice(0, 10),
    audience: 'vendor',
    url: appUrl(`/orgs/${harbor.id}/attestations`),
  }
  // An address that bounced: the agency sees a notice on its home page.
  await createContact(client, {
    organizationId: agency.id,
    kind: 'compliance',
    name: 'Former compliance desk',
    email: 'old-compliance@pcta.demo',
    phone: '+1 213 555 0191',
    bouncedAt: new Date(now.getTime() - 3_600_000),
  })
  const hourAgo = new Date(now.getTime() - 3_600_000)
  await client.outboxMessage.createMany({
    data: [
      {
        kind: 'certificateExpiry',
        recipient: 'cumplimiento@harbor.demo',
        language: 'es',
        dedupeKey: `certificate:${expiring.id}:expiry:30:vendor:demo`,
        payload: { ...sample, daysBefore: 30 },
        messageId: newMessageId(),
        status: 'sent',
        attempts: 1,
        sentAt: hourAgo,
        providerMessageId: 'demo-250-accepted',
        organizationId: harbor.id,
      },
      {
        kind: 'agencyDigest',
        recipient: 'old-compliance@pcta.demo',
        language: 'en',
        dedupeKey: `agency-digest:${agency.id}:demo-bounced`,
        payload: {
          agencyName: agency.legalName,
          weekOf: hourAgo.toISOString().slice(0, 10),
          pendingReviews: 1,
          expiring: [{ certificateNumber: expiring.number, vendorName: harbor.legalName, date: sample.validUntil }],
          revoked: [],
          url: appUrl(`/orgs/${agency.id}/reviews`),
        },
        messageId: newMessageId(),
        status: 'failed',
        attempts: 1,
        lastError: '550 Mailbox unavailable: no such user here',
        organizationId: agency.id,
      },
    ],
  })
}
