// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with = + - @, a tab
// or a carriage return may be run as a formula when the file is opened in a spreadsheet. Vendor
// names are typed by vendors, so every text cell of a public export goes through this.
const FORMULA_START = /^[=+\-@\t\r]/

/** The cell as text a spreadsheet shows literally: a leading apostrophe when it could be a formula. */
export function neutralizeCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** A calendar day (YYYY-MM-DD) in the portal's display time zone, for machine-readable exports. */
export function isoDayInLosAngeles(value: Date): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'America/Los_Angeles' }).format(value)
}
