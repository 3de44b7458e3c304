import type { Lang } from '~/i18n/i18n'

// Money is integer cents (style guide): parse what people type ("$1,250,000", "1250000.5")
// without ever going through floating point.

const USD = /^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/

/** Cents for a typed US-dollar amount, or undefined when it is not one. */
export function parseUsdToCents(input: string): bigint | undefined {
  const match = USD.exec(input.trim())
  if (!match?.[1]) return undefined
  const dollars = BigInt(match[1].replaceAll(',', ''))
  const cents = BigInt((match[2] ?? '').padEnd(2, '0') || '0')
  return dollars * 100n + cents
}

export function formatUsd(cents: bigint | number | string, lang: Lang = 'en'): string {
  const value = BigInt(cents)
  const whole = value / 100n
  const fraction = Number(value % 100n)
  const formatted = new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: fraction ? 2 : 0 })
  // Intl formats numbers, so format dollars and cents separately to stay exact above 2^53.
  return fraction ? formatted.format(Number(`${whole}.${String(fraction).padStart(2, '0')}`)) : formatted.format(whole)
}

/** The amount as a plain editable string ("1250000.50"), for form defaults. */
export function centsToInput(cents: bigint | number | string): string {
  const value = BigInt(cents)
  const fraction = value % 100n
  return fraction === 0n ? String(value / 100n) : `${value / 100n}.${String(fraction).padStart(2, '0')}`
}
