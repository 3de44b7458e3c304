import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'
import { formatEmailDate } from './format'

type CertificateLine = { certificateNumber: string; vendorName: string; date: string }

export type AgencyDigestProps = {
  agencyName: string
  /** YYYY-MM-DD: the day the digest was made, in the agency's time zone. */
  weekOf: string
  pendingReviews: number
  /** Valid certificates that expire within 30 days (date: last day of validity). */
  expiring: CertificateLine[]
  /** Certificates revoked in the last 7 days (date: day of revocation). */
  revoked: CertificateLine[]
  /** The agency's review queue. */
  url: string
}

type Strings = {
  subject: (agency: string) => string
  heading: (date: string) => string
  pending: (count: number) => string
  expiring: (count: number) => string
  revoked: (count: number) => string
  expiringLine: (line: CertificateLine, date: string) => string
  revokedLine: (line: CertificateLine, date: string) => string
  button: string
  next: string
  closing: string
}

export const agencyDigestStrings: Localized<Strings> = {
  en: {
    subject: (agency) => `Weekly vendor certification summary for ${agency}`,
    heading: (date) => `Week of ${date}`,
    pending: (count) => (count === 1 ? '1 declaration waits for your review.' : `${count} declarations wait for your review.`),
    expiring: (count) => (count === 1 ? '1 certificate expires within 30 days:' : `${count} certificates expire within 30 days:`),
    revoked: (count) => (count === 1 ? '1 certificate was revoked this week:' : `${count} certificates were revoked this week:`),
    expiringLine: (line, date) => `${line.certificateNumber} — ${line.vendorName}, valid until ${date}`,
    revokedLine: (line, date) => `${line.certificateNumber} — ${line.vendorName}, revoked ${date}`,
    button: 'Open the review queue',
    next: 'Vendors are reminded of their own expiry dates; this summary is for your planning.',
    closing: 'You receive this email as a compliance contact of the agency.',
  },
  es: {
    subject: (agency) => `Resumen semanal de certificación de proveedores de ${agency}`,
    heading: (date) => `Semana del ${date}`,
    pending: (count) => (count === 1 ? '1 declaración espera su revisión.' : `${count} declaraciones esperan su revisión.`),
    expiring: (count) => (count === 1 ? '1 certificado vence en los próximos 30 días:' : `${count} certificados vencen en los próximos 30 días:`),
    revoked: (count) => (count === 1 ? '1 certificado fue revocado esta semana:' : `${count} certificados fueron revocados esta semana:`),
    expiringLine: (line, date) => `${line.certificateNumber} — ${line.vendorName}, válido hasta el ${date}`,
    revokedLine: (line, date) => `${line.certificateNumber} — ${line.vendorName}, revocado el ${date}`,
    button: 'Abrir la cola de revisión',
    next: 'Los proveedores reciben recordatorios de sus propias fechas de vencimiento; este resumen es para su planificación.',
    closing: 'Recibe este correo como contacto de cumplimiento de la agencia.',
  },
}

export function agencyDigestSubject(props: AgencyDigestProps, language: EmailLanguage): string {
  return agencyDigestStrings[language].subject(props.agencyName)
}

export function AgencyDigestEmail({ language, agencyName, weekOf, pendingReviews, expiring, revoked, url }: AgencyDigestProps & { language: EmailLanguage }) {
  const t = agencyDigestStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.subject(agencyName)}
      heading={t.heading(formatEmailDate(weekOf, language))}
      action={{ href: url, label: t.button }}
      expiry={t.next}
      closingNote={t.closing}
    >
      <Text style={styles.paragraph}>{t.pending(pendingReviews)}</Text>
      <Text style={styles.paragraph}>{t.expiring(expiring.length)}</Text>
      {expiring.map((line) => (
        <Text key={line.certificateNumber} style={styles.small}>
          {t.expiringLine(line, formatEmailDate(line.date, language))}
        </Text>
      ))}
      <Text style={styles.paragraph}>{t.revoked(revoked.length)}</Text>
      {revoked.map((line) => (
        <Text key={line.certificateNumber} style={styles.small}>
          {t.revokedLine(line, formatEmailDate(line.date, language))}
        </Text>
      ))}
    </ActionEmail>
  )
}

export default AgencyDigestEmail
