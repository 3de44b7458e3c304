import { recordAuditEvent } from '~/audit/audit.server'
import { assignableRoles } from '~/auth/permissions'
import { hashPassword } from '~/auth/password.server'
import { hashToken, newToken } from '~/auth/tokens.server'
import { db } from '~/db/db.server'
import type { OrganizationKind, Role } from '~/generated/prisma/enums'
import type { MessageKey } from '~/i18n/i18n'

export const INVITATION_DAYS = 7

type Failure = { ok: false; fieldErrors?: Partial<Record<string, MessageKey>>; formError?: MessageKey }

/** Invite `email` to an organization with `role`; the inviter may not give more than they hold. */
export async function createInvitation(
  {
    organization,
    inviter,
    email,
    role,
  }: {
    organization: { id: string; kind: OrganizationKind }
    inviter: { id: string; role: Role }
    email: string
    role: Role
  },
  now = new Date(),
): Promise<{ ok: true; token: string; invitationId: string } | Failure> {
  if (!assignableRoles(organization.kind, inviter.role).includes(role)) {
    return { ok: false, fieldErrors: { role: 'errors.roleNotAllowed' } }
  }
  return db().$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { organizationId: organization.id, user: { email } }, select: { id: true } })
    if (member) return { ok: false, fieldErrors: { email: 'errors.alreadyMember' } }
    const pending = await tx.invitation.findFirst({
      where: { organizationId: organization.id, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    })
    if (pending) return { ok: false, fieldErrors: { email: 'errors.alreadyInvited' } }
    const token = newToken()
    const invitation = await tx.invitation.create({
      data: {
        organizationId: organization.id,
        email,
        role,
        tokenHash: hashToken(token),
        invitedById: inviter.id,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000),
      },
      select: { id: true },
    })
    await recordAuditEvent(tx, {
      action: 'invitation.created',
      actorUserId: inviter.id,
      organizationId: organization.id,
      targetType: 'Invitation',
      targetId: invitation.id,
      data: { email, role },
    })
    return { ok: true as const, token, invitationId: invitation.id }
  })
}

/** Withdraw a pending invitation of this organization (an id from another organization is not found). */
export async function revokeInvitation({ organizationId, invitationId, actorUserId }: { organizationId: string; invitationId: string; actorUserId: string }, now = new Date()) {
  return db().$transaction(async (tx) => {
    const { count } = await tx.invitation.updateMany({
      where: { id: invitationId, organizationId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    })
    if (count === 0) return false
    await recordAuditEvent(tx, { action: 'invitation.revoked', actorUserId, organizationId, targetType: 'Invitation', targetId: invitationId })
    return true
  })
}

export async function findInvitation(token: string, now = new Date()) {
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { id: true, legalName: true } },
      invitedBy: { select: { name: true } },
    },
  })
  if (!invitation) return null
  const open = !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt > now
  return { ...invitation, open }
}

/**
 * Accept an invitation as an existing user (whose email must match) or as a new user (the link
 * proves the address, so the new account is verified). One transaction; a second accept fails.
 */
export async function acceptInvitation(
  token: string,
  who: { userId: string } | { newUser: { name: string; password: string } },
  now = new Date(),
): Promise<{ ok: true; userId: string; organizationId: string } | Failure> {
  const passwordHash = 'newUser' in who ? await hashPassword(who.newUser.password) : null
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; email: string; role: Role; organizationId: string; expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null }[]>`
      SELECT id, email, role::text AS role, "organizationId", "expiresAt", "acceptedAt", "revokedAt"
      FROM "Invitation" WHERE "tokenHash" = ${hashToken(token)} FOR UPDATE`
    const invitation = rows[0]
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
      return { ok: false, formError: 'errors.invitationClosed' }
    }
    let userId: string
    if ('userId' in who) {
      const user = await tx.user.findUnique({ where: { id: who.userId }, select: { id: true, email: true } })
      if (!user || user.email !== invitation.email) return { ok: false, formError: 'errors.invitationClosed' }
      userId = user.id
      // The emailed link proves the address, as it does for a new account or a password reset.
      await tx.user.updateMany({ where: { id: user.id, emailVerifiedAt: null }, data: { emailVerifiedAt: now } })
    } else {
      const existing = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })
      if (existing || !passwordHash) return { ok: false, formError: 'errors.emailTaken' }
      const created = await tx.user.create({
        data: { email: invitation.email, name: who.newUser.name, passwordHash, emailVerifiedAt: now },
        select: { id: true },
      })
      userId = created.id
    }
    const already = await tx.membership.findUnique({
      where: { userId_organizationId: { userId, organizationId: invitation.organizationId } },
      select: { id: true },
    })
    if (already) return { ok: false, formError: 'errors.alreadyMember' }
    await tx.membership.create({ data: { userId, organizationId: invitation.organizationId, role: invitation.role } })
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: now } })
    await recordAuditEvent(tx, {
      action: 'invitation.accepted',
      actorUserId: userId,
      organizationId: invitation.organizationId,
      targetType: 'Invitation',
      targetId: invitation.id,
      data: { role: invitation.role },
    })
    return { ok: true as const, userId, organizationId: invitation.organizationId }
  })
}
