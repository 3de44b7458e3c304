import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { listOrganizationCertificates } from '~/certificates/certificates.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// A vendor's certificates (product.md §6): number, status (expired derived from validUntil),
// validity, the contracts covered, and the signed PDF. Vendors only; agencies see theirs elsewhere.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (access.organization.kind !== 'vendor') notFound()
  const certificates = await listOrganizationCertificates(access.organization.id)
  return { organization: access.organization, certificates }
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'certificates.title', { organization: data?.organization.legalName ?? '' })

export default function CertificatesRoute() {
  const { organization, certificates } = useLoaderData<typeof loader>()
  const { t, lang } = useT()
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
                    <span className="font-mono-sm">{c.number}</span>
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
