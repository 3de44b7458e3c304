import { sendEmail } from '~/email/email.server'
import type { Lang } from '~/i18n/i18n'
import { appUrl, RESET_PASSWORD_MINUTES, VERIFY_EMAIL_HOURS } from './auth.server'

// Account emails are sent right after the change commits. If the mail server is down the
// change still stands and the person can ask again (resend link, new reset).

function logFailure(kind: string, error: unknown) {
  console.error(`Could not send the ${kind} email:`, error instanceof Error ? error.message : error)
}

export async function sendVerificationEmail({ to, name, token, language }: { to: string; name: string; token: string; language: Lang }) {
  try {
    await sendEmail(
      'verifyEmail',
      { recipientName: name, verifyUrl: appUrl(`/verify-email?token=${encodeURIComponent(token)}`), expiresInHours: VERIFY_EMAIL_HOURS },
      { to, language },
    )
  } catch (error) {
    logFailure('verification', error)
  }
}

export async function sendPasswordResetEmail({ to, name, token, language }: { to: string; name: string; token: string; language: Lang }) {
  try {
    await sendEmail(
      'resetPassword',
      { recipientName: name, resetUrl: appUrl(`/reset-password?token=${encodeURIComponent(token)}`), expiresInMinutes: RESET_PASSWORD_MINUTES },
      { to, language },
    )
  } catch (error) {
    logFailure('password reset', error)
  }
}
