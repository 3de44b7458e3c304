import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { db } from '~/db/db.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { listOutbox } from '~/reminders/admin.server'
import { retryOutboxMessage } from '~/reminders/outbox.server'
import { OUTBOX_KINDS, OUTBOX_STATUSES, OutboxRetrySchema, parseOutboxFilters } from '~/reminders/schemas'
import { FormError, Notice, type FormFailure } from '~/ui/forms'
import { formatDateTime } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The platform admin's view of email delivery (product.md §8): every queued message by status,
// with the error of those that failed, and a retry for them (audited).

async function requirePlatformAdmin(request: Request, orgId: string | undefined) {
  const access = await requireMembership(request, orgId, 'admin:platform')
  if (access.organization.kind !== 'platform') notFound()
  return access
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requirePlatformAdmin(request, params.orgId)
  const filters = parseOutboxFilters(new URL(request.url).searchParams)
  const outbox = await listOutbox(filters)
  return {
    organizationId: access.organization.id,
    filters: { status: filters.status ?? '', kind: filters.kind ?? '', from: filters.from ?? '', to: filters.to ?? '' },
    filtered: Object.values(filters).some((value) => value !== undefined),
    ...outbox,
  }
}

type Result = FormFailure & { retried?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requirePlatformAdmin(request, params.orgId)
  const parsed = parseForm(OutboxRetrySchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const message = await db().outboxMessage.findUnique({ where: { id: parsed.data.messageId }, select: { recipient: true, status: true } })
  if (!message) notFound()
  const retried = await retryOutboxMessage({ id: parsed.data.messageId, actorUserId: access.user.id, organizationId: access.organization.id })
  if (!retried) return formFailure({ formError: 'outbox.errors.notFailed', formErrorVars: { status: message.status } }, parsed.values)
  return data({ retried: message.recipient } satisfies Result)
}

export default function OutboxRoute() {
  const { organizationId, filters, filtered, messages, total, counts } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const { t, lang } = useT()
  const statusLabel = (status: string) => t(`outbox.status.${status as (typeof OUTBOX_STATUSES)[number]}`)
  const kindLabel = (kind: string) => ((OUTBOX_KINDS as readonly string[]).includes(kind) ? t(`outbox.kind.${kind as (typeof OUTBOX_KINDS)[number]}`) : kind)
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className="usa-intro">{t('outbox.lead')}</p>
      {result?.retried ? <Notice>{t('outbox.retried', { recipient: result.retried })}</Notice> : null}
      <FormError failure={result?.retried ? null : result} />
      <p role="status">{t('outbox.counts', counts)}</p>

      {/* GET: the filters are part of the address, work without JavaScript and can be bookmarked. */}
      <Form method="get" className="usa-form usa-form--large margin-bottom-4" aria-labelledby="outbox-filters-heading">
        <h2 id="outbox-filters-heading" className="font-heading-md">
          {t('outbox.filters')}
        </h2>
        <div className="grid-row grid-gap">
          <div className="tablet:grid-col-3">
            <label className="usa-label" htmlFor="filter-status">
              {t('outbox.status')}
            </label>
            <select className="usa-select" id="filter-status" name="status" defaultValue={filters.status}>
              <option value="">{t('outbox.status.all')}</option>
              {OUTBOX_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {statusLabel(status)}
                </option>
              ))}
            </select>
          </div>
          <div className="tablet:grid-col-3">
            <label className="usa-label" htmlFor="filter-kind">
              {t('outbox.kind')}
            </label>
            <select className="usa-select" id="filter-kind" name="kind" defaultValue={filters.kind}>
              <option value="">{t('outbox.kind.all')}</option>
              {OUTBOX_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kindLabel(kind)}
                </option>
              ))}
            </select>
          </div>
          <div className="tablet:grid-col-3">
            <label className="usa-label" htmlFor="filter-from">
              {t('outbox.from')}
            </label>
            <input className="usa-input" id="filter-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="tablet:grid-col-3">
            <label className="usa-label" htmlFor="filter-to">
              {t('outbox.to')}
            </label>
            <input className="usa-input" id="filter-to" name="to" type="date" defaultValue={filters.to} />
          </div>
        </div>
        <button type="submit" className="usa-button margin-top-2">
          {t('outbox.apply')}
        </button>
        {filtered ? (
          <Link className="usa-button usa-button--unstyled margin-left-2" to={`/orgs/${organizationId}/outbox`}>
            {t('outbox.clear')}
          </Link>
        ) : null}
      </Form>

      {messages.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <>
          <p>{t('outbox.shown', { shown: messages.length, total })}</p>
          <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="outbox-caption">
            <table className="usa-table usa-table--borderless width-full">
              <caption id="outbox-caption">{t('outbox.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" aria-sort="descending">
                    {t('outbox.col.queued')}
                  </th>
                  <th scope="col">{t('outbox.col.kind')}</th>
                  <th scope="col">{t('outbox.col.recipient')}</th>
                  <th scope="col">{t('outbox.col.status')}</th>
                  <th scope="col">{t('outbox.col.attempts')}</th>
                  <th scope="col">{t('outbox.col.detail')}</th>
                  <th scope="col">{t('outbox.col.action')}</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((message) => (
                  <tr key={message.id}>
                    <td>{formatDateTime(message.createdAt, lang)}</td>
                    <td>{kindLabel(message.kind)}</td>
                    <th scope="row">
                      {message.recipient}
                      {message.organization ? (
                        <>
                          <br />
                          <span className="text-base">{message.organization.legalName}</span>
                        </>
                      ) : null}
                    </th>
                    <td>{statusLabel(message.status)}</td>
                    <td className="text-tabular">{message.attempts}</td>
                    <td>
                      {message.status === 'sent' && message.sentAt ? t('outbox.sentAt', { date: formatDateTime(message.sentAt, lang) }) : null}
                      {message.status === 'pending' ? t('outbox.nextAttempt', { date: formatDateTime(message.nextAttemptAt, lang) }) : null}
                      {message.lastError && message.status !== 'sent' ? (
                        <>
                          <br />
                          <code className="font-mono-xs">{message.lastError}</code>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {message.status === 'failed' ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="retry" />
                          <input type="hidden" name="messageId" value={message.id} />
                          <button type="submit" className="usa-button usa-button--outline usa-button--small" aria-label={t('outbox.retryNamed', { recipient: message.recipient })}>
                            {t('outbox.retry')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'outbox.title')
