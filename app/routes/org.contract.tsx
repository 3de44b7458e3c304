import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { ContractForm } from '~/contracts/contract-form'
import { contractFormDefaults, placesOf } from '~/contracts/contract-view'
import { contractRisk } from '~/attestations/attestations.server'
import { findContractFor, updateContractFacts } from '~/contracts/contracts.server'
import { formatUsd } from '~/contracts/money'
import { describePlace } from '~/contracts/places'
import { ContractFactsSchema } from '~/contracts/schemas'
import { DeclaredGoods } from '~/goods/declared-goods'
import { declaredGoodsView, goodsFormData } from '~/goods/goods.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { getLanguage } from '~/i18n/i18n.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { industryByCode } from '~/risk/industries'
import { describeReason, riskTierLabel } from '~/risk/risk'
import { FormError, Notice, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const contract = await findContractFor(access.organization.id, params.contractId ?? '')
  if (!contract) notFound()
  const risk = await contractRisk(contract.id)
  const lang = await getLanguage(request)
  const canManage = roleHasPermission(access.membership.role, 'manage:contracts')
  return {
    risk,
    declaredGoods: await declaredGoodsView(contract.id, contract.goods, lang),
    goodsForm: canManage ? await goodsFormData(lang) : undefined,
    organization: access.organization,
    canManage,
    contract: {
      ...contract,
      estimatedValueCents: contract.estimatedValueCents.toString(),
      outsideUSValueCents: contract.outsideUSValueCents.toString(),
      places: placesOf(contract.placesOfPerformance),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:contracts')
  const contract = await findContractFor(access.organization.id, params.contractId ?? '')
  if (!contract) notFound()
  const parsed = parseForm(ContractFactsSchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await updateContractFacts({ contractId: contract.id, organizationId: access.organization.id, actorUserId: access.user.id, facts: parsed.data })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values)
  return redirect(`/orgs/${access.organization.id}/contracts/${contract.id}?saved=updated`)
}

function YesNo({ value }: { value: boolean }) {
  const { t } = useT()
  return <>{value ? t('contracts.yes') : t('contracts.no')}</>
}

export default function ContractRoute() {
  const { organization, canManage, contract, risk, declaredGoods, goodsForm } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const [searchParams] = useSearchParams()
  const { t, lang } = useT()
  const validated = useValidatedForm(ContractFactsSchema, { failure })
  const saved = searchParams.get('saved')
  const pending = contract.invitations[0]
  const facts: [string, React.ReactNode][] = [
    [t('contracts.agency'), contract.agency.legalName],
    [t('contracts.primeVendor'), contract.primeVendor ? `${contract.primeVendor.legalName}${contract.primeVendor.uei ? ` (UEI ${contract.primeVendor.uei})` : ''}` : t('contracts.pendingVendor', { email: pending?.email ?? '' })],
    [t('contracts.estimatedValue'), formatUsd(contract.estimatedValueCents, lang)],
    [t('contracts.outsideUSValue'), formatUsd(contract.outsideUSValueCents, lang)],
    [t('contracts.dates'), `${formatDay(contract.startDate, lang)} – ${formatDay(contract.endDate, lang)}`],
    [t('contracts.places'), contract.places.map((p) => describePlace(p, lang)).join(', ') || t('contracts.noneListed')],
    [t('contracts.industries'), contract.industries.map((code) => industryByCode(code)?.label[lang] ?? code).join(', ') || t('contracts.noneListed')],
    [t('contracts.naics'), contract.naicsCodes.join(', ') || t('contracts.noneListed')],
    [t('contracts.suppliesOrServicesOutsideUS'), <YesNo key="o" value={contract.suppliesOrServicesOutsideUS} />],
    [t('contracts.usesLaborRecruiters'), <YesNo key="r" value={contract.usesLaborRecruiters} />],
    [t('contracts.employsNonUSNationals'), <YesNo key="n" value={contract.employsNonUSNationals} />],
    [t('contracts.providesHousing'), <YesNo key="h" value={contract.providesHousing} />],
  ]
  if (contract.ocid) facts.push([t('contracts.ocid'), contract.ocid])
  return (
    <>
      <p className="margin-bottom-0">
        <Link className="usa-link" to={`/orgs/${organization.id}/contracts`}>
          {t('contracts.back')}
        </Link>
      </p>
      <h1 className="margin-top-1">
        {contract.number}: {contract.title}
      </h1>
      {saved === 'registered' ? <Notice>{t('contracts.registered', { number: contract.number })}</Notice> : null}
      {saved === 'created' ? <Notice>{t('contracts.created', { number: contract.number, email: pending?.email ?? '' })}</Notice> : null}
      {saved === 'updated' ? <Notice>{t('contracts.updated')}</Notice> : null}
      <dl className="grid-row grid-gap">
        {facts.map(([label, value]) => (
          <div key={label} className="tablet:grid-col-6 margin-bottom-2">
            <dt className="text-bold">{label}</dt>
            <dd className="margin-left-0">{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link className="usa-link" to={`/orgs/${organization.id}/contracts/${contract.id}/subcontractors`}>
          {t('subcontracts.manage')}
        </Link>
      </p>
      <DeclaredGoods goods={declaredGoods} />
      {risk ? (
        <section aria-labelledby="risk-heading" className="margin-top-3">
          <h2 id="risk-heading">
            {t('risk.whyThisTier')}: {riskTierLabel(risk.tier, lang)}
          </h2>
          {risk.reasons.length === 0 ? (
            <p>{t('contracts.noRiskFactors')}</p>
          ) : (
            <ul className="usa-list">
              {risk.reasons.map((reason, index) => (
                <li key={`${reason.factor}-${index}`}>{describeReason(reason, lang)}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {canManage ? (
        <details className="margin-top-4" open={Boolean(failure)}>
          <summary className="usa-button usa-button--outline">{t('contracts.edit')}</summary>
          <FormError failure={validated.summary} />
          <ContractForm validated={validated} defaults={failure?.values ?? contractFormDefaults(contract)} submitLabel={t('contracts.save')} goods={goodsForm} />
        </details>
      ) : null}
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'contracts.title', {}).map((m) => ('title' in m && data ? { title: `${data.contract.number} · ${String(m.title)}` } : m))
