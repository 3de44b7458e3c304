import type { FactoryClient } from './factories.server'
import { goodKey } from '~/goods/names'

// Demo declared goods (product.md §5): Golden State's event staffing contract buys staff
// uniforms made in Bangladesh (garments are on the DOL TVPRA list for Bangladesh, child labor
// and forced labor) and two-way radios from Japan (on no list), so the contract page and the
// declaration's review show a goods reason next to a good that raises nothing.
export const DEMO_DECLARED_GOODS = [
  { good: 'Garments', countryCode: 'BD' },
  { good: 'Two-way radios', countryCode: 'JP' },
] as const

export async function seedDemoGoods(tx: FactoryClient, { contractId }: { contractId: string }) {
  await tx.contractGood.createMany({
    data: DEMO_DECLARED_GOODS.map((declared) => ({ contractId, good: declared.good, goodKey: goodKey(declared.good), countryCode: declared.countryCode })),
  })
}
