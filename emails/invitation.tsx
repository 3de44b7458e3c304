import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type InvitationProps = {
  organizationName: string
  /** Already in the language of the email (the caller knows its role vocabulary). */
  roleLabel: string
  inviterName: string
  acceptUrl: string
  expiresInDays: number
}

type InvitationStrings = {
  subject: (organizationName: string) => string
  preview: (inviterName: string, organizationName: string) => string
  heading: string
  body: (inviterName: string, organizationName: string) => string
  role: string
  about: string
  button: string
  expires: (days: number) => string
  ignore: string
}

export const invitationStrings: Localized<InvitationStrings> = {
  en: {
    subject: (organization) => `You are invited to join ${organization}`,
    preview: (inviter, organization) =>
      `${inviter} invited you to join ${organization} on the Trafficking-Free Vendor Portal.`,
    heading: 'You are invited',
    body: (inviter, organization) =>
      `${inviter} invited you to join ${organization} on the Trafficking-Free Vendor Portal.`,
    role: 'Your role:',
    about:
      'Contractors use the portal to certify compliance with the anti-trafficking requirements of FAR 52.222-50 and 52.222-56.',
    button: 'Accept invitation',
    expires: (days) => (days === 1 ? 'This invitation expires in 1 day.' : `This invitation expires in ${days} days.`),
    ignore: 'If you were not expecting this invitation, you can ignore this email.',
  },
  es: {
    subject: (organization) => `Invitación para unirse a ${organization}`,
    preview: (inviter, organization) =>
      `${inviter} le invitó a unirse a ${organization} en el Portal de Proveedores Libres de Trata.`,
    heading: 'Ha recibido una invitación',
    body: (inviter, organization) =>
      `${inviter} le invitó a unirse a ${organization} en el Portal de Proveedores Libres de Trata.`,
    role: 'Su rol:',
    about:
      'Los contratistas usan el portal para certificar el cumplimiento de los requisitos contra la trata de personas de las cláusulas FAR 52.222-50 y 52.222-56.',
    button: 'Aceptar invitación',
    expires: (days) => (days === 1 ? 'Esta invitación caduca en 1 día.' : `Esta invitación caduca en ${days} días.`),
    ignore: 'Si no esperaba esta invitación, puede ignorar este correo.',
  },
}

export function invitationSubject(props: InvitationProps, language: EmailLanguage): string {
  return invitationStrings[language].subject(props.organizationName)
}

export function Invitation({
  language,
  organizationName,
  roleLabel,
  inviterName,
  acceptUrl,
  expiresInDays,
}: InvitationProps & { language: EmailLanguage }) {
  const t = invitationStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview(inviterName, organizationName)}
      heading={t.heading}
      action={{ href: acceptUrl, label: t.button }}
      expiry={t.expires(expiresInDays)}
      closingNote={t.ignore}
    >
      <Text style={styles.paragraph}>{t.body(inviterName, organizationName)}</Text>
      <Text style={styles.paragraph}>
        {t.role} <strong>{roleLabel}</strong>
      </Text>
      <Text style={styles.small}>{t.about}</Text>
    </ActionEmail>
  )
}

export default Invitation
