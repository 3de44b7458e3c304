import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type AttestationDecision = 'approved' | 'changes_requested' | 'rejected'

export type AttestationDecisionProps = {
  vendorName: string
  agencyName: string
  decision: AttestationDecision
  contractNumbers: string[]
  /** The reviewer's reason, shown as written (required for a rejection). */
  reason?: string
  /** How many questions the reviewer commented on. */
  commentsCount: number
  /** The vendor's page of the declaration. */
  url: string
}

type Strings = {
  subject: Record<AttestationDecision, (agency: string) => string>
  preview: Record<AttestationDecision, (agency: string) => string>
  heading: Record<AttestationDecision, string>
  body: Record<AttestationDecision, (agency: string, vendor: string) => string>
  contracts: (count: number) => string
  reason: string
  comments: (count: number) => string
  button: Record<AttestationDecision, string>
  next: Record<AttestationDecision, string>
  closing: string
}

// Sent to the vendor's compliance contacts and the signing official once an agency decides on a
// declaration (product.md §9). The reason is the reviewer's own text; per-item comments stay on the portal.
export const attestationDecisionStrings: Localized<Strings> = {
  en: {
    subject: {
      approved: (agency) => `${agency} approved your anti-trafficking declaration`,
      changes_requested: (agency) => `${agency} asks for changes to your anti-trafficking declaration`,
      rejected: (agency) => `${agency} rejected your anti-trafficking declaration`,
    },
    preview: {
      approved: (agency) => `${agency} reviewed and approved your declaration.`,
      changes_requested: (agency) => `${agency} reviewed your declaration and asks you to revise some answers.`,
      rejected: (agency) => `${agency} reviewed your declaration and did not accept it.`,
    },
    heading: {
      approved: 'Your declaration was approved',
      changes_requested: 'Your declaration needs changes',
      rejected: 'Your declaration was rejected',
    },
    body: {
      approved: (agency, vendor) => `${agency} reviewed the anti-trafficking declaration of ${vendor} and approved it.`,
      changes_requested: (agency, vendor) =>
        `${agency} reviewed the anti-trafficking declaration of ${vendor} and asks you to revise it before it can be approved.`,
      rejected: (agency, vendor) => `${agency} reviewed the anti-trafficking declaration of ${vendor} and rejected it.`,
    },
    contracts: (count) => (count === 1 ? 'Contract' : 'Contracts'),
    reason: 'Reason given by the agency',
    comments: (count) =>
      count === 1 ? 'The agency commented on 1 question.' : `The agency commented on ${count} questions.`,
    button: {
      approved: 'View the declaration',
      changes_requested: 'Review the comments and revise',
      rejected: 'View the declaration',
    },
    next: {
      approved: 'No action is needed from you now. Remember that the certification is renewed every year.',
      changes_requested: 'Open the declaration, correct the answers the agency commented on, and submit it again.',
      rejected: 'If your situation has changed, you can submit a new declaration on the portal.',
    },
    closing: 'You receive this email as a compliance contact or as the official who signed the declaration.',
  },
  es: {
    subject: {
      approved: (agency) => `${agency} aprobó su declaración contra la trata de personas`,
      changes_requested: (agency) => `${agency} pide cambios en su declaración contra la trata de personas`,
      rejected: (agency) => `${agency} rechazó su declaración contra la trata de personas`,
    },
    preview: {
      approved: (agency) => `${agency} revisó y aprobó su declaración.`,
      changes_requested: (agency) => `${agency} revisó su declaración y le pide corregir algunas respuestas.`,
      rejected: (agency) => `${agency} revisó su declaración y no la aceptó.`,
    },
    heading: {
      approved: 'Su declaración fue aprobada',
      changes_requested: 'Su declaración necesita cambios',
      rejected: 'Su declaración fue rechazada',
    },
    body: {
      approved: (agency, vendor) =>
        `${agency} revisó la declaración contra la trata de personas de ${vendor} y la aprobó.`,
      changes_requested: (agency, vendor) =>
        `${agency} revisó la declaración contra la trata de personas de ${vendor} y le pide corregirla antes de aprobarla.`,
      rejected: (agency, vendor) =>
        `${agency} revisó la declaración contra la trata de personas de ${vendor} y la rechazó.`,
    },
    contracts: (count) => (count === 1 ? 'Contrato' : 'Contratos'),
    reason: 'Motivo indicado por la agencia',
    comments: (count) => (count === 1 ? 'La agencia comentó 1 pregunta.' : `La agencia comentó ${count} preguntas.`),
    button: {
      approved: 'Ver la declaración',
      changes_requested: 'Ver los comentarios y corregir',
      rejected: 'Ver la declaración',
    },
    next: {
      approved: 'Por ahora no tiene que hacer nada. Recuerde que la certificación se renueva cada año.',
      changes_requested: 'Abra la declaración, corrija las respuestas que la agencia comentó y vuelva a presentarla.',
      rejected: 'Si su situación cambió, puede presentar una nueva declaración en el portal.',
    },
    closing: 'Recibe este correo como contacto de cumplimiento o como representante que firmó la declaración.',
  },
}

export function attestationDecisionSubject(props: AttestationDecisionProps, language: EmailLanguage): string {
  return attestationDecisionStrings[language].subject[props.decision](props.agencyName)
}

export function AttestationDecisionEmail({
  language,
  vendorName,
  agencyName,
  decision,
  contractNumbers,
  reason,
  commentsCount,
  url,
}: AttestationDecisionProps & { language: EmailLanguage }) {
  const t = attestationDecisionStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview[decision](agencyName)}
      heading={t.heading[decision]}
      action={{ href: url, label: t.button[decision] }}
      expiry={t.next[decision]}
      closingNote={t.closing}
    >
      <Text style={styles.paragraph}>{t.body[decision](agencyName, vendorName)}</Text>
      {contractNumbers.length > 0 ? (
        <Text style={styles.paragraph}>
          {t.contracts(contractNumbers.length)}: <strong>{contractNumbers.join(', ')}</strong>
        </Text>
      ) : null}
      {reason ? (
        <Text style={styles.paragraph}>
          {t.reason}: {reason}
        </Text>
      ) : null}
      {commentsCount > 0 ? <Text style={styles.paragraph}>{t.comments(commentsCount)}</Text> : null}
    </ActionEmail>
  )
}

export default AttestationDecisionEmail
