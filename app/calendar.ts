// Calendar arithmetic shared by certificates (validity) and training records (refresher due
// dates). Client-safe.

/**
 * `at` plus `months` calendar months (UTC), clamped to the last day of a shorter month
 * (Jan 31 + 1 month = Feb 28/29), keeping the time of day. For a day kept as midnight UTC this is
 * PostgreSQL's `date + interval 'n months'`, which the training CSV import computes in SQL.
 */
export function addMonthsUtc(at: Date, months: number): Date {
  const year = at.getUTCFullYear()
  const month = at.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const result = new Date(at)
  result.setUTCFullYear(year, month, Math.min(at.getUTCDate(), lastDay))
  return result
}
