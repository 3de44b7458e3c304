import { db } from '~/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import type { OutboxFilters } from './schemas'

const PAGE_SIZE = 100

/** The outbox for platform admins: newest first, filtered by status, kind and creation day (UTC). */
export async function listOutbox(filters: OutboxFilters) {
  const createdAt: Prisma.DateTimeFilter = {}
  if (filters.from) createdAt.gte = new Date(`${filters.from}T00:00:00Z`)
  if (filters.to) createdAt.lt = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000)
  const where: Prisma.OutboxMessageWhereInput = {
    status: filters.status,
    kind: filters.kind,
    createdAt: filters.from || filters.to ? createdAt : undefined,
  }
  const [messages, total, byStatus] = await Promise.all([
    db().outboxMessage.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        recipient: true,
        language: true,
        status: true,
        attempts: true,
        nextAttemptAt: true,
        sentAt: true,
        lastError: true,
        createdAt: true,
        messageId: true,
        organization: { select: { legalName: true } },
      },
    }),
    db().outboxMessage.count({ where }),
    db().outboxMessage.groupBy({ by: ['status'], _count: { _all: true } }),
  ])
  const counts = { pending: 0, sending: 0, sent: 0, failed: 0 }
  for (const row of byStatus) counts[row.status] = row._count._all
  return { messages, total, counts, pageSize: PAGE_SIZE }
}

/** Compliance contacts whose address bounced: shown to the organization on its home page. */
export function listBouncedContacts(organizationId: string) {
  return db().organizationContact.findMany({
    where: { organizationId, bouncedAt: { not: null } },
    orderBy: { bouncedAt: 'desc' },
    select: { id: true, name: true, email: true, bouncedAt: true },
  })
}
