import type { z } from 'zod'
import { cleanGoodName, goodKey, isCountryCode } from './names'

// The goods a contract supplies and their source countries, as the contract form sends them:
// repeated rows of flat fields (goodName0 / goodCountry0, goodName1 / goodCountry1 …) so the
// form works without JavaScript and both react-hook-form and the action see the same names.
// Messages are i18n keys (app/goods/messages.ts).

/** At most this many goods per contract; more is refused, not cut. */
export const MAX_DECLARED_GOODS = 50
export const MAX_GOOD_NAME_LENGTH = 120

export const goodNameField = (index: number) => `goodName${index}`
export const goodCountryField = (index: number) => `goodCountry${index}`

const ROW_FIELD = /^good(Name|Country)(\d{1,6})$/

export type DeclaredGoodRow = { index: number; good: string; country: string }
export type DeclaredGood = { good: string; goodKey: string; countryCode: string }

/** The submitted rows (both fields empty = an unused row, dropped), in row order. */
export function declaredGoodRows(values: Record<string, unknown>): DeclaredGoodRow[] {
  const rows = new Map<number, DeclaredGoodRow>()
  for (const [name, value] of Object.entries(values)) {
    const match = ROW_FIELD.exec(name)
    if (!match) continue
    const index = Number(match[2])
    const row = rows.get(index) ?? { index, good: '', country: '' }
    const text = typeof value === 'string' ? value : ''
    if (match[1] === 'Name') row.good = cleanGoodName(text)
    else row.country = text.trim().toUpperCase()
    rows.set(index, row)
  }
  return [...rows.values()].filter((row) => row.good !== '' || row.country !== '').sort((a, b) => a.index - b.index)
}

/** Adds the form's field errors for bad rows to `ctx` (each on its own field, by row). */
export function checkDeclaredGoods(rows: DeclaredGoodRow[], ctx: z.RefinementCtx) {
  if (rows.length > MAX_DECLARED_GOODS || rows.some((row) => row.index >= MAX_DECLARED_GOODS)) {
    ctx.addIssue({ code: 'custom', path: ['goods'], message: 'goods.errors.tooMany' })
    return
  }
  const seen = new Set<string>()
  for (const row of rows) {
    if (row.good === '') ctx.addIssue({ code: 'custom', path: [goodNameField(row.index)], message: 'goods.errors.goodRequired' })
    else if (row.good.length > MAX_GOOD_NAME_LENGTH) ctx.addIssue({ code: 'custom', path: [goodNameField(row.index)], message: 'errors.tooLong' })
    if (row.country === '') ctx.addIssue({ code: 'custom', path: [goodCountryField(row.index)], message: 'goods.errors.countryRequired' })
    else if (!isCountryCode(row.country)) ctx.addIssue({ code: 'custom', path: [goodCountryField(row.index)], message: 'goods.errors.country' })
    if (row.good === '' || row.country === '') continue
    const key = `${goodKey(row.good)}\u0000${row.country}`
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [goodNameField(row.index)], message: 'goods.errors.duplicate' })
    seen.add(key)
  }
}

export const toDeclaredGoods = (rows: DeclaredGoodRow[]): DeclaredGood[] =>
  rows.map((row) => ({ good: row.good, goodKey: goodKey(row.good), countryCode: row.country }))
