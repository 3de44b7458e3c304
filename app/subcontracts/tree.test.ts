import { describe, expect, test } from 'vitest'
import { guardCell, subcontractTreeCsv } from './csv.server'
import { subcontractStatus } from './subcontracts.server'
import { flattenTree, treeOrganizationIds, withCoverage, type TreeNode } from './tree'

const node = (id: string, parent: string, tier: number, children: TreeNode[] = [], overrides: Partial<TreeNode> = {}): TreeNode => ({
  id,
  kind: 'subcontract',
  organizationId: `org-${id}`,
  parentOrganizationId: parent,
  name: `Company ${id}`,
  tier,
  status: 'not_started',
  expiresAt: null,
  certificateNumber: null,
  invitationExpired: false,
  terms: null,
  children,
  ...overrides,
})

const tree = [node('a', 'prime', 1, [node('b', 'org-a', 2), node('i', 'org-a', 2, [], { kind: 'invitation', organizationId: null, status: 'invited' })]), node('c', 'prime', 1)]

describe('the tree as a list', () => {
  test('depth first, with levels', () => {
    expect(flattenTree(tree).map(({ node: n, level }) => [n.id, level])).toEqual([
      ['a', 1],
      ['b', 2],
      ['i', 2],
      ['c', 1],
    ])
  })

  test('organizations for the training coverage, and coverage filled in', () => {
    expect(treeOrganizationIds(tree)).toEqual(['org-a', 'org-b', 'org-c'])
    const filled = withCoverage(tree, new Map([['org-b', { percentCurrent: 80 }]]))
    expect(flattenTree(filled).map(({ node: n }) => n.coverage)).toEqual([null, { percentCurrent: 80 }, null, null])
  })
})

describe('status badge', () => {
  const now = new Date('2026-11-24T12:00:00Z')
  const certificate = (status: 'valid' | 'revoked' | 'superseded', validUntil: string) => ({ number: 'X', status, validUntil: new Date(validUntil) })
  test.each([
    [[], 'not_started'],
    [[{ status: 'draft', certificate: null }], 'active'],
    [[{ status: 'approved', certificate: certificate('valid', '2027-11-24T12:00:00Z') }], 'certified'],
    [[{ status: 'approved', certificate: certificate('valid', '2026-11-01T00:00:00Z') }], 'expired'],
    [[{ status: 'approved', certificate: certificate('revoked', '2027-11-24T12:00:00Z') }], 'revoked'],
    // A newer draft does not hide a valid certificate; a superseded one does not count.
    [[{ status: 'draft', certificate: null }, { status: 'approved', certificate: certificate('valid', '2027-01-01T00:00:00Z') }], 'certified'],
    [[{ status: 'superseded', certificate: certificate('superseded', '2027-01-01T00:00:00Z') }], 'not_started'],
  ] as const)('%j → %s', (attestations, expected) => {
    expect(subcontractStatus(attestations, now).status).toBe(expected)
  })
})

describe('CSV export', () => {
  test('cells a spreadsheet would run as formulas are neutralized', () => {
    for (const dangerous of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(guardCell(dangerous)).toBe(`'${dangerous}`)
    expect(guardCell('Bayview')).toBe('Bayview')
  })

  test('one row per node, with its level and parent', () => {
    const csv = subcontractTreeCsv({ primeName: 'Prime Co', primeVendorId: 'prime', nodes: tree })
    const lines = csv.trim().split('\n')
    expect(lines).toHaveLength(5)
    expect(lines[1]).toBe('1,1,Company a,,Prime Co,not_started,,,,,,')
    expect(lines[2]).toBe('2,2,Company b,,Company a,not_started,,,,,,')
  })
})
