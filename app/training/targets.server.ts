import { db } from '~/db/db.server'

/**
 * The highest training coverage target among the agencies whose contracts the organization works
 * on, as prime or subcontractor (AgencyPolicy.trainingCoverageTargetPercent; 90 when an agency has
 * set none, product.md §5). Null when it works on no contract.
 */
export async function agencyCoverageTarget(organizationId: string): Promise<number | null> {
  const contracts = await db().contract.findMany({
    where: { OR: [{ primeVendorId: organizationId }, { subcontracts: { some: { childOrganizationId: organizationId } } }] },
    select: { agencyId: true },
    distinct: ['agencyId'],
  })
  if (contracts.length === 0) return null
  const policies = await db().agencyPolicy.findMany({ where: { agencyId: { in: contracts.map((c) => c.agencyId) } }, select: { agencyId: true, trainingCoverageTargetPercent: true } })
  const byAgency = new Map(policies.map((p) => [p.agencyId, p.trainingCoverageTargetPercent]))
  return Math.max(...contracts.map((c) => byAgency.get(c.agencyId) ?? 90))
}
