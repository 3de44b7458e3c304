import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireMembership } from '~/auth/permissions.server'
import { forbidden, notFound } from '~/http/responses.server'
import { subcontractTreeCsv } from '~/subcontracts/csv.server'
import { visibleTree } from '~/subcontracts/subcontracts.server'

// The agency's export of the whole subcontract tree of one of its contracts (product.md §7).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const visible = await visibleTree(access.organization.id, params.contractId ?? '')
  if (!visible) notFound()
  // Vendors see their part on the page; the export of the full tree is the agency's.
  if (visible.position.role !== 'agency') forbidden()
  const csv = subcontractTreeCsv({ primeName: visible.contract.primeVendor?.legalName ?? '', primeVendorId: visible.contract.primeVendorId, nodes: visible.nodes })
  const fileName = `subcontractors-${visible.contract.number.replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
