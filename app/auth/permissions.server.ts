import { redirect } from '@remix-run/node'
import { db } from '~/db/db.server'
import type { OrganizationKind, Role } from '~/generated/prisma/enums'
import { forbidden, notFound } from '~/http/responses.server'
import { roleHasPermission, type Permission } from './permissions'
import { requireSession, type CurrentSession } from './session.server'

export type OrganizationAccess = {
  session: CurrentSession
  user: CurrentSession['user']
  membership: { id: string; role: Role }
  organization: { id: string; kind: OrganizationKind; legalName: string; uei: string | null }
}

/**
 * Tenancy check for every organization page (product.md §2): the signed-in user must belong to
 * `organizationId`. Someone outside the organization gets 404 (its existence is not revealed);
 * a member whose role lacks `permission` gets 403.
 */
export async function requireMembership(
  request: Request,
  organizationId: string | undefined,
  permission: Permission = 'read:organization',
): Promise<OrganizationAccess> {
  const session = await requireSession(request)
  if (!organizationId) notFound()
  const membership = await db().membership.findUnique({
    where: { userId_organizationId: { userId: session.user.id, organizationId } },
    select: {
      id: true,
      role: true,
      organization: { select: { id: true, kind: true, legalName: true, uei: true } },
    },
  })
  if (!membership) notFound()
  if (!session.user.emailVerifiedAt) throw redirect('/verify-email')
  if (!roleHasPermission(membership.role, permission)) forbidden()
  return {
    session,
    user: session.user,
    membership: { id: membership.id, role: membership.role },
    organization: membership.organization,
  }
}

/** The organizations a user belongs to, for the switcher. */
export function listMemberships(userId: string) {
  return db().membership.findMany({
    where: { userId },
    orderBy: { organization: { legalName: 'asc' } },
    select: { role: true, organization: { select: { id: true, legalName: true, kind: true } } },
  })
}
