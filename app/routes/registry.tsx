import { data, redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import {
  listRegistryAgencies,
  parseRegistrySearch,
  searchRegistry,
  type RegistryFilterProblems,
  type RegistryPage,
} from '~/registry/registry.server'
import { REGISTRY_PAGE_SIZE, registrySearchString, type RegistryFilters } from '~/registry/search'
import { visiblePages } from '~/registry/pagination'
import { industries, industryByCode } from '~/risk/industries'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// The public registry of certified vendors (product.md §6): no sign-in, a GET search form that
// works without JavaScript, 25 rows a page. Never cached, so a revocation leaves the list on the
// next request. Filters that cannot match (unknown agency or industry, an overlong search) get a
// 400 with the message next to the field; a page number that is not a page redirects to one.

const NO_STORE = { 'Cache-Control': 'no-store' }

export async function loader({ request }: LoaderFunctionArgs) {
  const agencies = await listRegistryAgencies()
  const { filters, page, pageInvalid, problems } = parseRegistrySearch(new URL(request.url).searchParams, agencies)
  if (Object.keys(problems).length > 0) {
    return data({ filters, problems, agencies, results: null }, { status: 400, headers: NO_STORE })
  }
  if (pageInvalid) throw redirect(`/registry${registrySearchString(filters)}`, { headers: NO_STORE })
  const results = await searchRegistry(filters, { page: page ?? 1 })
  if (results.page > Math.max(results.pageCount, 1)) {
    throw redirect(`/registry${registrySearchString(filters, results.pageCount)}`, { headers: NO_STORE })
  }
  return data({ filters, problems, agencies, results }, { headers: NO_STORE })
}

export const headers: HeadersFunction = () => NO_STORE

export default function RegistryRoute() {
  const { filters, problems, agencies, results } = useLoaderData<typeof loader>()
  const { t } = useT()
  return (
    <>
      <section className="usa-prose maxw-tablet-lg">
        <h1>{t('registry.title')}</h1>
        <p className="usa-intro">{t('registry.lead')}</p>
      </section>
      <SearchForm filters={filters} problems={problems} agencies={agencies} />
      {results ? <Results filters={filters} results={results} /> : null}
      <section className="usa-prose margin-top-4">
        <p>
          {t('registry.signingCertificates')}{' '}
          <Link className="usa-link" to="/signing-certificates">
            {t('signingCerts.title')}
          </Link>
        </p>
      </section>
    </>
  )
}

function SearchForm({
  filters,
  problems,
  agencies,
}: {
  filters: RegistryFilters
  problems: RegistryFilterProblems
  agencies: { id: string; legalName: string }[]
}) {
  const { t, lang } = useT()
  const hasProblems = Object.keys(problems).length > 0
  const groupClass = (field: keyof RegistryFilters) => (problems[field] ? 'usa-form-group usa-form-group--error' : 'usa-form-group')
  const errorOf = (field: keyof RegistryFilters) => {
    const key = problems[field]
    return key ? (
      <span className="usa-error-message" id={`registry-${field}-error`} role="alert">
        {t(key)}
      </span>
    ) : null
  }
  // A stale link may name an agency or industry that no longer exists: show it as chosen (so the
  // message next to the field makes sense) until the person picks another.
  const unknownIndustry = filters.industry !== '' && !industryByCode(filters.industry)
  const unknownAgency = filters.agency !== '' && !agencies.some((a) => a.id === filters.agency)
  return (
    <Form method="get" action="/registry" className="usa-form maxw-full margin-top-2" noValidate aria-labelledby="registry-search-heading">
      <h2 id="registry-search-heading" className="margin-top-0">
        {t('registry.searchHeading')}
      </h2>
      {hasProblems ? (
        <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
          <div className="usa-alert__body">
            <p className="usa-alert__text">{t('registry.error.summary')}</p>
          </div>
        </div>
      ) : null}
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-4">
          <div className={groupClass('q')}>
            <label className="usa-label" htmlFor="registry-q">
              {t('registry.q.label')}
            </label>
            <div className="usa-hint" id="registry-q-hint">
              {t('registry.q.hint')}
            </div>
            {errorOf('q')}
            <input
              className={problems.q ? 'usa-input usa-input--error' : 'usa-input'}
              id="registry-q"
              name="q"
              type="search"
              defaultValue={filters.q}
              maxLength={200}
              aria-describedby={problems.q ? 'registry-q-hint registry-q-error' : 'registry-q-hint'}
              aria-invalid={problems.q ? true : undefined}
            />
          </div>
        </div>
        <div className="tablet:grid-col-4">
          <div className={groupClass('industry')}>
            <label className="usa-label" htmlFor="registry-industry">
              {t('registry.industry.label')}
            </label>
            {errorOf('industry')}
            <select
              className="usa-select"
              id="registry-industry"
              name="industry"
              defaultValue={filters.industry}
              aria-describedby={problems.industry ? 'registry-industry-error' : undefined}
              aria-invalid={problems.industry ? true : undefined}
            >
              <option value="">{t('registry.any')}</option>
              {unknownIndustry ? <option value={filters.industry}>{filters.industry}</option> : null}
              {industries.map((industry) => (
                <option key={industry.code} value={industry.code}>
                  {industry.label[lang]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="tablet:grid-col-4">
          <div className={groupClass('agency')}>
            <label className="usa-label" htmlFor="registry-agency">
              {t('registry.agency.label')}
            </label>
            {errorOf('agency')}
            <select
              className="usa-select"
              id="registry-agency"
              name="agency"
              defaultValue={filters.agency}
              aria-describedby={problems.agency ? 'registry-agency-error' : undefined}
              aria-invalid={problems.agency ? true : undefined}
            >
              <option value="">{t('registry.any')}</option>
              {unknownAgency ? <option value={filters.agency}>{filters.agency}</option> : null}
              {agencies.map((agency) => (
                <option key={agency.id} value={agency.id}>
                  {agency.legalName}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <div className="margin-top-3">
        <button type="submit" className="usa-button">
          {t('registry.submit')}
        </button>
        <Link className="usa-button usa-button--outline" to="/registry">
          {t('registry.clear')}
        </Link>
      </div>
    </Form>
  )
}

function Results({ filters, results }: { filters: RegistryFilters; results: RegistryPage }) {
  const { t, lang } = useT()
  const from = (results.page - 1) * REGISTRY_PAGE_SIZE + 1
  const to = from + results.rows.length - 1
  const count =
    results.total === 0
      ? t('registry.count.none')
      : results.total === 1
        ? t('registry.count.one')
        : t('registry.count.many', { total: results.total.toLocaleString(lang === 'es' ? 'es-US' : 'en-US'), from, to })
  return (
    <section aria-labelledby="registry-count" className="margin-top-4">
      <p id="registry-count" className="text-bold" role="status">
        {count}
      </p>
      {results.total === 0 ? (
        <p>{t('registry.empty.hint')}</p>
      ) : (
        <>
          <p>
            {/* A plain link: the CSV is a download, not a page the browser router could render. */}
            <a className="usa-link" href={`/registry.csv${registrySearchString(filters)}`} download>
              {t('registry.download')}
            </a>
          </p>
          <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="registry-caption">
            <table className="usa-table usa-table--borderless width-full">
              <caption id="registry-caption">{t('registry.caption', { page: results.page, pages: results.pageCount })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('registry.col.vendor')}</th>
                  <th scope="col">{t('registry.col.uei')}</th>
                  <th scope="col">{t('registry.col.industries')}</th>
                  <th scope="col">{t('registry.col.agency')}</th>
                  <th scope="col">{t('registry.col.number')}</th>
                  <th scope="col">{t('registry.col.validUntil')}</th>
                </tr>
              </thead>
              <tbody>
                {results.rows.map((row) => (
                  <tr key={row.number}>
                    <th scope="row">{row.vendorName}</th>
                    <td className="text-tabular">{row.uei ?? '—'}</td>
                    <td>{row.industries.map((code) => industryByCode(code)?.label[lang] ?? code).join(', ') || '—'}</td>
                    <td>{row.agencyName ?? '—'}</td>
                    <td>
                      <Link className="usa-link font-mono-sm" to={`/verify/${encodeURIComponent(row.number)}`}>
                        {row.number}
                      </Link>
                    </td>
                    <td>{formatDate(row.validUntil, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination filters={filters} page={results.page} pageCount={results.pageCount} />
        </>
      )}
    </section>
  )
}

function Pagination({ filters, page, pageCount }: { filters: RegistryFilters; page: number; pageCount: number }) {
  const { t } = useT()
  if (pageCount <= 1) return null
  const href = (p: number) => `/registry${registrySearchString(filters, p)}`
  return (
    <nav aria-label={t('registry.pagination')} className="usa-pagination">
      <ul className="usa-pagination__list">
        {page > 1 ? (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={href(page - 1)} className="usa-pagination__link usa-pagination__previous-page" rel="prev">
              <span className="usa-pagination__link-text">{t('registry.previous')}</span>
            </Link>
          </li>
        ) : null}
        {visiblePages(page, pageCount).map((p, index) =>
          p === null ? (
            <li key={`gap-${index}`} className="usa-pagination__item usa-pagination__overflow" aria-hidden="true">
              <span>…</span>
            </li>
          ) : (
            <li key={p} className="usa-pagination__item usa-pagination__page-no">
              <Link
                to={href(p)}
                className={p === page ? 'usa-pagination__button usa-current' : 'usa-pagination__button'}
                aria-label={t('registry.pageLink', { page: p })}
                aria-current={p === page ? 'page' : undefined}
              >
                {p}
              </Link>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li className="usa-pagination__item usa-pagination__arrow">
            <Link to={href(page + 1)} className="usa-pagination__link usa-pagination__next-page" rel="next">
              <span className="usa-pagination__link-text">{t('registry.next')}</span>
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'registry.title')
