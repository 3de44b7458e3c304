import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type ResetPasswordProps = {
  recipientName: string
  resetUrl: string
  expiresInMinutes: number
}

type ResetPasswordStrings = {
  subject: string
  preview: string
  heading: string
  greeting: (name: string) => string
  intro: string
  button: string
  expires: (minutes: number) => string
  ignore: string
}

export const resetPasswordStrings: Localized<ResetPasswordStrings> = {
  en: {
    subject: 'Reset your password',
    preview: 'Use this link to choose a new password for your account.',
    heading: 'Reset your password',
    greeting: (name) => `Hello ${name},`,
    intro:
      'We received a request to reset the password of your account on the Trafficking-Free Vendor Portal. Use the button below to choose a new password.',
    button: 'Reset password',
    expires: (minutes) =>
      minutes === 1 ? 'This link expires in 1 minute.' : `This link expires in ${minutes} minutes.`,
    ignore: 'If you did not ask to reset your password, ignore this email. Your password will not change.',
  },
  es: {
    subject: 'Restablezca su contraseña',
    preview: 'Use este enlace para elegir una nueva contraseña para su cuenta.',
    heading: 'Restablezca su contraseña',
    greeting: (name) => `Hola, ${name}:`,
    intro:
      'Recibimos una solicitud para restablecer la contraseña de su cuenta en el Portal de Proveedores Libres de Trata. Use el botón de abajo para elegir una nueva contraseña.',
    button: 'Restablecer contraseña',
    expires: (minutes) =>
      minutes === 1 ? 'Este enlace caduca en 1 minuto.' : `Este enlace caduca en ${minutes} minutos.`,
    ignore: 'Si usted no solicitó restablecer su contraseña, ignore este correo. Su contraseña no cambiará.',
  },
}

export function resetPasswordSubject(_props: ResetPasswordProps, language: EmailLanguage): string {
  return resetPasswordStrings[language].subject
}

export function ResetPassword({
  language,
  recipientName,
  resetUrl,
  expiresInMinutes,
}: ResetPasswordProps & { language: EmailLanguage }) {
  const t = resetPasswordStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview}
      heading={t.heading}
      action={{ href: resetUrl, label: t.button }}
      expiry={t.expires(expiresInMinutes)}
      closingNote={t.ignore}
    >
      <Text style={styles.paragraph}>{t.greeting(recipientName)}</Text>
      <Text style={styles.paragraph}>{t.intro}</Text>
    </ActionEmail>
  )
}

export default ResetPassword
