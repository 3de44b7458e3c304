import { render } from '@react-email/render'
import { describe, expect, test } from 'vitest'
import { EmailLayout } from './components/email-layout'
import { emailSamples } from './samples'
import { emailLanguages, emailTemplates, renderEmail, type EmailKind, type PropsOf } from './templates'

// One sample per template: the link each one must carry and props that use it.
const samples: { [K in EmailKind]: { link: string; props: PropsOf<K> } } = {
  verifyEmail: {
    link: 'https://portal.test/verify-email?token=v-123',
    props: { recipientName: 'Ana Pérez', verifyUrl: 'https://portal.test/verify-email?token=v-123', expiresInHours: 24 },
  },
  resetPassword: {
    link: 'https://portal.test/reset-password?token=r-456',
    props: { recipientName: 'Sam Lee', resetUrl: 'https://portal.test/reset-password?token=r-456', expiresInMinutes: 30 },
  },
  invitation: {
    link: 'https://portal.test/invitations/i-789',
    props: {
      organizationName: 'Acme Supplies LLC',
      roleLabel: 'Compliance officer',
      inviterName: 'Maria Lopez',
      acceptUrl: 'https://portal.test/invitations/i-789',
      expiresInDays: 7,
    },
  },
  contractInvitation: {
    link: 'https://portal.test/contract-invitations/c-321',
    props: {
      agencyName: 'Pacific Coast Transit Authority',
      contractNumber: 'PCTA-2026-0147',
      contractTitle: 'Station cleaning, Metro Line B',
      inviterName: 'Jordan Reyes',
      acceptUrl: 'https://portal.test/contract-invitations/c-321',
      expiresInDays: 14,
    },
  },
  attestationDecision: {
    link: 'https://portal.test/orgs/o-1/attestations/a-654',
    props: {
      vendorName: 'Bayview Janitorial Services LLC',
      agencyName: 'Pacific Coast Transit Authority',
      decision: 'changes_requested',
      contractNumbers: ['PCTA-2026-0147', 'PCTA-2026-0150'],
      reason: 'Explain how recruitment fees are reimbursed.',
      commentsCount: 2,
      url: 'https://portal.test/orgs/o-1/attestations/a-654',
    },
  },
  certificateRevoked: { link: emailSamples.certificateRevoked.url, props: emailSamples.certificateRevoked },
  subcontractInvitation: { link: emailSamples.subcontractInvitation.acceptUrl, props: emailSamples.subcontractInvitation },
  certificateExpiry: { link: emailSamples.certificateExpiry.url, props: emailSamples.certificateExpiry },
  trainingRefresher: { link: emailSamples.trainingRefresher.url, props: emailSamples.trainingRefresher },
  draftReminder: { link: emailSamples.draftReminder.url, props: emailSamples.draftReminder },
  agencyDigest: { link: emailSamples.agencyDigest.url, props: emailSamples.agencyDigest },
}

const kinds: EmailKind[] = [
  'verifyEmail',
  'resetPassword',
  'invitation',
  'contractInvitation',
  'attestationDecision',
  'certificateRevoked',
  'subcontractInvitation',
  'certificateExpiry',
  'trainingRefresher',
  'draftReminder',
  'agencyDigest',
]
const hotlines = ['1-888-373-7888', '233733', '1-844-888-FREE', 'help@befree.org']

function renderSample(kind: EmailKind, language: 'en' | 'es') {
  return renderEmail(kind, samples[kind].props, language)
}

test('every template is covered by these tests', () => {
  expect(Object.keys(emailTemplates).sort()).toEqual([...kinds].sort())
})

describe.each(kinds)('%s', (kind) => {
  test.each(emailLanguages)('renders html and plain text in %s', async (language) => {
    const { subject, html, text } = await renderSample(kind, language)
    const { link } = samples[kind]

    expect(subject.length).toBeGreaterThan(0)
    expect(html).toMatch(/^<!DOCTYPE html/)
    expect(html).toContain(`<html dir="ltr" lang="${language}">`)
    expect(html).toContain(`href="${link}"`)
    for (const hotline of hotlines) {
      expect(html).toContain(hotline)
      expect(text).toContain(hotline)
    }

    expect(text).toContain(link)
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i)
    expect(text).not.toContain('&amp;')
  })

  test('the Spanish version is in Spanish', async () => {
    const en = await renderSample(kind, 'en')
    const es = await renderSample(kind, 'es')
    expect(es.subject).not.toBe(en.subject)
    expect(es.text).toContain('Portal de Proveedores Libres de Trata')
    expect(es.text).toContain('Línea Global contra la Trata de Personas')
    expect(es.text).not.toContain('Trafficking-Free Vendor Portal')
    expect(en.text).toContain('Trafficking-Free Vendor Portal')
    expect(en.text).toContain('Global Human Trafficking Hotline')
  })
})

test('subjects', async () => {
  const subjects = await Promise.all(
    emailLanguages.flatMap((language) => kinds.map(async (kind) => [kind, language, (await renderSample(kind, language)).subject])),
  )
  expect(subjects).toEqual([
    ['verifyEmail', 'en', 'Confirm your email address'],
    ['resetPassword', 'en', 'Reset your password'],
    ['invitation', 'en', 'You are invited to join Acme Supplies LLC'],
    ['contractInvitation', 'en', 'Pacific Coast Transit Authority: certify anti-trafficking compliance for contract PCTA-2026-0147'],
    ['attestationDecision', 'en', 'Pacific Coast Transit Authority asks for changes to your anti-trafficking declaration'],
    ['certificateRevoked', 'en', 'Pacific Coast Transit Authority revoked your certificate 7QK2M-X9D4R-T'],
    ['subcontractInvitation', 'en', 'Sunrise Janitorial Services LLC invites you as a subcontractor on public contract PCTA-2026-0147'],
    ['certificateExpiry', 'en', 'Your anti-trafficking certificate expires in 30 days'],
    ['trainingRefresher', 'en', 'Anti-trafficking training expires soon for 2 workers'],
    ['draftReminder', 'en', 'Your anti-trafficking declaration is still a draft'],
    ['agencyDigest', 'en', 'Weekly vendor certification summary for Pacific Coast Transit Authority'],
    ['verifyEmail', 'es', 'Confirme su dirección de correo electrónico'],
    ['resetPassword', 'es', 'Restablezca su contraseña'],
    ['invitation', 'es', 'Invitación para unirse a Acme Supplies LLC'],
    ['contractInvitation', 'es', 'Pacific Coast Transit Authority: certifique el cumplimiento contra la trata para el contrato PCTA-2026-0147'],
    ['attestationDecision', 'es', 'Pacific Coast Transit Authority pide cambios en su declaración contra la trata de personas'],
    ['certificateRevoked', 'es', 'Pacific Coast Transit Authority revocó su certificado 7QK2M-X9D4R-T'],
    ['subcontractInvitation', 'es', 'Sunrise Janitorial Services LLC le invita como subcontratista en el contrato público PCTA-2026-0147'],
    ['certificateExpiry', 'es', 'Su certificado contra la trata de personas vence en 30 días'],
    ['trainingRefresher', 'es', 'La capacitación contra la trata vence pronto para 2 trabajadores'],
    ['draftReminder', 'es', 'Su declaración contra la trata de personas sigue en borrador'],
    ['agencyDigest', 'es', 'Resumen semanal de certificación de proveedores de Pacific Coast Transit Authority'],
  ])
})

test('the expiry is stated in the recipient language, singular and plural', async () => {
  const verify = (expiresInHours: number, language: 'en' | 'es') =>
    renderEmail('verifyEmail', { ...samples.verifyEmail.props, expiresInHours }, language)
  expect((await verify(24, 'en')).text).toContain('This link expires in 24 hours.')
  expect((await verify(1, 'en')).text).toContain('This link expires in 1 hour.')
  expect((await verify(24, 'es')).text).toContain('Este enlace caduca en 24 horas.')
  expect((await verify(1, 'es')).text).toContain('Este enlace caduca en 1 hora.')

  const reset = await renderEmail('resetPassword', samples.resetPassword.props, 'es')
  expect(reset.text).toContain('Este enlace caduca en 30 minutos.')
  expect(reset.text).toContain('Si usted no solicitó restablecer su contraseña, ignore este correo.')
  const resetEn = await renderEmail('resetPassword', samples.resetPassword.props, 'en')
  expect(resetEn.text).toContain('If you did not ask to reset your password, ignore this email.')

  const invitation = await renderEmail('invitation', samples.invitation.props, 'en')
  expect(invitation.text).toContain('This invitation expires in 7 days.')
  expect(invitation.text).toContain('Maria Lopez invited you to join Acme Supplies LLC')
  expect(invitation.text).toContain('Compliance officer')
  const invitationEs = await renderEmail('invitation', { ...samples.invitation.props, expiresInDays: 1 }, 'es')
  expect(invitationEs.text).toContain('Esta invitación caduca en 1 día.')
})

test('the decision email states the decision, the reason and the comments in the recipient language', async () => {
  const changes = await renderEmail('attestationDecision', samples.attestationDecision.props, 'en')
  expect(changes.text).toContain('Contracts: PCTA-2026-0147, PCTA-2026-0150')
  expect(changes.text).toContain('Reason given by the agency: Explain how recruitment fees are reimbursed.')
  expect(changes.text).toContain('The agency commented on 2 questions.')
  const approved = await renderEmail(
    'attestationDecision',
    { ...samples.attestationDecision.props, decision: 'approved', reason: undefined, commentsCount: 0, contractNumbers: ['PCTA-2026-0147'] },
    'es',
  )
  expect(approved.subject).toBe('Pacific Coast Transit Authority aprobó su declaración contra la trata de personas')
  expect(approved.text).toContain('Contrato: PCTA-2026-0147')
  expect(approved.text).not.toContain('Motivo')
  expect(approved.text).not.toContain('comentó')
  const rejected = await renderEmail(
    'attestationDecision',
    { ...samples.attestationDecision.props, decision: 'rejected', commentsCount: 1 },
    'es',
  )
  expect(rejected.text).toContain('La agencia comentó 1 pregunta.')
  expect(rejected.text).toContain('Motivo indicado por la agencia: Explain how recruitment fees are reimbursed.')
})

test('values are HTML-escaped', async () => {
  const hostile = '<script>alert(1)</script>'
  const verify = await renderEmail(
    'verifyEmail',
    { recipientName: hostile, verifyUrl: 'https://portal.test/verify?a=1&b="2"', expiresInHours: 24 },
    'en',
  )
  expect(verify.html).not.toContain('<script>')
  expect(verify.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  expect(verify.html).toContain('href="https://portal.test/verify?a=1&amp;b=&quot;2&quot;"')
  // The plain-text part is not HTML: the name is shown as typed.
  expect(verify.text).toContain(hostile)

  const invitation = await renderEmail(
    'invitation',
    { ...samples.invitation.props, organizationName: hostile, inviterName: '<img src=x onerror=alert(1)>', roleLabel: hostile },
    'es',
  )
  expect(invitation.html).not.toContain('<script>')
  expect(invitation.html).not.toContain('<img')
})

test('the layout names the portal and carries the hotlines without a template', async () => {
  const html = await render(
    <EmailLayout language="es" preview="Vista previa">
      <p>Contenido</p>
    </EmailLayout>,
  )
  expect(html).toContain('Portal de Proveedores Libres de Trata')
  expect(html).toContain('Contenido')
  for (const hotline of hotlines) expect(html).toContain(hotline)
})

test('reminders carry the certificate number and the dates in the recipient language', async () => {
  const thirty = await renderEmail('certificateExpiry', emailSamples.certificateExpiry, 'en')
  expect(thirty.text).toContain('TFC-7K3M-9QXR-4')
  expect(thirty.text).toContain('is valid until February 14, 2027')
  const es = await renderEmail('certificateExpiry', { ...emailSamples.certificateExpiry, daysBefore: 1 }, 'es')
  expect(es.subject).toBe('Su certificado contra la trata de personas vence en 1 día')
  expect(es.text).toContain('14 de febrero de 2027')
  const escalation = await renderEmail('certificateExpiry', { ...emailSamples.certificateExpiry, daysBefore: -7, audience: 'agency' }, 'en')
  expect(escalation.subject).toBe('Not renewed: certificate TFC-7K3M-9QXR-4 of Bayview Janitorial Services LLC expired')
  const digest = await renderEmail('agencyDigest', emailSamples.agencyDigest, 'en')
  expect(digest.text).toContain('3 declarations wait for your review.')
  expect(digest.text).toContain('TFC-7K3M-9QXR-4 — Bayview Janitorial Services LLC, valid until February 5, 2027')
  expect(digest.text).toContain('TFC-2P8D-6HWN-Q — Harbor Freight Movers Inc., revoked January 7, 2027')
  const training = await renderEmail('trainingRefresher', emailSamples.trainingRefresher, 'es')
  expect(training.text).toContain('Rosa M. (EMP-0042) — Derechos básicos de los trabajadores, vence el 1 de febrero de 2027')
})
