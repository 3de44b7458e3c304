import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type CertificateRevokedProps = {
  vendorName: string
  agencyName: string
  /** The certificate's public number. */
  number: string
  /** The agency's reason, shown as written (it is also public on the verification page). */
  reason: string
  revokedAt: Date
  /** The vendor's page of the certificate on the portal. */
  url: string
  /** The public verification page of the certificate. */
  verifyUrl: string
}

type Strings = {
  subject: (agency: string, number: string) => string
  preview: (agency: string) => string
  heading: string
  body: (agency: string, vendor: string, number: string, date: string) => string
  reason: string
  verify: string
  button: string
  next: string
  closing: string
}

// Sent to the vendor's compliance contacts and owners once an agency revokes one of its
// certificates (product.md §6: "vendor notified"). The reason is the agency's own text.
export const certificateRevokedStrings: Localized<Strings> = {
  en: {
    subject: (agency, number) => `${agency} revoked your certificate ${number}`,
    preview: (agency) => `${agency} revoked your anti-trafficking compliance certificate.`,
    heading: 'Your certificate was revoked',
    body: (agency, vendor, number, date) =>
      `${agency} revoked certificate ${number} of ${vendor} on ${date}. From now on it no longer certifies your organization, on the portal, on the public verification page and in the verification API.`,
    reason: 'Reason given by the agency',
    verify: 'Anyone checking the certificate now sees it as revoked:',
    button: 'View the certificate',
    next: 'If you believe this is a mistake, contact the agency’s contracting officer. To be certified again, submit a new declaration on the portal.',
    closing: 'You receive this email as a compliance contact or as an owner of the organization.',
  },
  es: {
    subject: (agency, number) => `${agency} revocó su certificado ${number}`,
    preview: (agency) => `${agency} revocó su certificado de cumplimiento contra la trata de personas.`,
    heading: 'Su certificado fue revocado',
    body: (agency, vendor, number, date) =>
      `${agency} revocó el certificado ${number} de ${vendor} el ${date}. Desde ahora ya no certifica a su organización, ni en el portal, ni en la página pública de verificación, ni en la API de verificación.`,
    reason: 'Motivo indicado por la agencia',
    verify: 'Quien compruebe el certificado ahora lo verá como revocado:',
    button: 'Ver el certificado',
    next: 'Si cree que se trata de un error, comuníquese con el oficial de contrataciones de la agencia. Para volver a obtener la certificación, presente una nueva declaración en el portal.',
    closing: 'Recibe este correo como contacto de cumplimiento o como propietario de la organización.',
  },
}

/** The day of the revocation in Los Angeles time, as the portal shows dates. */
function formatRevocationDate(date: Date, language: EmailLanguage): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-US', {
    dateStyle: 'long',
    timeZone: 'America/Los_Angeles',
  }).format(new Date(date))
}

export function certificateRevokedSubject(props: CertificateRevokedProps, language: EmailLanguage): string {
  return certificateRevokedStrings[language].subject(props.agencyName, props.number)
}

export function CertificateRevokedEmail({
  language,
  vendorName,
  agencyName,
  number,
  reason,
  revokedAt,
  url,
  verifyUrl,
}: CertificateRevokedProps & { language: EmailLanguage }) {
  const t = certificateRevokedStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview(agencyName)}
      heading={t.heading}
      action={{ href: url, label: t.button }}
      expiry={t.next}
      closingNote={t.closing}
    >
      <Text style={styles.paragraph}>{t.body(agencyName, vendorName, number, formatRevocationDate(revokedAt, language))}</Text>
      <Text style={styles.paragraph}>
        {t.reason}: {reason}
      </Text>
      <Text style={styles.paragraph}>
        {t.verify} {verifyUrl}
      </Text>
    </ActionEmail>
  )
}

export default CertificateRevokedEmail
