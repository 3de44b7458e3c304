import { Text } from '@react-email/components'
import { ActionEmail, styles, type EmailLanguage, type Localized } from './components/email-layout'

export type SubcontractInvitationProps = {
  parentName: string
  inviterName: string
  companyName: string
  contactName: string
  agencyName: string
  contractNumber: string
  contractTitle: string
  scope: string
  acceptUrl: string
  expiresInDays: number
}

type Strings = {
  subject: (parent: string, number: string) => string
  preview: (parent: string) => string
  heading: string
  greeting: (contact: string) => string
  body: (inviter: string, parent: string, company: string) => string
  contract: string
  scope: string
  why: string
  button: string
  expires: (days: number) => string
  ignore: string
}

export const subcontractInvitationStrings: Localized<Strings> = {
  en: {
    subject: (parent, number) => `${parent} invites you as a subcontractor on public contract ${number}`,
    preview: (parent) => `${parent} asks you to certify anti-trafficking compliance as its subcontractor.`,
    heading: 'You are invited as a subcontractor on a public contract',
    greeting: (contact) => `Hello ${contact},`,
    body: (inviter, parent, company) => `${inviter} of ${parent} added ${company} as a subcontractor on this public contract:`,
    contract: 'Contract',
    scope: 'Your scope',
    why: 'Federal rules flow the anti-trafficking clause down to every subcontract (FAR 52.222-50(i)): each subcontractor keeps its own policy, trains its workers and certifies every year. Accept with your company’s account (or create one); an owner of the company accepts.',
    button: 'Accept the subcontract',
    expires: (days) => (days === 1 ? 'This link expires in 1 day.' : `This link expires in ${days} days.`),
    ignore: 'If your company does not work on this contract, ignore this email or tell the sender.',
  },
  es: {
    subject: (parent, number) => `${parent} le invita como subcontratista en el contrato público ${number}`,
    preview: (parent) => `${parent} le pide certificar el cumplimiento contra la trata como su subcontratista.`,
    heading: 'Le invitan como subcontratista en un contrato público',
    greeting: (contact) => `Hola, ${contact}:`,
    body: (inviter, parent, company) => `${inviter}, de ${parent}, registró a ${company} como subcontratista en este contrato público:`,
    contract: 'Contrato',
    scope: 'Su alcance',
    why: 'Las normas federales extienden la cláusula contra la trata a todos los subcontratos (FAR 52.222-50(i)): cada subcontratista mantiene su propia política, capacita a sus trabajadores y certifica cada año. Acepte con la cuenta de su empresa (o cree una); acepta un propietario de la empresa.',
    button: 'Aceptar el subcontrato',
    expires: (days) => (days === 1 ? 'Este enlace vence en 1 día.' : `Este enlace vence en ${days} días.`),
    ignore: 'Si su empresa no trabaja en este contrato, ignore este correo o avise a quien lo envió.',
  },
}

export function subcontractInvitationSubject(props: SubcontractInvitationProps, language: EmailLanguage): string {
  return subcontractInvitationStrings[language].subject(props.parentName, props.contractNumber)
}

export function SubcontractInvitation({
  language,
  parentName,
  inviterName,
  companyName,
  contactName,
  agencyName,
  contractNumber,
  contractTitle,
  scope,
  acceptUrl,
  expiresInDays,
}: SubcontractInvitationProps & { language: EmailLanguage }) {
  const t = subcontractInvitationStrings[language]
  return (
    <ActionEmail
      language={language}
      preview={t.preview(parentName)}
      heading={t.heading}
      action={{ href: acceptUrl, label: t.button }}
      expiry={t.expires(expiresInDays)}
      closingNote={t.ignore}
    >
      <Text style={styles.paragraph}>{t.greeting(contactName)}</Text>
      <Text style={styles.paragraph}>{t.body(inviterName, parentName, companyName)}</Text>
      <Text style={styles.paragraph}>
        {t.contract}: <strong>{contractNumber}</strong> — {contractTitle} ({agencyName})
      </Text>
      <Text style={styles.paragraph}>
        {t.scope}: {scope}
      </Text>
      <Text style={styles.small}>{t.why}</Text>
    </ActionEmail>
  )
}

export default SubcontractInvitation
