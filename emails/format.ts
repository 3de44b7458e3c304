import type { EmailLanguage } from './components/email-layout'

/** A calendar date (YYYY-MM-DD) written out for the reader, e.g. "January 15, 2027" / "15 de enero de 2027". */
export function formatEmailDate(isoDate: string, language: EmailLanguage): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return isoDate
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(date)
}
