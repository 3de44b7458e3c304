import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import { db } from '~/db/db.server'
import { startOfUtcDay } from './dates'

// Training coverage (product.md §7): of an organization's workers, how many hold current
// training, how many lapse within 30 days, how many are overdue. Counted in SQL, never by loading
// workers into memory. A worker counts as trained when they hold a record of a module for all
// workers (audience all_workers: the awareness training FAR 52.222-50(h)(3)(i) plans describe);
// modules for supervisors and recruiters are extra and do not make anyone covered.
//
// The denominator is the roster (active workers) or the organization's declared headcount,
// whichever is larger: a roster of 40 for a declared 120 does not make coverage 100%.

/** Days ahead in which current training counts as "expiring soon" (product.md §8: 30 days before). */
export const EXPIRING_WINDOW_DAYS = 30

export type Coverage = {
  /** Active workers on the roster. */
  roster: number
  declaredHeadcount: number | null
  /** max(roster, declaredHeadcount): who should be trained. */
  headcount: number
  /** Workers whose latest all-worker training is still valid on the as-of day. */
  current: number
  /** Of those, the ones whose training lapses within EXPIRING_WINDOW_DAYS. */
  expiringSoon: number
  /** Workers trained before whose training has lapsed. */
  overdue: number
  /** Workers on the roster with no all-worker training at all. */
  untrained: number
  /** current / headcount, one decimal; null when there is nobody to count. */
  percentCurrent: number | null
  percentExpiringSoon: number | null
  percentOverdue: number | null
}

export type OrganizationCoverage = Coverage & { organizationId: string }

type Client = PrismaClient | Prisma.TransactionClient

type CoverageRow = {
  organizationId: string
  declaredHeadcount: number | null
  roster: bigint
  current: bigint
  expiringSoon: bigint
  overdue: bigint
  untrained: bigint
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10)

function finish(counts: { roster: number; declaredHeadcount: number | null; current: number; expiringSoon: number; overdue: number; untrained: number }): Coverage {
  const headcount = Math.max(counts.roster, counts.declaredHeadcount ?? 0)
  return {
    ...counts,
    headcount,
    percentCurrent: percent(counts.current, headcount),
    percentExpiringSoon: percent(counts.expiringSoon, headcount),
    percentOverdue: percent(counts.overdue, headcount),
  }
}

/** Coverage of each organization on the day `asOf` falls on (UTC), in the order asked. */
export async function coverageForOrganizations(organizationIds: string[], asOf: Date, client: Client = db()): Promise<OrganizationCoverage[]> {
  if (organizationIds.length === 0) return []
  const day = startOfUtcDay(asOf)
  const rows = await client.$queryRaw<CoverageRow[]>`
    WITH latest AS (
      SELECT w."organizationId", MAX(r."expiresOn") AS "expiresOn"
      FROM "Worker" w
      LEFT JOIN "TrainingRecord" r
        ON r."workerId" = w."id"
       AND r."moduleId" IN (SELECT m."id" FROM "TrainingModule" m WHERE m."audience" = 'all_workers')
      WHERE w."organizationId" = ANY(${organizationIds}::text[]) AND w."active"
      GROUP BY w."id", w."organizationId"
    )
    SELECT o."id" AS "organizationId",
           o."declaredHeadcount" AS "declaredHeadcount",
           COUNT(l."organizationId") AS "roster",
           COUNT(*) FILTER (WHERE l."expiresOn" > ${day}::date) AS "current",
           COUNT(*) FILTER (WHERE l."expiresOn" > ${day}::date AND l."expiresOn" <= ${day}::date + ${EXPIRING_WINDOW_DAYS}::int) AS "expiringSoon",
           COUNT(*) FILTER (WHERE l."expiresOn" <= ${day}::date) AS "overdue",
           COUNT(*) FILTER (WHERE l."organizationId" IS NOT NULL AND l."expiresOn" IS NULL) AS "untrained"
    FROM "Organization" o
    LEFT JOIN latest l ON l."organizationId" = o."id"
    WHERE o."id" = ANY(${organizationIds}::text[])
    GROUP BY o."id"`
  const byId = new Map(rows.map((row) => [row.organizationId, row]))
  return organizationIds.flatMap((organizationId) => {
    const row = byId.get(organizationId)
    if (!row) return []
    return [
      {
        organizationId,
        ...finish({
          roster: Number(row.roster),
          declaredHeadcount: row.declaredHeadcount,
          current: Number(row.current),
          expiringSoon: Number(row.expiringSoon),
          overdue: Number(row.overdue),
          untrained: Number(row.untrained),
        }),
      },
    ]
  })
}

/** Several organizations counted as one (a prime with its subcontractors, an agency's vendors). */
export function rollUpCoverage(parts: readonly Coverage[]): Coverage {
  const sum = (pick: (c: Coverage) => number) => parts.reduce((total, c) => total + pick(c), 0)
  const declared = parts.some((c) => c.declaredHeadcount !== null) ? sum((c) => c.declaredHeadcount ?? 0) : null
  const rolled = finish({
    roster: sum((c) => c.roster),
    declaredHeadcount: declared,
    current: sum((c) => c.current),
    expiringSoon: sum((c) => c.expiringSoon),
    overdue: sum((c) => c.overdue),
    untrained: sum((c) => c.untrained),
  })
  // Each part's headcount is already max(roster, declared): the sum of those, not max of the sums.
  const headcount = sum((c) => c.headcount)
  return { ...rolled, headcount, percentCurrent: percent(rolled.current, headcount), percentExpiringSoon: percent(rolled.expiringSoon, headcount), percentOverdue: percent(rolled.overdue, headcount) }
}

export type ContractCoverage = {
  contractId: string
  /** The prime and every subcontractor on the contract, rolled up. */
  total: Coverage
  organizations: Array<OrganizationCoverage & { legalName: string; tier: number }>
}

/**
 * Coverage of everyone working on a contract (product.md §7: "coverage per contract"): the prime
 * vendor (tier 0) and the organization of every subcontract row of the contract, at any tier.
 * Null when there is no such contract.
 */
export async function contractCoverage(contractId: string, asOf: Date, client: Client = db()): Promise<ContractCoverage | null> {
  const contract = await client.contract.findUnique({
    where: { id: contractId },
    select: {
      primeVendor: { select: { id: true, legalName: true } },
      subcontracts: { orderBy: [{ tier: 'asc' }, { createdAt: 'asc' }], select: { tier: true, childOrganization: { select: { id: true, legalName: true } } } },
    },
  })
  if (!contract) return null
  const members = new Map<string, { legalName: string; tier: number }>()
  if (contract.primeVendor) members.set(contract.primeVendor.id, { legalName: contract.primeVendor.legalName, tier: 0 })
  for (const sub of contract.subcontracts) {
    if (!members.has(sub.childOrganization.id)) members.set(sub.childOrganization.id, { legalName: sub.childOrganization.legalName, tier: sub.tier })
  }
  const coverage = await coverageForOrganizations([...members.keys()], asOf, client)
  const organizations = coverage.map((c) => {
    const member = members.get(c.organizationId) ?? { legalName: '', tier: 0 }
    return { ...c, legalName: member.legalName, tier: member.tier }
  })
  return { contractId, total: rollUpCoverage(organizations), organizations }
}

/**
 * The lowest rolled-up coverage among contracts (null when none has anyone to count), for the
 * risk tier: product.md §5 "worker training coverage below" the agency's target is a risk factor.
 */
export async function lowestContractCoveragePercent(contractIds: readonly string[], asOf: Date, client: Client = db()): Promise<number | null> {
  let lowest: number | null = null
  for (const contractId of new Set(contractIds)) {
    const coverage = await contractCoverage(contractId, asOf, client)
    const percent = coverage?.total.percentCurrent ?? null
    if (percent !== null && (lowest === null || percent < lowest)) lowest = percent
  }
  return lowest
}
