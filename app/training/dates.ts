// Calendar days for training records: a completion date is a day, not an instant, kept as
// midnight UTC (a PostgreSQL DATE). Client-safe.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A strict YYYY-MM-DD that names a real calendar day (no 2026-02-30, no 13/31/2026), else null. */
export function parseIsoDay(value: string): Date | null {
  const match = ISO_DAY.exec(value)
  if (!match) return null
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date
}

/** The day as YYYY-MM-DD (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** `months` after `day`, clamped to the month's last day (see addMonthsUtc). */
export { addMonthsUtc as addMonths } from '~/calendar'

/** Midnight UTC of the day `instant` falls on. */
export function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
}
