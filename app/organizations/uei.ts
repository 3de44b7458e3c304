import type { MessageKey } from '~/i18n/i18n'

/**
 * SAM.gov Unique Entity ID rules (GSA, "Unique Entity Identifier update", 2022): 12 characters,
 * letters and digits only, never the letters O or I (they read as 0 and 1), and the first
 * character is not 0. Returns the first rule the value breaks, or undefined when it is valid.
 * Input is expected normalized with normalizeUei.
 */
export function ueiProblem(uei: string): MessageKey | undefined {
  if (!/^[A-Z0-9]*$/.test(uei)) return 'errors.uei.characters'
  if (uei.length !== 12) return 'errors.uei.length'
  if (/[OI]/.test(uei)) return 'errors.uei.letters'
  if (uei.startsWith('0')) return 'errors.uei.firstZero'
  return undefined
}

/** People paste UEIs with spaces or in lower case; SAM shows them upper case without spaces. */
export function normalizeUei(value: string): string {
  return value.replace(/[\s-]+/g, '').toUpperCase()
}
