import type { OrganizationKind, Role } from '~/generated/prisma/enums'

// Who may do what (product.md §2). The server checks these in every loader and action
// (permissions.server.ts); the UI uses the same table only to hide what a person cannot do.

export type Permission =
  | 'read:organization'
  | 'update:organization'
  | 'read:members'
  | 'invite:members'
  | 'manage:members'
  | 'create:attestation'
  | 'sign:attestation'
  | 'upload:document'
  | 'manage:training'
  | 'manage:contracts'
  | 'review:attestation'
  | 'revoke:certificate'
  | 'manage:agency-policy'
  | 'admin:platform'

const VENDOR_BASE: Permission[] = ['read:organization', 'read:members']

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: [...VENDOR_BASE, 'update:organization', 'invite:members', 'manage:members', 'manage:contracts', 'create:attestation', 'sign:attestation', 'upload:document', 'manage:training'],
  admin: [...VENDOR_BASE, 'update:organization', 'invite:members', 'manage:members', 'manage:contracts', 'create:attestation', 'upload:document', 'manage:training'],
  member: [...VENDOR_BASE, 'manage:contracts', 'create:attestation', 'upload:document', 'manage:training'],
  // FAR 52.222-56: certification is made by an authorized official of the offeror.
  signer: [...VENDOR_BASE, 'create:attestation', 'sign:attestation', 'upload:document'],
  reviewer: ['read:organization', 'read:members', 'manage:contracts', 'review:attestation', 'revoke:certificate'],
  agency_admin: ['read:organization', 'read:members', 'update:organization', 'invite:members', 'manage:members', 'manage:contracts', 'review:attestation', 'revoke:certificate', 'manage:agency-policy'],
  platform_admin: ['read:organization', 'read:members', 'update:organization', 'invite:members', 'manage:members', 'admin:platform'],
}

/** Roles that exist in each kind of organization; invitations may only give these. */
export const ROLES_BY_KIND: Record<OrganizationKind, readonly Role[]> = {
  vendor: ['owner', 'admin', 'member', 'signer'],
  agency: ['reviewer', 'agency_admin'],
  platform: ['platform_admin'],
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission)
}

/** Roles a person with `role` may hand out: never more than their own (no owner from an admin). */
export function assignableRoles(kind: OrganizationKind, role: Role): Role[] {
  if (!roleHasPermission(role, 'invite:members')) return []
  const roles = ROLES_BY_KIND[kind]
  if (role === 'owner' || role === 'agency_admin' || role === 'platform_admin') return [...roles]
  return roles.filter((r) => r !== 'owner')
}
