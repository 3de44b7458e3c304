import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { useT } from '~/i18n/use-t'
import { listTrainingModules } from '~/training/catalog.server'
import { CoverageSummary } from '~/training/coverage-summary'
import { coverageForOrganizations } from '~/training/coverage.server'
import { recordFiltersFrom } from '~/training/filters'
import { languageName } from '~/training/language'
import { HeadcountSchema } from '~/training/schemas'
import { agencyCoverageTarget } from '~/training/targets.server'
import { listTrainingRecords, setDeclaredHeadcount } from '~/training/workers.server'
import { Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The training tracker of one organization (product.md §7): coverage, records, catalog.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const organizationId = access.organization.id
  const url = new URL(request.url)
  const filters = recordFiltersFrom(url.searchParams)
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1))
  const now = new Date()
  const [coverage, records, modules, target] = await Promise.all([
    coverageForOrganizations([organizationId], now),
    listTrainingRecords(organizationId, filters, { page, asOf: now }),
    listTrainingModules(),
    agencyCoverageTarget(organizationId),
  ])
  return { organization: access.organization, asOf: now.toISOString(), coverage: coverage[0] ?? null, records, modules, filters, page, target }
}

type Result = FormFailure & { saved?: boolean }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const parsed = parseForm(HeadcountSchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const value = parsed.data.declaredHeadcount
  await setDeclaredHeadcount({ organizationId: access.organization.id, actorUserId: access.user.id, declaredHeadcount: value === '' ? null : Number(value) })
  return { saved: true } satisfies Result
}

export default function TrainingRoute() {
  const { organization, asOf, coverage, records, modules, filters, page, target } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const headcountForm = useValidatedForm(HeadcountSchema, { failure: result })
  const base = `/orgs/${organization.id}`
  const query = new URLSearchParams()
  if (filters.moduleCode) query.set('module', filters.moduleCode)
  if (filters.status) query.set('status', filters.status)
  if (filters.query) query.set('q', filters.query)
  const pages = Math.max(1, Math.ceil(records.total / records.pageSize))
  const pageLink = (to: number) => {
    const next = new URLSearchParams(query)
    next.set('page', String(to))
    return `?${next.toString()}`
  }
  return (
    <>
      <h1>{t('training.title', { organization: organization.legalName })}</h1>
      <p className="usa-intro">{t('training.lead')}</p>
      <ul className="usa-button-group margin-bottom-3">
        <li className="usa-button-group__item">
          <Link className="usa-button usa-button--outline" to={`${base}/workers`}>
            {t('training.workersNav')}
          </Link>
        </li>
        <li className="usa-button-group__item">
          <Link className="usa-button usa-button--outline" to={`${base}/training/import`}>
            {t('training.records.import')}
          </Link>
        </li>
        <li className="usa-button-group__item">
          <a className="usa-button usa-button--outline" href={`${base}/training/export.csv${query.size > 0 ? `?${query.toString()}` : ''}`} download>
            {t('training.records.export')}
          </a>
        </li>
      </ul>

      <section aria-labelledby="coverage-heading">
        <h2 id="coverage-heading">{t('training.coverage.heading')}</h2>
        <p className="usa-hint">{t('training.coverage.asOf', { date: formatDay(asOf, lang) })}</p>
        {coverage ? <CoverageSummary coverage={coverage} /> : null}
        {coverage && target !== null && coverage.percentCurrent !== null && coverage.percentCurrent < target ? (
          <Notice type="warning">{t('training.coverage.belowTarget', { target })}</Notice>
        ) : null}
        {result?.saved ? <Notice>{t('training.headcount.saved')}</Notice> : null}
        <Form method="post" className="usa-form" noValidate onSubmit={headcountForm.onSubmit}>
          <input type="hidden" value="headcount" {...headcountForm.register('intent')} />
          <TextField
            name="declaredHeadcount"
            label={t('training.headcount.label')}
            hint={t('training.headcount.hint')}
            inputMode="numeric"
            className="usa-input--small"
            defaultValue={coverage?.declaredHeadcount === null || coverage?.declaredHeadcount === undefined ? '' : String(coverage.declaredHeadcount)}
            error={headcountForm.errorFor('declaredHeadcount')}
            registration={headcountForm.register('declaredHeadcount')}
          />
          <button type="submit" className="usa-button usa-button--outline" disabled={navigation.state === 'submitting'}>
            {t('training.headcount.save')}
          </button>
        </Form>
      </section>

      <section className="margin-top-6" aria-labelledby="records-heading">
        <h2 id="records-heading">{t('training.records.heading')}</h2>
        <Form method="get" className="usa-form maxw-none" aria-label={t('training.records.filter')}>
          <div className="grid-row grid-gap-2">
            <div className="grid-col-12 tablet:grid-col-4">
              <label className="usa-label" htmlFor="filter-module">
                {t('training.records.filterModule')}
              </label>
              <select id="filter-module" name="module" className="usa-select" defaultValue={filters.moduleCode ?? ''}>
                <option value="">{t('training.records.anyModule')}</option>
                {modules.map((m) => (
                  <option key={m.code} value={m.code}>
                    {m.code} — {m.titles[lang]}
                  </option>
                ))}
              </select>
            </div>
            <div className="grid-col-12 tablet:grid-col-3">
              <label className="usa-label" htmlFor="filter-status">
                {t('training.records.filterStatus')}
              </label>
              <select id="filter-status" name="status" className="usa-select" defaultValue={filters.status ?? ''}>
                <option value="">{t('training.records.anyStatus')}</option>
                <option value="current">{t('training.status.current')}</option>
                <option value="expiring">{t('training.status.expiring')}</option>
                <option value="overdue">{t('training.status.overdue')}</option>
              </select>
            </div>
            <div className="grid-col-12 tablet:grid-col-5">
              <label className="usa-label" htmlFor="filter-q">
                {t('training.records.filterQuery')}
              </label>
              <input id="filter-q" name="q" className="usa-input" defaultValue={filters.query ?? ''} maxLength={100} />
            </div>
          </div>
          <button type="submit" className="usa-button usa-button--outline margin-top-2">
            {t('training.records.apply')}
          </button>
        </Form>
        <p className="margin-top-3">{t('training.records.count', { count: records.total })}</p>
        {records.records.length === 0 ? (
          <p>{t('training.records.none')}</p>
        ) : (
          <table className="usa-table usa-table--borderless usa-table--stacked width-full">
            <thead>
              <tr>
                <th scope="col">{t('training.column.worker')}</th>
                <th scope="col">{t('training.column.module')}</th>
                <th scope="col">{t('training.column.completedOn')}</th>
                <th scope="col">{t('training.column.expiresOn')}</th>
                <th scope="col">{t('training.column.language')}</th>
                <th scope="col">{t('training.column.deliveredBy')}</th>
                <th scope="col">{t('training.column.hours')}</th>
              </tr>
            </thead>
            <tbody>
              {records.records.map((r) => (
                <tr key={r.id}>
                  <th scope="row" data-label={t('training.column.worker')}>
                    <Link className="usa-link" to={`${base}/workers/${r.worker.id}`}>
                      {r.worker.workerRef}
                    </Link>
                    {r.worker.displayName ? <span className="display-block font-body-2xs">{r.worker.displayName}</span> : null}
                  </th>
                  <td data-label={t('training.column.module')}>{r.module.code}</td>
                  <td data-label={t('training.column.completedOn')}>{formatDay(r.completedOn, lang)}</td>
                  <td data-label={t('training.column.expiresOn')}>{formatDay(r.expiresOn, lang)}</td>
                  <td data-label={t('training.column.language')}>{languageName(r.language, lang)}</td>
                  <td data-label={t('training.column.deliveredBy')}>{r.deliveredBy}</td>
                  <td data-label={t('training.column.hours')}>{r.hours ?? '—'}</td>
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

      <section className="margin-top-6" aria-labelledby="catalog-heading">
        <h2 id="catalog-heading">{t('training.catalog.heading')}</h2>
        <table className="usa-table usa-table--borderless usa-table--stacked width-full">
          <thead>
            <tr>
              <th scope="col">{t('training.column.code')}</th>
              <th scope="col">{t('training.column.title')}</th>
              <th scope="col">{t('training.column.audience')}</th>
              <th scope="col">{t('training.column.validity')}</th>
              <th scope="col">{t('training.column.languages')}</th>
            </tr>
          </thead>
          <tbody>
            {modules.map((m) => (
              <tr key={m.code}>
                <th scope="row" data-label={t('training.column.code')}>
                  {m.code}
                </th>
                <td data-label={t('training.column.title')}>{m.titles[lang]}</td>
                <td data-label={t('training.column.audience')}>{t(`training.audience.${m.audience}`)}</td>
                <td data-label={t('training.column.validity')}>{t('training.catalog.months', { months: m.validityMonths })}</td>
                <td data-label={t('training.column.languages')}>{m.languages.map((tag) => languageName(tag, lang)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'training.title', { organization: data?.organization.legalName ?? '' })
