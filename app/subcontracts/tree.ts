// The subcontract tree of one contract as the pages show it (client-safe: types and pure helpers).
// The server (subcontracts.server.ts) builds it and cuts it to what the viewer may see.

/**
 * A subcontractor's standing, shown as a badge: `invited` (invitation not accepted yet),
 * `not_started` (accepted, no declaration yet), `active` (declaration in progress or in review),
 * `certified` (valid certificate), `expired` (its certificate's validity has passed), `revoked`.
 */
export const TREE_STATUSES = ['invited', 'not_started', 'active', 'certified', 'expired', 'revoked'] as const
export type TreeStatus = (typeof TREE_STATUSES)[number]

/**
 * Training coverage of the organization's workers (app/training/coverage.server.ts), as
 * aggregates: a prime sees these numbers for its subcontractors, never their worker lists.
 */
export type TreeCoverage = { percentCurrent: number | null; dueSoon?: number; overdue?: number }

/** What only the agency and the subcontract's own parent see (the terms they agreed on). */
export type TreeNodeTerms = { scope: string; valueCents: string | null; email: string | null; uei: string | null }

export type TreeNode = {
  /** Subcontract id, or invitation id for an invitation not accepted yet. */
  id: string
  kind: 'subcontract' | 'invitation'
  /** The subcontractor's organization; null while an invitation is pending. */
  organizationId: string | null
  parentOrganizationId: string
  name: string
  tier: number
  status: TreeStatus
  /** Expiry of the current certificate, ISO date-time; of the invitation while invited. */
  expiresAt: string | null
  certificateNumber: string | null
  /** True for an invitation whose link expired (it can be resent). */
  invitationExpired: boolean
  terms: TreeNodeTerms | null
  coverage?: TreeCoverage | null
  children: TreeNode[]
}

/** The nodes depth first, with their level (1 for the top of what is shown), for lists and CSV. */
export function flattenTree(nodes: readonly TreeNode[], level = 1): { node: TreeNode; level: number }[] {
  return nodes.flatMap((node) => [{ node, level }, ...flattenTree(node.children, level + 1)])
}

/** Every organization in the tree, e.g. for coverageForOrganizations. */
export function treeOrganizationIds(nodes: readonly TreeNode[]): string[] {
  return flattenTree(nodes).flatMap(({ node }) => (node.organizationId ? [node.organizationId] : []))
}

/** The same tree with each organization's training coverage filled in (organizations not in the map keep none). */
export function withCoverage(nodes: readonly TreeNode[], coverage: ReadonlyMap<string, TreeCoverage>): TreeNode[] {
  return nodes.map((node) => ({
    ...node,
    coverage: node.organizationId ? (coverage.get(node.organizationId) ?? null) : null,
    children: withCoverage(node.children, coverage),
  }))
}
