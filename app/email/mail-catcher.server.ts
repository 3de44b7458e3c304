import { randomUUID } from 'node:crypto'
import PostalMime, { type Address } from 'postal-mime'
import { SMTPServer, type SMTPServerError } from 'smtp-server'

/**
 * A real SMTP server that keeps what it receives in memory. The development server sends its
 * mail here when no SMTP_URL is configured (shown at /dev/mail), and tests use it to receive
 * the mail the portal really sends.
 */

export type CaughtMessage = {
  id: string
  receivedAt: Date
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  messageId: string | undefined
  /** Lower-case header names; the first occurrence wins. */
  headers: Record<string, string>
}

/** What the server knows when it answers RCPT TO: the sender and one recipient. */
export type MailCatcherEnvelope = { from: string; to: string }

/** An SMTP reply to refuse a recipient with, e.g. `{ code: 451, message: 'Try again later' }`. */
export type MailCatcherRejection = { code: number; message: string }

export type MailCatcherOptions = {
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** Older messages are dropped beyond this count. */
  maxMessages?: number
  /** Lets tests simulate 4xx/5xx answers for some recipients. */
  reject?: (envelope: MailCatcherEnvelope) => MailCatcherRejection | undefined
  /** Make this catcher the one the /dev/mail viewer shows. */
  registerAsProcessCatcher?: boolean
}

export type MailCatcher = {
  /** smtp://127.0.0.1:PORT */
  url: string
  port: number
  /** Newest first. */
  messages(): CaughtMessage[]
  /** Resolves with the newest message (already caught or still to come) that matches. */
  waitFor(predicate: (message: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>
  clear(): void
  /** Replace the `reject` option, e.g. to let a retry through. */
  setReject(reject: MailCatcherOptions['reject']): void
  stop(): Promise<void>
}

// Kept on globalThis because the server entry and the route modules (loaded through Vite in
// development) can hold separate copies of this module.
declare global {
  var __trafficking_free_portal_mail_catcher__: MailCatcher | undefined
}

/** The catcher started with `registerAsProcessCatcher`, if it is still running. */
export function getRunningMailCatcher(): MailCatcher | undefined {
  return globalThis.__trafficking_free_portal_mail_catcher__
}

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024

function formatAddress(address: Address | undefined): string | undefined {
  if (!address) return undefined
  if (address.group) return address.group.map((member) => formatAddress(member)).join(', ')
  return address.name ? `${address.name} <${address.address}>` : address.address
}

function smtpError(rejection: MailCatcherRejection): SMTPServerError {
  const error: SMTPServerError = new Error(rejection.message)
  error.responseCode = rejection.code
  return error
}

type Waiter = {
  predicate: (message: CaughtMessage) => boolean
  resolve: (message: CaughtMessage) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

export async function startMailCatcher({
  port = 0,
  host = '127.0.0.1',
  maxMessages = 200,
  reject,
  registerAsProcessCatcher = false,
}: MailCatcherOptions = {}): Promise<MailCatcher> {
  let stored: CaughtMessage[] = [] // newest first
  let rejectRecipient = reject
  const waiters = new Set<Waiter>()

  function store(message: CaughtMessage) {
    stored.unshift(message)
    if (stored.length > maxMessages) stored.length = maxMessages
    for (const waiter of waiters) {
      if (waiter.predicate(message)) {
        clearTimeout(waiter.timer)
        waiters.delete(waiter)
        waiter.resolve(message)
      }
    }
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A reverse DNS lookup of 127.0.0.1 only adds latency.
    disableReverseLookup: true,
    size: MAX_MESSAGE_BYTES,
    // Senders close their connections after each message; do not hold stop() for long.
    closeTimeout: 1000,
    onRcptTo(address, session, callback) {
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
      const rejection = rejectRecipient?.({ from, to: address.address })
      callback(rejection ? smtpError(rejection) : null)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (error: Error) => callback(error))
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError({ code: 552, message: 'Message exceeds the size limit' }))
          return
        }
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            const headers: Record<string, string> = {}
            for (const header of email.headers) headers[header.key] ??= header.value
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
            const message: CaughtMessage = {
              id: randomUUID(),
              receivedAt: new Date(),
              from: formatAddress(email.from) ?? envelopeFrom,
              // The envelope, not the To header: it also lists Bcc recipients.
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: email.subject ?? '',
              text: email.text ?? '',
              html: email.html ?? '',
              messageId: email.messageId,
              headers,
            }
            store(message)
            callback(null, `Message queued as ${message.id}`)
          },
          (error: unknown) => {
            callback(smtpError({ code: 554, message: `Message could not be parsed: ${String(error)}` }))
          },
        )
      })
    },
  })
  // Without a listener, a client that drops its connection would crash the process.
  server.on('error', () => {})

  await new Promise<void>((resolve, rejectStart) => {
    const onError = (error: Error) => rejectStart(error)
    server.server.once('error', onError)
    server.listen(port, host, () => {
      server.server.off('error', onError)
      resolve()
    })
  })

  const address = server.server.address()
  if (address === null || typeof address === 'string') {
    throw new Error('The mail catcher is not listening on a TCP port')
  }
  const boundPort = address.port
  let stopped = false

  const catcher: MailCatcher = {
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    port: boundPort,
    messages: () => [...stored],
    waitFor(predicate, timeoutMs = 5000) {
      const existing = stored.find(predicate)
      if (existing) return Promise.resolve(existing)
      if (stopped) return Promise.reject(new Error('The mail catcher is stopped'))
      return new Promise<CaughtMessage>((resolve, rejectWait) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject: rejectWait,
          timer: setTimeout(() => {
            waiters.delete(waiter)
            const subjects = stored.map((m) => `"${m.subject}" to ${m.to.join(', ')}`)
            rejectWait(
              new Error(
                `No matching message arrived within ${timeoutMs} ms. Caught so far: ${
                  subjects.length > 0 ? subjects.join('; ') : 'nothing'
                }`,
              ),
            )
          }, timeoutMs),
        }
        waiters.add(waiter)
      })
    },
    clear() {
      stored = []
    },
    setReject(next) {
      rejectRecipient = next
    },
    async stop() {
      if (stopped) return
      stopped = true
      if (getRunningMailCatcher() === catcher) globalThis.__trafficking_free_portal_mail_catcher__ = undefined
      for (const waiter of waiters) {
        clearTimeout(waiter.timer)
        waiter.reject(new Error('The mail catcher stopped before a matching message arrived'))
      }
      waiters.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  if (registerAsProcessCatcher) globalThis.__trafficking_free_portal_mail_catcher__ = catcher
  return catcher
}
