import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { startAttestation } from '~/attestations/attestations.server'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { formatUsd } from '~/contracts/money'
import { readForm } from '~/http/forms.server'
import { useT } from '~/i18n/use-t'
import { StatusBadge } from '~/subcontracts/status-badge'
import { listSubcontractsOf } from '~/subcontracts/subcontracts.server'
import { FormError, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  return {
    organizationId: access.organization.id,
    canStart: roleHasPermission(access.membership.role, 'create:attestation'),
    subcontracts: await listSubcontractsOf(access.organization.id),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'create:attestation')
  const subcontractId = (await readForm(request)).get('subcontractId')
  if (typeof subcontractId !== 'string') return data({ formError: 'errors.invalid' } satisfies FormFailure, { status: 400 })
  // FAR 52.222-50(i) flowdown and (h)(5): the subcontractor's own declaration, scoped to its subcontract.
  const started = await startAttestation({ organizationId: access.organization.id, actorUserId: access.user.id, contractIds: [], subcontractId })
  if (!started.ok) return data({ formError: started.formError } satisfies FormFailure, { status: started.status })
  return redirect(`/orgs/${access.organization.id}/attestations/${started.attestationId}`)
}

export default function SubcontractsRoute() {
  const { organizationId, canStart, subcontracts } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  return (
    <>
      <h1>{t('subcontracts.workspace.title')}</h1>
      <p className="usa-intro">{t('subcontracts.workspace.lead')}</p>
      <FormError failure={failure} />
      {subcontracts.length === 0 ? (
        <p>{t('subcontracts.workspace.none')}</p>
      ) : (
        <ul className="usa-card-group">
          {subcontracts.map((s) => (
            <li key={s.id} className="usa-card tablet:grid-col-6">
              <div className="usa-card__container">
                <div className="usa-card__header">
                  <h2 className="usa-card__heading">
                    {s.contract.number}: {s.contract.title}
                  </h2>
                </div>
                <div className="usa-card__body">
                  <p>
                    {t('subcontracts.workspace.under', { parent: s.parent, tier: s.tier })} · {s.contract.agency.legalName}
                  </p>
                  <p>
                    {t('subcontracts.scope')}: {s.scope}
                    {s.valueCents ? ` · ${t('subcontracts.value')}: ${formatUsd(s.valueCents, lang)}` : null}
                  </p>
                  <p>
                    <StatusBadge status={s.status} />
                    {s.certificate ? ` ${t('subcontracts.certificate', { number: s.certificate.number })} · ${t('subcontracts.expires', { date: formatDay(s.certificate.validUntil, lang) })}` : null}
                  </p>
                </div>
                <div className="usa-card__footer display-flex flex-wrap">
                  {s.attestationId ? (
                    <Link className="usa-button margin-right-1" to={`/orgs/${organizationId}/attestations/${s.attestationId}`}>
                      {t('subcontracts.workspace.open')}
                    </Link>
                  ) : canStart ? (
                    <Form method="post" className="margin-right-1">
                      <input type="hidden" name="subcontractId" value={s.id} />
                      <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
                        {t('subcontracts.workspace.start')}
                        <span className="usa-sr-only"> — {s.contract.number}</span>
                      </button>
                    </Form>
                  ) : null}
                  <Link className="usa-button usa-button--outline" to={`/orgs/${organizationId}/contracts/${s.contract.id}/subcontractors`}>
                    {t('subcontracts.workspace.tree')}
                    <span className="usa-sr-only"> — {s.contract.number}</span>
                  </Link>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'subcontracts.workspace.title')
