import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { listOrganizationCertificates } from '~/certificates/certificates.server'
import { agencyCertificatesSearch, CERTIFICATE_STATES, parseAgencyCertificateFilters } from '~/certificates/filters'
import { listAgencyCertificates } from '~/certificates/workspace.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// Certificates in a workspace (product.md §6, §9). A vendor sees its own: number, status (expired
// derived from validUntil), validity, the contracts covered, and the signed PDF. An agency sees
// those issued for it, filtered by status and searched by vendor or number, a page at a time.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const { organization } = access
  if (organization.kind === 'vendor') {
    const certificates = await listOrganizationCertificates(organization.id)
    return { view: 'vendor' as const, organization, certificates }
  }
  if (organization.kind !== 'agency') notFound()
  const filters = parseAgencyCertificateFilters(new URL(request.url).searchParams)
  const list = await listAgencyCertificates(organization.id, filters)
  return {
    view: 'agency' as const,
    organization,
    filters: { status: filters.state ?? '', q: filters.q ?? '' },
    filtered: filters.state !== undefined || filters.q !== undefined,
    previous: list.page > 1 ? agencyCertificatesSearch(filters, list.page - 1) || '?' : null,
    next: list.page < list.pageCount ? agencyCertificatesSearch(filters, list.page + 1) : null,
    ...list,
  }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data?.view === 'agency'
    ? pageTitle(matches, 'agencyCertificates.title', { organization: data.organization.legalName })
    : pageTitle(matches, 'certificates.title', { organization: data?.organization.legalName ?? '' })

export default function CertificatesRoute() {
  const data = useLoaderData<typeof loader>()
  return data.view === 'agency' ? <AgencyCertificates /> : <VendorCertificates />
}

function VendorCertificates() {
  const data = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  if (data.view !== 'vendor') return null
  const { organization, certificates } = data
  return (
    <>
      <h1>{t('certificates.title', { organization: organization.legalName })}</h1>
      <p className="usa-intro">{t('certificates.lead')}</p>
      {certificates.length === 0 ? (
        <p>{t('certificates.none')}</p>
      ) : (
        <div
          className="usa-table-container--scrollable"
          tabIndex={0}
          role="region"
          aria-label={t('certificates.title', { organization: organization.legalName })}
        >
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('certificates.column.number')}</th>
                <th scope="col">{t('certificates.column.status')}</th>
                <th scope="col">{t('certificates.column.validity')}</th>
                <th scope="col">{t('certificates.column.scope')}</th>
                <th scope="col">{t('certificates.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link className="usa-link font-mono-sm" to={`/orgs/${organization.id}/certificates/${encodeURIComponent(c.number)}`}>
                      {c.number}
                    </Link>
                  </th>
                  <td>{t(`certificates.status.${c.state}`)}</td>
                  <td>
                    {t('certificates.validity', { from: formatDate(c.validFrom, lang), until: formatDate(c.validUntil, lang) })}
                  </td>
                  <td>{c.contractNumbers.join(', ') || '—'}</td>
                  <td>
                    {c.hasPdf ? (
                      <a
                        className="usa-link"
                        href={`/orgs/${organization.id}/certificates/${encodeURIComponent(c.number)}/pdf`}
                        aria-label={t('certificates.downloadNamed', { number: c.number })}
                        download
                      >
                        {t('certificates.download')}
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

function AgencyCertificates() {
  const data = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  if (data.view !== 'agency') return null
  const { organization, filters, filtered, rows, total, page, pageCount, previous, next } = data
  const base = `/orgs/${organization.id}/certificates`
  return (
    <>
      <h1>{t('agencyCertificates.title', { organization: organization.legalName })}</h1>
      <p className="usa-intro">{t('agencyCertificates.lead')}</p>

      {/* GET: the filters are part of the address, work without JavaScript and can be bookmarked. */}
      <Form method="get" className="usa-form usa-form--large margin-bottom-4" aria-labelledby="certificate-filters-heading">
        <h2 id="certificate-filters-heading" className="font-heading-md">
          {t('agencyCertificates.filters')}
        </h2>
        <div className="grid-row grid-gap">
          <div className="tablet:grid-col-4">
            <label className="usa-label" htmlFor="filter-status">
              {t('agencyCertificates.status')}
            </label>
            <select className="usa-select" id="filter-status" name="status" defaultValue={filters.status}>
              <option value="">{t('agencyCertificates.status.all')}</option>
              {CERTIFICATE_STATES.map((state) => (
                <option key={state} value={state}>
                  {t(`certificates.status.${state}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="tablet:grid-col-8">
            <label className="usa-label" htmlFor="filter-q">
              {t('agencyCertificates.search')}
            </label>
            <div className="usa-hint" id="filter-q-hint">
              {t('agencyCertificates.search.hint')}
            </div>
            <input
              className="usa-input"
              id="filter-q"
              name="q"
              type="search"
              defaultValue={filters.q}
              maxLength={200}
              aria-describedby="filter-q-hint"
            />
          </div>
        </div>
        <button type="submit" className="usa-button margin-top-2">
          {t('agencyCertificates.apply')}
        </button>
        {filtered ? (
          <Link className="usa-button usa-button--unstyled margin-left-2" to={base}>
            {t('agencyCertificates.clear')}
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <p>{filtered ? t('agencyCertificates.emptyFiltered') : t('agencyCertificates.empty')}</p>
      ) : (
        <>
          <p role="status">
            {t(total === 1 ? 'agencyCertificates.count.one' : 'agencyCertificates.count.other', { count: total })}
          </p>
          <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="agency-certificates-caption">
            <table className="usa-table usa-table--borderless width-full">
              <caption id="agency-certificates-caption">{t('agencyCertificates.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('agencyCertificates.col.vendor')}</th>
                  <th scope="col">{t('agencyCertificates.col.number')}</th>
                  <th scope="col">{t('agencyCertificates.col.status')}</th>
                  <th scope="col">{t('agencyCertificates.col.validity')}</th>
                  <th scope="col">{t('agencyCertificates.col.contracts')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row">
                      {row.vendor.legalName}
                      <br />
                      <span className="text-base">
                        {row.vendor.uei ? t('agencyCertificates.uei', { uei: row.vendor.uei }) : t('agencyCertificates.noUei')}
                      </span>
                    </th>
                    <td>
                      <Link
                        className="usa-link font-mono-sm"
                        to={`${base}/${encodeURIComponent(row.number)}`}
                        aria-label={t('agencyCertificates.openNamed', { number: row.number, vendor: row.vendor.legalName })}
                      >
                        {row.number}
                      </Link>
                    </td>
                    <td>{t(`certificates.status.${row.state}`)}</td>
                    <td>{t('certificates.validity', { from: formatDate(row.validFrom, lang), until: formatDate(row.validUntil, lang) })}</td>
                    <td>{row.contractNumbers.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pageCount > 1 ? (
            <nav aria-label={t('agencyCertificates.pagination')} className="margin-top-2">
              <ul className="usa-list usa-list--unstyled display-flex flex-align-center">
                <li className="margin-right-2">
                  {previous ? (
                    <Link className="usa-link" to={`${base}${previous}`} rel="prev">
                      {t('agencyCertificates.previous')}
                    </Link>
                  ) : null}
                </li>
                <li className="margin-right-2" aria-current="page">
                  {t('agencyCertificates.pageOf', { page, count: pageCount })}
                </li>
                <li>
                  {next ? (
                    <Link className="usa-link" to={`${base}${next}`} rel="next">
                      {t('agencyCertificates.next')}
                    </Link>
                  ) : null}
                </li>
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </>
  )
}
