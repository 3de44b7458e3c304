import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { languageName } from '~/training/language'
import { WorkerActiveSchema, WorkerSchema } from '~/training/schemas'
import { createWorker, listWorkers, setWorkerActive } from '~/training/workers.server'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The roster of an organization's workers (product.md §7): the employer's own reference, an
// optional name and preferred language. Never SSN, date of birth or immigration data (§3).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const url = new URL(request.url)
  const query = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
  const roster = await listWorkers(access.organization.id, { query, page })
  const notice = url.searchParams.get('notice')
  const noticeKey = notice === 'deactivated' ? ('training.workers.deactivated' as const) : notice === 'reactivated' ? ('training.workers.reactivated' as const) : null
  return { organization: access.organization, roster, query, page, notice: noticeKey }
}

type Result = FormFailure & { added?: boolean }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const organizationId = access.organization.id
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'deactivateWorker' || intent === 'reactivateWorker') {
    const parsed = parseForm(WorkerActiveSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const active = parsed.data.intent === 'reactivateWorker'
    const done = await setWorkerActive({ organizationId, workerId: String(form.get('workerId') ?? ''), actorUserId: access.user.id, active })
    if (!done) notFound()
    return redirect(`/orgs/${organizationId}/workers?notice=${active ? 'reactivated' : 'deactivated'}`)
  }
  const parsed = parseForm(WorkerSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await createWorker({ organizationId, actorUserId: access.user.id, input: parsed.data })
  if (!result.ok) return formFailure({ fieldErrors: { [result.field]: result.error } }, parsed.values)
  return data({ added: true } satisfies Result)
}

export default function WorkersRoute() {
  const { organization, roster, query, page, notice } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const base = `/orgs/${organization.id}`
  const pages = Math.max(1, Math.ceil(roster.total / roster.pageSize))
  const pageLink = (to: number) => `?${new URLSearchParams({ ...(query ? { q: query } : {}), page: String(to) }).toString()}`
  return (
    <>
      <p>
        <Link className="usa-link" to={`${base}/training`}>
          {t('training.import.back')}
        </Link>
      </p>
      <h1>{t('training.workers.title', { organization: organization.legalName })}</h1>
      <p className="usa-intro">{t('training.workers.lead')}</p>
      {notice ? <Notice>{t(notice)}</Notice> : null}
      {result?.added ? <Notice>{t('training.workers.added')}</Notice> : null}

      <section aria-labelledby="roster-heading">
        <h2 id="roster-heading">{t('training.workers.count', { count: roster.total })}</h2>
        <Form method="get" role="search" className="usa-search usa-search--small margin-bottom-2" aria-label={t('training.workers.search')}>
          <label className="usa-sr-only" htmlFor="workers-q">
            {t('training.workers.search')}
          </label>
          <input className="usa-input" id="workers-q" type="search" name="q" defaultValue={query} maxLength={100} />
          <button className="usa-button" type="submit">
            {t('training.workers.searchButton')}
          </button>
        </Form>
        {roster.workers.length === 0 ? (
          <p>{t('training.workers.none')}</p>
        ) : (
          <table className="usa-table usa-table--borderless usa-table--stacked width-full">
            <thead>
              <tr>
                <th scope="col">{t('training.workers.ref')}</th>
                <th scope="col">{t('training.workers.name')}</th>
                <th scope="col">{t('training.workers.language')}</th>
                <th scope="col">{t('training.column.status')}</th>
                <th scope="col">{t('training.column.expiresOn')}</th>
                <th scope="col">{t('training.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {roster.workers.map((worker) => (
                <tr key={worker.id}>
                  <th scope="row" data-label={t('training.workers.ref')}>
                    <Link className="usa-link" to={`${base}/workers/${worker.id}`} aria-label={t('training.workers.openNamed', { ref: worker.workerRef })}>
                      {worker.workerRef}
                    </Link>
                  </th>
                  <td data-label={t('training.workers.name')}>{worker.displayName ?? '—'}</td>
                  <td data-label={t('training.workers.language')}>{worker.preferredLanguage ? languageName(worker.preferredLanguage, lang) : '—'}</td>
                  <td data-label={t('training.column.status')}>{worker.active ? t(`training.status.${worker.status}`) : t('training.status.inactive')}</td>
                  <td data-label={t('training.column.expiresOn')}>{worker.latestExpiresOn ? formatDay(worker.latestExpiresOn, lang) : '—'}</td>
                  <td data-label={t('training.column.actions')}>
                    <Form method="post">
                      <input type="hidden" name="workerId" value={worker.id} />
                      <button
                        type="submit"
                        name="intent"
                        value={worker.active ? 'deactivateWorker' : 'reactivateWorker'}
                        className="usa-button usa-button--unstyled"
                        aria-label={`${worker.active ? t('training.workers.deactivate') : t('training.workers.reactivate')}: ${worker.workerRef}`}
                      >
                        {worker.active ? t('training.workers.deactivate') : t('training.workers.reactivate')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 ? (
          <nav aria-label={t('training.records.page', { page, pages })} className="margin-top-2">
            {page > 1 ? (
              <Link className="usa-link margin-right-2" to={pageLink(page - 1)}>
                {t('training.records.previous')}
              </Link>
            ) : null}
            <span>{t('training.records.page', { page, pages })}</span>
            {page < pages ? (
              <Link className="usa-link margin-left-2" to={pageLink(page + 1)}>
                {t('training.records.next')}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>

      <AddWorkerForm key={result?.added ? 'added' : 'form'} result={result?.added ? undefined : result} submitting={navigation.state === 'submitting'} />
    </>
  )
}

function AddWorkerForm({ result, submitting }: { result: Result | undefined; submitting: boolean }) {
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(WorkerSchema, { failure: result })
  const value = (name: string) => {
    const v = result?.values?.[name]
    return typeof v === 'string' ? v : ''
  }
  return (
    <section className="margin-top-6" aria-labelledby="add-worker-heading">
      <h2 id="add-worker-heading">{t('training.workers.add')}</h2>
      <FormError failure={summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
        <input type="hidden" value="addWorker" {...register('intent')} />
        <TextField name="workerRef" label={t('training.workers.ref')} hint={t('training.workers.refHint')} autoComplete="off" maxLength={64} defaultValue={value('workerRef')} error={errorFor('workerRef')} registration={register('workerRef')} />
        <TextField name="displayName" label={t('training.workers.name')} autoComplete="off" maxLength={200} defaultValue={value('displayName')} error={errorFor('displayName')} registration={register('displayName')} />
        <TextField
          name="preferredLanguage"
          label={t('training.workers.language')}
          hint={t('training.workers.languageHint')}
          autoComplete="off"
          maxLength={35}
          className="usa-input--small"
          defaultValue={value('preferredLanguage')}
          error={errorFor('preferredLanguage')}
          registration={register('preferredLanguage')}
        />
        <button type="submit" className="usa-button" disabled={submitting}>
          {t('training.workers.save')}
        </button>
      </Form>
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'training.workers.title', { organization: data?.organization.legalName ?? '' })
