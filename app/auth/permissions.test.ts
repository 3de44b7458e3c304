import { describe, expect, test } from 'vitest'
import { assignableRoles, roleHasPermission } from './permissions'

describe('role permissions', () => {
  test('only owners and signers may sign an attestation', () => {
    expect(roleHasPermission('owner', 'sign:attestation')).toBe(true)
    expect(roleHasPermission('signer', 'sign:attestation')).toBe(true)
    expect(roleHasPermission('admin', 'sign:attestation')).toBe(false)
    expect(roleHasPermission('member', 'sign:attestation')).toBe(false)
    expect(roleHasPermission('reviewer', 'sign:attestation')).toBe(false)
  })

  test('vendors cannot review or revoke; agencies cannot attest', () => {
    for (const role of ['owner', 'admin', 'member', 'signer'] as const) {
      expect(roleHasPermission(role, 'review:attestation')).toBe(false)
      expect(roleHasPermission(role, 'revoke:certificate')).toBe(false)
    }
    expect(roleHasPermission('reviewer', 'create:attestation')).toBe(false)
  })

  test('an admin cannot make someone an owner; members invite no one', () => {
    expect(assignableRoles('vendor', 'admin')).toEqual(['admin', 'member', 'signer'])
    expect(assignableRoles('vendor', 'owner')).toContain('owner')
    expect(assignableRoles('vendor', 'member')).toEqual([])
    expect(assignableRoles('agency', 'reviewer')).toEqual([])
    expect(assignableRoles('agency', 'agency_admin')).toEqual(['reviewer', 'agency_admin'])
  })
})
