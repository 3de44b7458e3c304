import { render } from '@react-email/render'
import { createElement, type ReactElement } from 'react'
import {
  AttestationDecisionEmail,
  attestationDecisionSubject,
  type AttestationDecisionProps,
} from './attestation-decision'
import { CertificateRevokedEmail, certificateRevokedSubject, type CertificateRevokedProps } from './certificate-revoked'
import type { EmailLanguage } from './components/email-layout'
import { ContractInvitation, contractInvitationSubject, type ContractInvitationProps } from './contract-invitation'
import { Invitation, invitationSubject, type InvitationProps } from './invitation'
import { SubcontractInvitation, subcontractInvitationSubject, type SubcontractInvitationProps } from './subcontract-invitation'
import { ResetPassword, resetPasswordSubject, type ResetPasswordProps } from './reset-password'
import { VerifyEmail, verifyEmailSubject, type VerifyEmailProps } from './verify-email'
import { AgencyDigestEmail, agencyDigestSubject, type AgencyDigestProps } from './agency-digest'
import { CertificateExpiryEmail, certificateExpirySubject, type CertificateExpiryProps } from './certificate-expiry'
import { DraftReminderEmail, draftReminderSubject, type DraftReminderProps } from './draft-reminder'
import { TrainingRefresherEmail, trainingRefresherSubject, type TrainingRefresherProps } from './training-refresher'

export type { EmailLanguage } from './components/email-layout'
export const emailLanguages = ['en', 'es'] as const satisfies readonly EmailLanguage[]

type EmailPropsByKind = {
  verifyEmail: VerifyEmailProps
  resetPassword: ResetPasswordProps
  invitation: InvitationProps
  contractInvitation: ContractInvitationProps
  attestationDecision: AttestationDecisionProps
  certificateRevoked: CertificateRevokedProps
  subcontractInvitation: SubcontractInvitationProps
  certificateExpiry: CertificateExpiryProps
  trainingRefresher: TrainingRefresherProps
  draftReminder: DraftReminderProps
  agencyDigest: AgencyDigestProps
}

type EmailTemplate<P> = {
  element: (props: P, language: EmailLanguage) => ReactElement
  subject: (props: P, language: EmailLanguage) => string
}

export const emailTemplates: { readonly [K in keyof EmailPropsByKind]: EmailTemplate<EmailPropsByKind[K]> } = {
  verifyEmail: {
    element: (props, language) => createElement(VerifyEmail, { ...props, language }),
    subject: verifyEmailSubject,
  },
  resetPassword: {
    element: (props, language) => createElement(ResetPassword, { ...props, language }),
    subject: resetPasswordSubject,
  },
  invitation: {
    element: (props, language) => createElement(Invitation, { ...props, language }),
    subject: invitationSubject,
  },
  contractInvitation: {
    element: (props, language) => createElement(ContractInvitation, { ...props, language }),
    subject: contractInvitationSubject,
  },
  attestationDecision: {
    element: (props, language) => createElement(AttestationDecisionEmail, { ...props, language }),
    subject: attestationDecisionSubject,
  },
  certificateRevoked: {
    element: (props, language) => createElement(CertificateRevokedEmail, { ...props, language }),
    subject: certificateRevokedSubject,
  },
  subcontractInvitation: {
    element: (props, language) => createElement(SubcontractInvitation, { ...props, language }),
    subject: subcontractInvitationSubject,
  },
  certificateExpiry: {
    element: (props, language) => createElement(CertificateExpiryEmail, { ...props, language }),
    subject: certificateExpirySubject,
  },
  trainingRefresher: {
    element: (props, language) => createElement(TrainingRefresherEmail, { ...props, language }),
    subject: trainingRefresherSubject,
  },
  draftReminder: {
    element: (props, language) => createElement(DraftReminderEmail, { ...props, language }),
    subject: draftReminderSubject,
  },
  agencyDigest: {
    element: (props, language) => createElement(AgencyDigestEmail, { ...props, language }),
    subject: agencyDigestSubject,
  },
}

export type EmailKind = keyof typeof emailTemplates
export type PropsOf<K extends EmailKind> = EmailPropsByKind[K]

export type RenderedEmail = { subject: string; html: string; text: string }

export async function renderEmail<K extends keyof typeof emailTemplates>(
  kind: K,
  props: PropsOf<K>,
  language: EmailLanguage,
): Promise<RenderedEmail> {
  const template: EmailTemplate<PropsOf<K>> = emailTemplates[kind]
  const element = template.element(props, language)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: template.subject(props, language), html, text }
}
