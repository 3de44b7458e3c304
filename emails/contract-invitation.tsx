import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type ContractInvitationProps = {
  agencyName: string
  contractNumber: string
  contractTitle: string
  inviterName: string
  acceptUrl: string
  expiresInDays: number
}

type Strings = {
  subject: (agency: string, number: string) => string
  preview: (agency: string) => string
  heading: string
  body: (inviter: string, agency: string) => string
  contract: string
  why: string
  button: string
  expires: (days: number) => string
  ignore: string
}

export const contractInvitationStrings: Localized<Strings> = {
  en: {
    subject: (agency, number) => `${agency}: certify anti-trafficking compliance for contract ${number}`,
    preview: (agency) => `${agency} asks you to certify anti-trafficking compliance on the portal.`,
    heading: 'A public contract needs your anti-trafficking certification',
    body: (inviter, agency) => `${inviter} of ${agency} added your company as the prime contractor of this contract:`,
    contract: 'Contract',
    why: 'Contractors on public contracts certify every year that they prevent human trafficking, keep a compliance plan and train their workers (FAR 52.222-50 and 52.222-56). Accept to link the contract to your company on the portal; you can then attest for it.',
    button: 'Link the contract to my company',
    expires: (days) => (days === 1 ? 'This link expires in 1 day.' : `This link expires in ${days} days.`),
    ignore: 'If your company does not hold this contract, ignore this email or tell the agency.',
  },
  es: {
    subject: (agency, number) => `${agency}: certifique el cumplimiento contra la trata para el contrato ${number}`,
    preview: (agency) => `${agency} le pide certificar en el portal el cumplimiento contra la trata de personas.`,
    heading: 'Un contrato público necesita su certificación contra la trata de personas',
    body: (inviter, agency) => `${inviter}, de ${agency}, registró a su empresa como contratista principal de este contrato:`,
    contract: 'Contrato',
    why: 'Los contratistas de contratos públicos certifican cada año que previenen la trata de personas, mantienen un plan de cumplimiento y capacitan a sus trabajadores (FAR 52.222-50 y 52.222-56). Acepte para vincular el contrato a su empresa en el portal; después podrá presentar su declaración.',
    button: 'Vincular el contrato a mi empresa',
    expires: (days) => (days === 1 ? 'Este enlace vence en 1 día.' : `Este enlace vence en ${days} días.`),
    ignore: 'Si su empresa no tiene este contrato, ignore este correo o avise a la agencia.',
  },
}

export function contractInvitationSubject(props: ContractInvitationProps, language: EmailLanguage): string {
  return contractInvitationStrings[language].subject(props.agencyName, props.contractNumber)
}

export function ContractInvitation({
  language,
  agencyName,
  contractNumber,
  contractTitle,
  inviterName,
  acceptUrl,
  expiresInDays,
}: ContractInvitationProps & { language: EmailLanguage }) {
  const t = contractInvitationStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview(agencyName)}
      heading={t.heading}
      action={{ href: acceptUrl, label: t.button }}
      expiry={t.expires(expiresInDays)}
      closingNote={t.ignore}
    >
      <Text style={styles.paragraph}>{t.body(inviterName, agencyName)}</Text>
      <Text style={styles.paragraph}>
        {t.contract}: <strong>{contractNumber}</strong> — {contractTitle}
      </Text>
      <Text style={styles.small}>{t.why}</Text>
    </ActionEmail>
  )
}

export default ContractInvitation
