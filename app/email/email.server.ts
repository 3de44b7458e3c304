import { createTransport } from 'nodemailer'
import { getEnv } from '~/config/env.server'
import { renderEmail, type EmailKind, type EmailLanguage, type PropsOf } from '#emails/templates'

export type OutgoingEmail = {
  to: string
  subject: string
  html: string
  text: string
  /** Set it to make retries of the same message recognizable as one message. */
  messageId?: string
  headers?: Record<string, string>
}

export type SentEmail = { messageId: string; response: string }

export type Mailer = {
  send(message: OutgoingEmail): Promise<SentEmail>
  close(): void
}

/**
 * A mailer that delivers over SMTP. Errors from the server keep nodemailer's `responseCode`
 * (4xx: try again later, 5xx: permanent), which callers use to decide on retries.
 */
export function createMailer({ smtpUrl, from }: { smtpUrl: string; from: string }): Mailer {
  const transport = createTransport(smtpUrl)
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        headers: message.headers,
      })
      // With several recipients the server may refuse only some; the portal sends to one
      // address at a time, so any refusal means the message was not delivered.
      if (info.rejected.length > 0) {
        throw new Error(`The SMTP server refused ${info.rejected.join(', ')}: ${info.response}`)
      }
      return { messageId: info.messageId, response: info.response }
    },
    close() {
      transport.close()
    },
  }
}

// Kept on globalThis because the server entry and the route modules (loaded through Vite in
// development) can hold separate copies of this module.
declare global {
  var __trafficking_free_portal_mailer__:
    | { mailer: Mailer; injected: true }
    | { mailer: Mailer; injected: false; smtpUrl: string; from: string }
    | undefined
}

/** Use this mailer for every message this process sends (the mail catcher in development). */
export function setMailerForProcess(mailer: Mailer | undefined) {
  const previous = globalThis.__trafficking_free_portal_mailer__
  if (previous && !previous.injected && previous.mailer !== mailer) previous.mailer.close()
  globalThis.__trafficking_free_portal_mailer__ = mailer ? { mailer, injected: true } : undefined
}

/** The mailer set for this process, else one for SMTP_URL; throws when neither exists. */
export function getMailer(): Mailer {
  const current = globalThis.__trafficking_free_portal_mailer__
  if (current?.injected) return current.mailer
  const { SMTP_URL, MAIL_FROM } = getEnv()
  if (SMTP_URL === undefined) {
    throw new Error(
      'No SMTP server is configured: set SMTP_URL (e.g. smtp://user:password@mail.example.gov:587), or start the development server, which catches mail locally.',
    )
  }
  if (current && current.smtpUrl === SMTP_URL && current.from === MAIL_FROM) return current.mailer
  // The configuration changed (tests replace it): do not keep sending with the old one.
  current?.mailer.close()
  const mailer = createMailer({ smtpUrl: SMTP_URL, from: MAIL_FROM })
  globalThis.__trafficking_free_portal_mailer__ = { mailer, injected: false, smtpUrl: SMTP_URL, from: MAIL_FROM }
  return mailer
}

/** Render a template in the recipient's language and send it. */
export async function sendEmail<K extends EmailKind>(
  kind: K,
  props: PropsOf<K>,
  options: { to: string; language: EmailLanguage; messageId?: string; headers?: Record<string, string> },
): Promise<SentEmail> {
  const mailer = getMailer()
  const { subject, html, text } = await renderEmail(kind, props, options.language)
  return mailer.send({ to: options.to, subject, html, text, messageId: options.messageId, headers: options.headers })
}
