import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'
import { formatEmailDate } from './format'

export type CertificateExpiryProps = {
  vendorName: string
  agencyName: string
  certificateNumber: string
  /** Last day of validity, YYYY-MM-DD in the agency's time zone. */
  validUntil: string
  /** Days from the reminder to the expiry date: 30 = thirty days before, 0 = today, -7 = a week after. */
  daysBefore: number
  /** The vendor's compliance contacts, or the agency's (escalation after expiry). */
  audience: 'vendor' | 'agency'
  /** Vendor: start the renewal declaration; agency: the vendor's certificates under review. */
  url: string
}

type Strings = {
  subject: (p: CertificateExpiryProps) => string
  heading: (p: CertificateExpiryProps) => string
  when: (p: CertificateExpiryProps, date: string) => string
  number: string
  button: (p: CertificateExpiryProps) => string
  next: (p: CertificateExpiryProps) => string
  closing: (p: CertificateExpiryProps) => string
}

function inDays(days: number, en: boolean): string {
  const n = Math.abs(days)
  if (en) return n === 1 ? '1 day' : `${n} days`
  return n === 1 ? '1 día' : `${n} días`
}

// FAR 52.222-56(b): the certification is renewed annually (and before award of each contract),
// so vendors are reminded before their certificate lapses.
export const certificateExpiryStrings: Localized<Strings> = {
  en: {
    subject: (p) =>
      p.audience === 'agency'
        ? `Not renewed: certificate ${p.certificateNumber} of ${p.vendorName} expired`
        : p.daysBefore > 0
          ? `Your anti-trafficking certificate expires in ${inDays(p.daysBefore, true)}`
          : p.daysBefore === 0
            ? 'Your anti-trafficking certificate expires today'
            : `Your anti-trafficking certificate expired ${inDays(p.daysBefore, true)} ago`,
    heading: (p) =>
      p.audience === 'agency'
        ? 'A vendor certificate expired without renewal'
        : p.daysBefore >= 0
          ? 'Renew your certificate of compliance'
          : 'Your certificate of compliance has expired',
    when: (p, date) =>
      p.audience === 'agency'
        ? `The certificate of compliance of ${p.vendorName} for ${p.agencyName} expired on ${date} and has not been renewed.`
        : p.daysBefore >= 0
          ? `The certificate of compliance of ${p.vendorName} for ${p.agencyName} is valid until ${date}.`
          : `The certificate of compliance of ${p.vendorName} for ${p.agencyName} expired on ${date}.`,
    number: 'Certificate number',
    button: (p) => (p.audience === 'agency' ? 'Open the vendor reviews' : 'Start the renewal'),
    next: (p) =>
      p.audience === 'agency'
        ? 'The vendor has been reminded several times. You may want to contact them before the next payment or award.'
        : 'Renewing means submitting an updated declaration; once it is approved, a new certificate replaces this one and these reminders stop.',
    closing: (p) =>
      p.audience === 'agency'
        ? 'You receive this email as a compliance contact of the agency.'
        : 'You receive this email as a compliance contact of your organization.',
  },
  es: {
    subject: (p) =>
      p.audience === 'agency'
        ? `Sin renovar: venció el certificado ${p.certificateNumber} de ${p.vendorName}`
        : p.daysBefore > 0
          ? `Su certificado contra la trata de personas vence en ${inDays(p.daysBefore, false)}`
          : p.daysBefore === 0
            ? 'Su certificado contra la trata de personas vence hoy'
            : `Su certificado contra la trata de personas venció hace ${inDays(p.daysBefore, false)}`,
    heading: (p) =>
      p.audience === 'agency'
        ? 'Venció un certificado de proveedor sin renovarse'
        : p.daysBefore >= 0
          ? 'Renueve su certificado de cumplimiento'
          : 'Su certificado de cumplimiento venció',
    when: (p, date) =>
      p.audience === 'agency'
        ? `El certificado de cumplimiento de ${p.vendorName} para ${p.agencyName} venció el ${date} y no se ha renovado.`
        : p.daysBefore >= 0
          ? `El certificado de cumplimiento de ${p.vendorName} para ${p.agencyName} es válido hasta el ${date}.`
          : `El certificado de cumplimiento de ${p.vendorName} para ${p.agencyName} venció el ${date}.`,
    number: 'Número de certificado',
    button: (p) => (p.audience === 'agency' ? 'Abrir las revisiones de proveedores' : 'Iniciar la renovación'),
    next: (p) =>
      p.audience === 'agency'
        ? 'El proveedor recibió varios recordatorios. Puede comunicarse con él antes del próximo pago o adjudicación.'
        : 'Para renovar, presente una declaración actualizada; cuando se apruebe, un nuevo certificado reemplaza a este y estos recordatorios terminan.',
    closing: (p) =>
      p.audience === 'agency'
        ? 'Recibe este correo como contacto de cumplimiento de la agencia.'
        : 'Recibe este correo como contacto de cumplimiento de su organización.',
  },
}

export function certificateExpirySubject(props: CertificateExpiryProps, language: EmailLanguage): string {
  return certificateExpiryStrings[language].subject(props)
}

export function CertificateExpiryEmail(props: CertificateExpiryProps & { language: EmailLanguage }) {
  const { language } = props
  const t = certificateExpiryStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.subject(props)}
      heading={t.heading(props)}
      action={{ href: props.url, label: t.button(props) }}
      expiry={t.next(props)}
      closingNote={t.closing(props)}
    >
      <Text style={styles.paragraph}>{t.when(props, formatEmailDate(props.validUntil, language))}</Text>
      <Text style={styles.paragraph}>
        {t.number}: <strong>{props.certificateNumber}</strong>
      </Text>
    </ActionEmail>
  )
}

export default CertificateExpiryEmail
