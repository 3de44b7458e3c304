import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { parseEnv, setEnv } from '~/config/env.server'
import { renderEmail } from '#emails/templates'
import { createMailer, getMailer, sendEmail, setMailerForProcess, type Mailer } from './email.server'
import { getRunningMailCatcher, startMailCatcher, type MailCatcher } from './mail-catcher.server'

const FROM = 'Trafficking-Free Vendor Portal <no-reply@portal.test>'

let catcher: MailCatcher
let mailer: Mailer

beforeAll(async () => {
  catcher = await startMailCatcher({
    reject: ({ to }) => {
      if (to.startsWith('full-mailbox@')) return { code: 552, message: 'Mailbox full' }
      if (to.startsWith('unknown@')) return { code: 550, message: 'No such user here' }
      if (to.startsWith('greylisted@')) return { code: 451, message: 'Try again later' }
      return undefined
    },
  })
  mailer = createMailer({ smtpUrl: catcher.url, from: FROM })
})

afterEach(() => {
  catcher.clear()
  setMailerForProcess(undefined)
})

afterAll(async () => {
  mailer.close()
  await catcher.stop()
})

function errorWithCode(error: unknown): { responseCode?: unknown; message: string } {
  if (!(error instanceof Error)) throw new Error(`expected an Error, got ${String(error)}`)
  return error
}

describe('mail catcher', () => {
  test('listens on a free port of 127.0.0.1', () => {
    expect(catcher.port).toBeGreaterThan(0)
    expect(catcher.url).toBe(`smtp://127.0.0.1:${catcher.port}`)
  })

  test('receives a rendered template sent over SMTP', async () => {
    const verifyUrl = 'https://portal.test/verify-email?token=abc123'
    const rendered = await renderEmail(
      'verifyEmail',
      { recipientName: 'Ana Pérez', verifyUrl, expiresInHours: 24 },
      'es',
    )
    const sent = await mailer.send({
      to: 'ana@vendor.test',
      ...rendered,
      messageId: '<verify-1@portal.test>',
      headers: { 'X-Portal-Email-Kind': 'verifyEmail' },
    })
    expect(sent.messageId).toBe('<verify-1@portal.test>')
    expect(sent.response).toMatch(/^250 /)

    const caught = await catcher.waitFor((m) => m.to.includes('ana@vendor.test'))
    expect(caught.subject).toBe('Confirme su dirección de correo electrónico')
    expect(caught.to).toEqual(['ana@vendor.test'])
    expect(caught.from).toBe(FROM)
    expect(caught.messageId).toBe('<verify-1@portal.test>')
    expect(caught.headers['x-portal-email-kind']).toBe('verifyEmail')
    expect(caught.text).toContain(verifyUrl)
    expect(caught.text).toContain('Ana Pérez')
    expect(caught.text).not.toMatch(/<[a-z]/i)
    expect(caught.html).toContain(`href="${verifyUrl}"`)
    expect(caught.html).toContain('1-888-373-7888')
    expect(caught.receivedAt).toBeInstanceOf(Date)
    expect(catcher.messages()).toHaveLength(1)
  })

  test('lists messages newest first', async () => {
    for (const subject of ['first', 'second', 'third']) {
      await mailer.send({ to: 'order@vendor.test', subject, html: `<p>${subject}</p>`, text: subject })
    }
    expect(catcher.messages().map((m) => m.subject)).toEqual(['third', 'second', 'first'])
    expect(new Set(catcher.messages().map((m) => m.id)).size).toBe(3)
  })

  test('waitFor resolves with a message that arrives later', async () => {
    const waiting = catcher.waitFor((m) => m.subject === 'later', 5000)
    await mailer.send({ to: 'later@vendor.test', subject: 'later', html: '<p>later</p>', text: 'later' })
    await expect(waiting).resolves.toMatchObject({ subject: 'later', to: ['later@vendor.test'] })
  })

  test('waitFor rejects when nothing matches in time', async () => {
    await expect(catcher.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/within 50 ms/)
  })

  test.each([
    ['unknown@vendor.test', 550],
    ['full-mailbox@vendor.test', 552],
    ['greylisted@vendor.test', 451],
  ])('reject option makes sending to %s fail with %i and nothing is caught', async (to, code) => {
    const failure = await mailer.send({ to, subject: 'refused', html: '<p>refused</p>', text: 'refused' }).then(
      () => undefined,
      (error: unknown) => error,
    )
    const error = errorWithCode(failure)
    expect(error.responseCode).toBe(code)
    expect(catcher.messages()).toEqual([])
  })

  test('setReject changes the answer for later attempts (a retry goes through)', async () => {
    const retrying = await startMailCatcher({ reject: () => ({ code: 421, message: 'Service not available' }) })
    const retryMailer = createMailer({ smtpUrl: retrying.url, from: FROM })
    try {
      const message = { to: 'retry@vendor.test', subject: 'retry', html: '<p>retry</p>', text: 'retry' }
      const failure = await retryMailer.send(message).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(errorWithCode(failure).responseCode).toBe(421)
      expect(retrying.messages()).toEqual([])

      retrying.setReject(undefined)
      await retryMailer.send(message)
      expect(retrying.messages().map((m) => m.subject)).toEqual(['retry'])
    } finally {
      retryMailer.close()
      await retrying.stop()
    }
  })

  test('keeps at most maxMessages, dropping the oldest', async () => {
    const small = await startMailCatcher({ maxMessages: 2 })
    const smallMailer = createMailer({ smtpUrl: small.url, from: FROM })
    try {
      for (const subject of ['one', 'two', 'three']) {
        await smallMailer.send({ to: 'a@vendor.test', subject, html: `<p>${subject}</p>`, text: subject })
      }
      expect(small.messages().map((m) => m.subject)).toEqual(['three', 'two'])
    } finally {
      smallMailer.close()
      await small.stop()
    }
  })

  test('registers itself as the process catcher only when asked, until stopped', async () => {
    expect(getRunningMailCatcher()).toBeUndefined()
    const registered = await startMailCatcher({ registerAsProcessCatcher: true })
    expect(getRunningMailCatcher()).toBe(registered)
    await registered.stop()
    expect(getRunningMailCatcher()).toBeUndefined()
  })
})

describe('sendEmail', () => {
  test('renders the template and sends it through the process mailer', async () => {
    setMailerForProcess(mailer)
    const acceptUrl = 'https://portal.test/invitations/xyz789'
    await sendEmail(
      'invitation',
      {
        organizationName: 'Acme Supplies LLC',
        roleLabel: 'Compliance officer',
        inviterName: 'Maria Lopez',
        acceptUrl,
        expiresInDays: 7,
      },
      { to: 'new.member@vendor.test', language: 'en' },
    )
    const caught = await catcher.waitFor((m) => m.to.includes('new.member@vendor.test'))
    expect(caught.subject).toBe('You are invited to join Acme Supplies LLC')
    expect(caught.text).toContain(acceptUrl)
    expect(caught.html).toContain(`href="${acceptUrl}"`)
  })

  test('uses SMTP_URL from the configuration when no mailer was set', async () => {
    setEnv(parseEnv({ SMTP_URL: catcher.url, MAIL_FROM: FROM }))
    await sendEmail(
      'resetPassword',
      { recipientName: 'Sam', resetUrl: 'https://portal.test/reset?token=r1', expiresInMinutes: 30 },
      { to: 'sam@vendor.test', language: 'en' },
    )
    const caught = await catcher.waitFor((m) => m.to.includes('sam@vendor.test'))
    expect(caught.subject).toBe('Reset your password')
    expect(caught.from).toBe(FROM)
    getMailer().close()
  })

  test('fails clearly when no SMTP server is configured', async () => {
    setEnv(parseEnv({}))
    await expect(
      sendEmail(
        'resetPassword',
        { recipientName: 'Sam', resetUrl: 'https://portal.test/reset?token=r2', expiresInMinutes: 30 },
        { to: 'sam@vendor.test', language: 'en' },
      ),
    ).rejects.toThrow(/No SMTP server is configured/)
    expect(catcher.messages()).toEqual([])
  })
})
