import { stringify } from 'csv-stringify/sync'
import { centsToInput } from '~/contracts/money'
import { flattenTree, type TreeNode } from './tree'

// The agency's export of a contract's subcontract tree. Cells a spreadsheet would run as a
// formula (=, +, -, @, tab, carriage return first) get a leading apostrophe (OWASP CSV injection).

const FORMULA_START = /^[=+\-@\t\r]/

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

const HEADER = ['level', 'tier', 'organization', 'uei', 'parent_organization', 'status', 'certificate_number', 'expires_at', 'invitation_email', 'scope', 'value_usd', 'training_coverage_percent']

export function subcontractTreeCsv({ primeName, primeVendorId, nodes }: { primeName: string; primeVendorId: string | null; nodes: readonly TreeNode[] }): string {
  const names = new Map<string, string>(flattenTree(nodes).flatMap(({ node }) => (node.organizationId ? [[node.organizationId, node.name] as const] : [])))
  if (primeVendorId) names.set(primeVendorId, primeName)
  const rows = flattenTree(nodes).map(({ node, level }) => [
    String(level),
    String(node.tier),
    node.name,
    node.terms?.uei ?? '',
    names.get(node.parentOrganizationId) ?? '',
    node.status,
    node.certificateNumber ?? '',
    node.expiresAt ?? '',
    node.terms?.email ?? '',
    node.terms?.scope ?? '',
    node.terms?.valueCents ? centsToInput(node.terms.valueCents) : '',
    node.coverage?.percentCurrent === null || node.coverage?.percentCurrent === undefined ? '' : String(node.coverage.percentCurrent),
  ])
  return stringify([HEADER, ...rows.map((row) => row.map(guardCell))])
}
