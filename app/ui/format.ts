import type { Lang } from '~/i18n/i18n'

// Dates are stored in UTC and shown in Los Angeles time by default (style guide: "data").
const TIME_ZONE = 'America/Los_Angeles'
const locale = (lang: Lang) => (lang === 'es' ? 'es-US' : 'en-US')

export function formatDateTime(value: Date | string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(value))
}

export function formatDate(value: Date | string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(new Date(value))
}

/** A calendar day stored as a DATE (UTC midnight): shown as that day, in no time zone. */
export function formatDay(value: Date | string, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(value))
}
