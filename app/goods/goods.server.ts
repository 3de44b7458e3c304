import { db } from '~/db/db.server'
import { countryName } from '~/contracts/places'
import { activeGoodsNames } from './editions.server'
import { goodsMatchesFor } from './matches.server'
import { countryOptions } from './names'

// What the contract pages need from the goods lists, computed on the server so that the names
// the browser shows are the ones the server rendered (Intl data differs between runtimes).

/** Suggestions and localized country names for the contract form's goods rows. */
export async function goodsFormData(lang: 'en' | 'es') {
  return { suggestions: await activeGoodsNames(db()), countries: countryOptions(lang) }
}

/** A contract's declared goods with what each matched on the active list editions. */
export async function declaredGoodsView(contractId: string, goods: Array<{ good: string; countryCode: string }>, lang: 'en' | 'es') {
  const matches = await goodsMatchesFor(db(), [contractId])
  return goods.map((declared) => ({
    good: declared.good,
    countryCode: declared.countryCode,
    countryName: countryName(declared.countryCode, lang),
    matches: matches
      .filter((m) => m.declaredGood === declared.good && m.countryCode === declared.countryCode)
      .map((m) => ({ list: m.list, edition: m.edition, laborType: m.laborType, listedGood: m.good, listedCountry: m.country })),
  }))
}
