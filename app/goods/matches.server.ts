import type { Prisma, PrismaClient } from '~/generated/prisma/client'
import type { GoodsMatch, LaborType } from '~/risk/risk'
import type { GoodsListCode } from './names'

// Matching a contract's declared goods against the active editions of the goods lists
// (product.md §5). The risk facts mapping (app/attestations/attestations.server.ts
// riskContractFacts) feeds these into the risk model as goodsMatches.

type Client = PrismaClient | Prisma.TransactionClient

export type GoodsMatchDetail = GoodsMatch & { contractId: string; declaredGood: string; countryCode: string; edition: string }

function laborTypeOf(row: { childLabor: boolean; forcedLabor: boolean; forcedChildLabor: boolean }): LaborType {
  // Forced child labor is both: EO 13126 lists only "forced or indentured child labor".
  const child = row.childLabor || row.forcedChildLabor
  const forced = row.forcedLabor || row.forcedChildLabor
  return child && forced ? 'both' : child ? 'child_labor' : 'forced_labor'
}

/**
 * The declared goods of `contractIds` that an active edition lists for their source country
 * (same good key and ISO country code), with the list's own spelling of good and country.
 */
export async function goodsMatchesFor(client: Client, contractIds: string[]): Promise<GoodsMatchDetail[]> {
  if (contractIds.length === 0) return []
  const rows = await client.$queryRaw<
    { contractId: string; declaredGood: string; countryCode: string; good: string; countryName: string; childLabor: boolean; forcedLabor: boolean; forcedChildLabor: boolean; list: GoodsListCode; edition: string }[]
  >`
    SELECT cg."contractId", cg.good AS "declaredGood", cg."countryCode", e.good, e."countryName",
           e."childLabor", e."forcedLabor", e."forcedChildLabor", ed.list::text AS list, ed.edition
    FROM "ContractGood" cg
    JOIN "GoodsListEntry" e ON e."goodKey" = cg."goodKey" AND e."countryCode" = cg."countryCode"
    JOIN "GoodsListEdition" ed ON ed.id = e."editionId" AND ed.active
    WHERE cg."contractId" = ANY(${contractIds}::text[])
    ORDER BY cg."contractId", cg.good, cg."countryCode", ed.list`
  return rows.map((row) => ({
    contractId: row.contractId,
    declaredGood: row.declaredGood,
    countryCode: row.countryCode,
    good: row.good,
    country: row.countryName,
    laborType: laborTypeOf(row),
    list: row.list,
    edition: row.edition,
  }))
}

/** Replace a contract's declared goods (inside the transaction that saves the contract). */
export async function replaceContractGoods(tx: Prisma.TransactionClient, contractId: string, goods: Array<{ good: string; goodKey: string; countryCode: string }>) {
  await tx.contractGood.deleteMany({ where: { contractId } })
  if (goods.length > 0) await tx.contractGood.createMany({ data: goods.map((g) => ({ contractId, good: g.good, goodKey: g.goodKey, countryCode: g.countryCode })) })
}
