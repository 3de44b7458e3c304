import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { addAgencyThreshold, getAgencyPolicy, listThresholds, saveAgencyPolicy } from '~/agency/policy.server'
import { AGENCY_TIME_ZONES, AgencyPolicySchema, AgencyThresholdSchema } from '~/agency/schemas'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { formatUsd } from '~/contracts/money'
import { db } from '~/db/db.server'
import { listGoodsEditions } from '~/goods/editions.server'
import { GoodsEditionsTable } from '~/goods/editions-table'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { forbidden, notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (access.organization.kind !== 'agency') notFound()
  const [policy, thresholds] = await Promise.all([getAgencyPolicy(access.organization.id), listThresholds(access.organization.id)])
  return {
    canEdit: roleHasPermission(access.membership.role, 'manage:agency-policy'),
    policy,
    thresholds: thresholds.map((t) => ({ ...t, amountCents: t.amountCents.toString() })),
    goodsEditions: await listGoodsEditions(db()),
  }
}

type Result = FormFailure & { saved?: 'policy' | 'threshold'; intent?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId)
  if (access.organization.kind !== 'agency') notFound()
  if (!roleHasPermission(access.membership.role, 'manage:agency-policy')) forbidden()
  const form = await readForm(request)
  if (form.get('intent') === 'threshold') {
    const parsed = parseForm(AgencyThresholdSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const result = await addAgencyThreshold(access.organization.id, access.user.id, { effectiveFrom: parsed.data.effectiveFrom, amount: parsed.data.amount, source: parsed.data.source })
    if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors }, parsed.values)
    return { saved: 'threshold' } satisfies Result
  }
  const parsed = parseForm(AgencyPolicySchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const { intent: _intent, ...policy } = parsed.data
  await saveAgencyPolicy(access.organization.id, access.user.id, policy)
  return data({ saved: 'policy' } satisfies Result)
}

export default function PolicyRoute() {
  const { canEdit, policy, thresholds, goodsEditions } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const navigation = useNavigation()
  const { t, tError, lang } = useT()
  const isThreshold = result?.values?.intent === 'threshold'
  const policyForm = useValidatedForm(AgencyPolicySchema, { failure: isThreshold ? null : result })
  const thresholdForm = useValidatedForm(AgencyThresholdSchema, { failure: isThreshold ? result : null })
  const tiersError = tError(policyForm.errorFor('reviewTiers'))
  const timeZoneError = tError(policyForm.errorFor('timeZone'))
  return (
    <>
      <h1>{t('agency.policy.title')}</h1>
      <p className="usa-intro">{t('agency.policy.lead')}</p>
      {result?.saved === 'policy' ? <Notice>{t('agency.policy.saved')}</Notice> : null}
      {result?.saved === 'threshold' ? <Notice>{t('agency.thresholds.added')}</Notice> : null}
      <FormError failure={isThreshold ? null : policyForm.summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={policyForm.onSubmit}>
        <fieldset className="usa-fieldset" disabled={!canEdit}>
          <input type="hidden" value="policy" {...policyForm.register('intent')} />
          <fieldset className={`usa-fieldset${tiersError ? ' usa-form-group--error' : ''}`} aria-describedby="review-tiers-hint">
            <legend className="usa-legend">{t('agency.policy.reviewTiers')}</legend>
            <div className="usa-hint" id="review-tiers-hint">
              {t('agency.policy.reviewTiersHint')}
            </div>
            {(['low', 'medium', 'high'] as const).map((tier) => (
              <div className="usa-checkbox" key={tier}>
                <input className="usa-checkbox__input" id={`tier-${tier}`} type="checkbox" value={tier} defaultChecked={policy.reviewTiers.includes(tier)} {...policyForm.register('reviewTiers')} />
                <label className="usa-checkbox__label" htmlFor={`tier-${tier}`}>
                  {t(`agency.policy.tier.${tier}`)}
                </label>
              </div>
            ))}
          </fieldset>
          <div className="usa-checkbox margin-top-2">
            <input className="usa-checkbox__input" id="field-requirePlan" type="checkbox" value="on" defaultChecked={policy.requirePlanForHighRiskIndustries} {...policyForm.register('requirePlanForHighRiskIndustries')} />
            <label className="usa-checkbox__label" htmlFor="field-requirePlan">
              {t('agency.policy.requirePlan')}
            </label>
          </div>
          <TextField name="certificateValidityMonths" label={t('agency.policy.validity')} inputMode="numeric" defaultValue={String(policy.certificateValidityMonths)} error={policyForm.errorFor('certificateValidityMonths')} registration={policyForm.register('certificateValidityMonths')} />
          <TextField name="renewalWindowDays" label={t('agency.policy.renewal')} inputMode="numeric" defaultValue={String(policy.renewalWindowDays)} error={policyForm.errorFor('renewalWindowDays')} registration={policyForm.register('renewalWindowDays')} />
          <TextField name="trainingCoverageTargetPercent" label={t('agency.policy.coverageTarget')} inputMode="numeric" defaultValue={String(policy.trainingCoverageTargetPercent)} error={policyForm.errorFor('trainingCoverageTargetPercent')} registration={policyForm.register('trainingCoverageTargetPercent')} />
          <TextField name="reminderDays" label={t('agency.policy.reminderDays')} hint={t('agency.policy.reminderDaysHint')} defaultValue={policy.reminderDays.join(', ')} error={policyForm.errorFor('reminderDays')} registration={policyForm.register('reminderDays')} />
          <div className={`usa-form-group${timeZoneError ? ' usa-form-group--error' : ''}`}>
            <label className="usa-label" htmlFor="field-timeZone">
              {t('agency.policy.timeZone')}
            </label>
            <div className="usa-hint" id="field-timeZone-hint">
              {t('agency.policy.timeZoneHint')}
            </div>
            {timeZoneError ? (
              <span className="usa-error-message" id="field-timeZone-error">
                {timeZoneError}
              </span>
            ) : null}
            <select
              className="usa-select"
              id="field-timeZone"
              defaultValue={policy.timeZone}
              aria-describedby={timeZoneError ? 'field-timeZone-hint field-timeZone-error' : 'field-timeZone-hint'}
              aria-invalid={timeZoneError ? true : undefined}
              {...policyForm.register('timeZone')}
            >
              {/* An agency whose zone is not in the list keeps it until it picks another. */}
              {(AGENCY_TIME_ZONES as readonly string[]).includes(policy.timeZone) ? null : <option value={policy.timeZone}>{policy.timeZone}</option>}
              {AGENCY_TIME_ZONES.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </div>
          {canEdit ? (
            <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
              {t('agency.policy.save')}
            </button>
          ) : null}
        </fieldset>
      </Form>

      <section className="margin-top-6" aria-labelledby="thresholds-heading">
        <h2 id="thresholds-heading">{t('agency.thresholds.title')}</h2>
        <p>{t('agency.thresholds.lead')}</p>
        <table className="usa-table usa-table--borderless">
          <thead>
            <tr>
              <th scope="col">{t('agency.thresholds.effectiveFrom')}</th>
              <th scope="col">{t('agency.thresholds.amount')}</th>
              <th scope="col">{t('agency.thresholds.scope')}</th>
              <th scope="col">{t('agency.thresholds.source')}</th>
            </tr>
          </thead>
          <tbody>
            {thresholds.map((row) => (
              <tr key={row.id}>
                <th scope="row">{formatDay(row.effectiveFrom, lang)}</th>
                <td>{formatUsd(row.amountCents, lang)}</td>
                <td>{row.agencyId ? t('agency.thresholds.agency') : t('agency.thresholds.federal')}</td>
                <td>{row.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit ? (
          <>
            <h3>{t('agency.thresholds.add')}</h3>
            <FormError failure={isThreshold ? thresholdForm.summary : null} />
            <Form method="post" className="usa-form" noValidate onSubmit={thresholdForm.onSubmit}>
              <input type="hidden" value="threshold" {...thresholdForm.register('intent')} />
              <TextField name="effectiveFrom" type="date" label={t('agency.thresholds.effectiveFrom')} error={thresholdForm.errorFor('effectiveFrom')} registration={thresholdForm.register('effectiveFrom')} />
              <TextField name="amount" label={t('agency.thresholds.amount')} inputMode="decimal" error={thresholdForm.errorFor('amount')} registration={thresholdForm.register('amount')} />
              <TextField name="source" label={t('agency.thresholds.source')} error={thresholdForm.errorFor('source')} registration={thresholdForm.register('source')} />
              <button type="submit" className="usa-button usa-button--outline" disabled={navigation.state === 'submitting'}>
                {t('agency.thresholds.add')}
              </button>
            </Form>
          </>
        ) : null}
      </section>
      <GoodsEditionsTable editions={goodsEditions} />
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'agency.policy.title')
