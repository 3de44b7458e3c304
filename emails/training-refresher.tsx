import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'
import { formatEmailDate } from './format'

export type TrainingRefresherProps = {
  organizationName: string
  workers: {
    workerRef: string
    displayName: string | null
    /** { "en": "...", "es": "..." } as stored on the training module. */
    moduleTitles: Record<string, string>
    /** YYYY-MM-DD */
    expiresOn: string
  }[]
  /** The organization's training records page. */
  url: string
}

type Strings = {
  subject: (count: number) => string
  heading: string
  intro: (organization: string, count: number) => string
  line: (worker: string, module: string, date: string) => string
  button: string
  next: string
  closing: string
}

// FAR 52.222-50(h)(3)(ii): the compliance plan includes an awareness program for employees;
// refresher training keeps every worker covered before a record lapses.
export const trainingRefresherStrings: Localized<Strings> = {
  en: {
    subject: (count) => (count === 1 ? 'Anti-trafficking training expires soon for 1 worker' : `Anti-trafficking training expires soon for ${count} workers`),
    heading: 'Refresher training is due',
    intro: (organization, count) =>
      `${count === 1 ? 'One training record' : `${count} training records`} of ${organization} expire within 30 days:`,
    line: (worker, module, date) => `${worker} — ${module}, expires ${date}`,
    button: 'Open training records',
    next: 'Schedule the refresher training and record it on the portal before these dates.',
    closing: 'You receive this email as a compliance contact of your organization.',
  },
  es: {
    subject: (count) =>
      count === 1 ? 'La capacitación contra la trata vence pronto para 1 trabajador' : `La capacitación contra la trata vence pronto para ${count} trabajadores`,
    heading: 'Toca la capacitación de actualización',
    intro: (organization, count) =>
      `${count === 1 ? 'Un registro de capacitación' : `${count} registros de capacitación`} de ${organization} vencen en los próximos 30 días:`,
    line: (worker, module, date) => `${worker} — ${module}, vence el ${date}`,
    button: 'Abrir los registros de capacitación',
    next: 'Programe la capacitación de actualización y regístrela en el portal antes de esas fechas.',
    closing: 'Recibe este correo como contacto de cumplimiento de su organización.',
  },
}

export function trainingRefresherSubject(props: TrainingRefresherProps, language: EmailLanguage): string {
  return trainingRefresherStrings[language].subject(props.workers.length)
}

export function TrainingRefresherEmail({ language, organizationName, workers, url }: TrainingRefresherProps & { language: EmailLanguage }) {
  const t = trainingRefresherStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.subject(workers.length)}
      heading={t.heading}
      action={{ href: url, label: t.button }}
      expiry={t.next}
      closingNote={t.closing}
    >
      <Text style={styles.paragraph}>{t.intro(organizationName, workers.length)}</Text>
      {workers.map((worker) => (
        <Text key={`${worker.workerRef}-${worker.expiresOn}`} style={styles.small}>
          {t.line(
            worker.displayName ? `${worker.displayName} (${worker.workerRef})` : worker.workerRef,
            worker.moduleTitles[language] ?? worker.moduleTitles.en ?? '',
            formatEmailDate(worker.expiresOn, language),
          )}
        </Text>
      ))}
    </ActionEmail>
  )
}

export default TrainingRefresherEmail
