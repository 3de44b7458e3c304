import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { getRunningMailCatcher } from '~/email/mail-catcher.server'

// Development viewer for the mail the portal sends when no SMTP server is configured. Demo
// users confirm their email address from here, so it exists only while a catcher runs.

const TITLE = 'Mail sent by the portal (development)'

export const meta: MetaFunction = () => [{ title: TITLE }, { name: 'robots', content: 'noindex' }]

// Messages contain sign-in links: never let a cache keep them.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request }: LoaderFunctionArgs) {
  const catcher = getRunningMailCatcher()
  if (catcher === undefined && process.env.NODE_ENV === 'production') {
    throw new Response('Not found', { status: 404 })
  }
  const messages = (catcher?.messages() ?? []).map((message) => ({
    id: message.id,
    receivedAt: message.receivedAt.toISOString(),
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
  }))
  return {
    catcherRunning: catcher !== undefined,
    selectedId: new URL(request.url).searchParams.get('id'),
    messages,
  }
}

type Message = Awaited<ReturnType<typeof loader>>['messages'][number]

// Times are shown in UTC so the server and the browser render the same text.
function formatTime(iso: string) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`
}

const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/
const TRAILING_PUNCTUATION = /[.,;:!?)\]'*]+$/

/** The plain-text body with its web addresses turned into links. */
function linkify(text: string): ReactNode[] {
  // With a capturing group, split() puts the matched URLs at the odd indexes.
  return text.split(URL_IN_TEXT).flatMap((part, index) => {
    if (index % 2 === 0) return part === '' ? [] : [part]
    const trailing = TRAILING_PUNCTUATION.exec(part)?.[0] ?? ''
    const url = part.slice(0, part.length - trailing.length)
    return [
      <a key={index} className="usa-link" href={url}>
        {url}
      </a>,
      trailing,
    ]
  })
}

function Recipients({ to }: { to: string[] }) {
  return <>{to.join(', ')}</>
}

function MessageView({ message, backTo }: { message: Message; backTo: string }) {
  return (
    <article aria-labelledby="message-subject">
      <p>
        <Link className="usa-link" to={backTo}>
          Back to all messages
        </Link>
      </p>
      <h2 id="message-subject">{message.subject || '(no subject)'}</h2>
      <dl>
        <dt className="text-bold">From</dt>
        <dd className="margin-left-0 margin-bottom-1">{message.from}</dd>
        <dt className="text-bold">To</dt>
        <dd className="margin-left-0 margin-bottom-1">
          <Recipients to={message.to} />
        </dd>
        <dt className="text-bold">Received</dt>
        <dd className="margin-left-0 margin-bottom-1">
          <time dateTime={message.receivedAt}>{formatTime(message.receivedAt)}</time>
        </dd>
      </dl>

      <h3>Plain-text version</h3>
      <pre className="bg-base-lightest padding-2 font-mono-xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {linkify(message.text)}
      </pre>

      <h3>HTML version</h3>
      {/* An empty sandbox keeps the message's markup from running scripts or reaching the portal. */}
      <iframe
        sandbox=""
        srcDoc={message.html}
        title={`HTML version of the message "${message.subject}"`}
        className="border-1px border-base-lighter width-full"
        style={{ height: '40rem' }}
      />
    </article>
  )
}

export default function DevMail() {
  const { catcherRunning, selectedId, messages } = useLoaderData<typeof loader>()
  const location = useLocation()
  const selected = selectedId === null ? undefined : messages.find((m) => m.id === selectedId)

  return (
    <div>
      <h1>{TITLE}</h1>
      <p className="usa-intro">
        In development, the portal delivers its mail to a local mail catcher instead of an SMTP server. Nothing here
        reaches a real inbox.
      </p>
      <p>
        {/* Navigating to the same address reloads the data, with or without JavaScript. */}
        <Link className="usa-button usa-button--outline" to={`${location.pathname}${location.search}`}>
          Check for new mail
        </Link>
      </p>

      {!catcherRunning ? (
        <div className="usa-alert usa-alert--info usa-alert--slim margin-bottom-3">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              The mail catcher is not running: mail goes to the SMTP server set in SMTP_URL.
            </p>
          </div>
        </div>
      ) : null}

      {selectedId !== null && selected === undefined ? (
        <div className="usa-alert usa-alert--warning usa-alert--slim margin-bottom-3" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              This message is no longer available. The catcher keeps only recent messages and forgets them when the
              server restarts.{' '}
              <Link className="usa-link" to={location.pathname}>
                Back to all messages
              </Link>
            </p>
          </div>
        </div>
      ) : null}

      {selected ? (
        <MessageView message={selected} backTo={location.pathname} />
      ) : messages.length === 0 ? (
        <p>No mail has been sent yet.</p>
      ) : (
        <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-label="Caught messages">
          <table className="usa-table usa-table--striped width-full">
            <caption>Caught messages, newest first ({messages.length})</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id}>
                  <td>
                    <time dateTime={message.receivedAt}>{formatTime(message.receivedAt)}</time>
                  </td>
                  <td>
                    <Recipients to={message.to} />
                  </td>
                  <td>
                    <Link className="usa-link" to={`?id=${encodeURIComponent(message.id)}`}>
                      {message.subject || '(no subject)'}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
