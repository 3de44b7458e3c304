import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type VerifyEmailProps = {
  recipientName: string
  verifyUrl: string
  expiresInHours: number
}

type VerifyEmailStrings = {
  subject: string
  preview: string
  heading: string
  greeting: (name: string) => string
  intro: string
  button: string
  expires: (hours: number) => string
  notYou: string
}

export const verifyEmailStrings: Localized<VerifyEmailStrings> = {
  en: {
    subject: 'Confirm your email address',
    preview: 'Confirm your email address to finish setting up your account.',
    heading: 'Confirm your email address',
    greeting: (name) => `Hello ${name},`,
    intro:
      'Please confirm your email address to finish setting up your account on the Trafficking-Free Vendor Portal.',
    button: 'Confirm email address',
    expires: (hours) => (hours === 1 ? 'This link expires in 1 hour.' : `This link expires in ${hours} hours.`),
    notYou: 'If you did not create an account, you can ignore this email.',
  },
  es: {
    subject: 'Confirme su dirección de correo electrónico',
    preview: 'Confirme su dirección de correo electrónico para terminar de configurar su cuenta.',
    heading: 'Confirme su dirección de correo electrónico',
    greeting: (name) => `Hola, ${name}:`,
    intro:
      'Confirme su dirección de correo electrónico para terminar de configurar su cuenta en el Portal de Proveedores Libres de Trata.',
    button: 'Confirmar correo electrónico',
    expires: (hours) => (hours === 1 ? 'Este enlace caduca en 1 hora.' : `Este enlace caduca en ${hours} horas.`),
    notYou: 'Si usted no creó una cuenta, puede ignorar este correo.',
  },
}

export function verifyEmailSubject(_props: VerifyEmailProps, language: EmailLanguage): string {
  return verifyEmailStrings[language].subject
}

export function VerifyEmail({
  language,
  recipientName,
  verifyUrl,
  expiresInHours,
}: VerifyEmailProps & { language: EmailLanguage }) {
  const t = verifyEmailStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview}
      heading={t.heading}
      action={{ href: verifyUrl, label: t.button }}
      expiry={t.expires(expiresInHours)}
      closingNote={t.notYou}
    >
      <Text style={styles.paragraph}>{t.greeting(recipientName)}</Text>
      <Text style={styles.paragraph}>{t.intro}</Text>
    </ActionEmail>
  )
}

export default VerifyEmail
