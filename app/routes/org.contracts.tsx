import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { listContracts } from '~/contracts/contracts.server'
import { formatUsd } from '~/contracts/money'
import { useT } from '~/i18n/use-t'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const contracts = await listContracts(access.organization.id)
  return {
    organization: access.organization,
    canManage: roleHasPermission(access.membership.role, 'manage:contracts') && access.organization.kind !== 'platform',
    contracts: contracts.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      value: c.estimatedValueCents.toString(),
      startDate: c.startDate,
      endDate: c.endDate,
      agency: c.agency.legalName,
      primeVendor: c.primeVendor?.legalName ?? null,
      pendingEmail: c.invitations[0]?.email ?? null,
    })),
  }
}

export default function ContractsRoute() {
  const { organization, canManage, contracts } = useLoaderData<typeof loader>()
  const { t, lang } = useT()
  const isAgency = organization.kind === 'agency'
  return (
    <>
      <h1>{t('contracts.title')}</h1>
      <p className="usa-intro">{isAgency ? t('contracts.lead.agency') : t('contracts.lead.vendor')}</p>
      {canManage ? (
        <p>
          <Link className="usa-button" to="new">
            {isAgency ? t('contracts.create') : t('contracts.register')}
          </Link>
        </p>
      ) : null}
      {!isAgency ? (
        <p>
          <Link className="usa-link" to={`/orgs/${organization.id}/subcontracts`}>
            {t('subcontracts.workspace.link')}
          </Link>
        </p>
      ) : null}
      {contracts.length === 0 ? (
        <p>{t('contracts.none')}</p>
      ) : (
        <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-label={t('contracts.title')}>
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('contracts.number')}</th>
                <th scope="col">{t('contracts.titleField')}</th>
                <th scope="col">{isAgency ? t('contracts.primeVendor') : t('contracts.agency')}</th>
                <th scope="col">{t('contracts.value')}</th>
                <th scope="col">{t('contracts.period')}</th>
              </tr>
            </thead>
            <tbody>
              {contracts.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link className="usa-link" to={c.id}>
                      {c.number}
                    </Link>
                  </th>
                  <td>{c.title}</td>
                  <td>{isAgency ? (c.primeVendor ?? t('contracts.pendingVendor', { email: c.pendingEmail ?? '' })) : c.agency}</td>
                  <td className="text-tabular">{formatUsd(c.value, lang)}</td>
                  <td>
                    {formatDay(c.startDate, lang)} – {formatDay(c.endDate, lang)}
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

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'contracts.title')
