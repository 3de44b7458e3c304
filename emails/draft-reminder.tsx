import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'
import { formatEmailDate } from './format'

export type DraftReminderProps = {
  organizationName: string
  /** YYYY-MM-DD of the last change to the draft. */
  lastEditedOn: string
  idleDays: number
  /** The draft declaration's page. */
  url: string
}

type Strings = {
  subject: string
  heading: string
  body: (organization: string, date: string, days: number) => string
  button: string
  next: string
  closing: string
}

export const draftReminderStrings: Localized<Strings> = {
  en: {
    subject: 'Your anti-trafficking declaration is still a draft',
    heading: 'Finish your declaration',
    body: (organization, date, days) =>
      `The anti-trafficking declaration of ${organization} was last edited on ${date} (${days} days ago) and has not been submitted.`,
    button: 'Continue the declaration',
    next: 'Answer the remaining questions, have your authorized official sign, and submit it to the agency.',
    closing: 'You receive this email as a compliance contact of your organization.',
  },
  es: {
    subject: 'Su declaración contra la trata de personas sigue en borrador',
    heading: 'Termine su declaración',
    body: (organization, date, days) =>
      `La declaración contra la trata de personas de ${organization} se editó por última vez el ${date} (hace ${days} días) y no se ha presentado.`,
    button: 'Continuar la declaración',
    next: 'Responda las preguntas pendientes, pida la firma de su representante autorizado y preséntela a la agencia.',
    closing: 'Recibe este correo como contacto de cumplimiento de su organización.',
  },
}

export function draftReminderSubject(_props: DraftReminderProps, language: EmailLanguage): string {
  return draftReminderStrings[language].subject
}

export function DraftReminderEmail({ language, organizationName, lastEditedOn, idleDays, url }: DraftReminderProps & { language: EmailLanguage }) {
  const t = draftReminderStrings[language]
  return (
    <ActionEmail language={language} preview={t.subject} heading={t.heading} action={{ href: url, label: t.button }} expiry={t.next} closingNote={t.closing}>
      <Text style={styles.paragraph}>{t.body(organizationName, formatEmailDate(lastEditedOn, language), idleDays)}</Text>
    </ActionEmail>
  )
}

export default DraftReminderEmail
