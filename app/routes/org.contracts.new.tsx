import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { ContractForm } from '~/contracts/contract-form'
import { createContractAsAgency, listAgencies, registerContractAsVendor } from '~/contracts/contracts.server'
import { sendContractInvitation } from '~/contracts/notify.server'
import { AgencyContractSchema, VendorContractSchema } from '~/contracts/schemas'
import { goodsFormData } from '~/goods/goods.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { forbidden } from '~/http/responses.server'
import { getLanguage } from '~/i18n/i18n.server'
import { useT } from '~/i18n/use-t'
import { FormError, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:contracts')
  if (access.organization.kind === 'platform') forbidden()
  const agencies = access.organization.kind === 'vendor' ? await listAgencies() : []
  return { kind: access.organization.kind, agencies, goodsForm: await goodsFormData(await getLanguage(request)) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:contracts')
  const form = await readForm(request)
  if (access.organization.kind === 'vendor') {
    const parsed = parseForm(VendorContractSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const { agencyId, ...facts } = parsed.data
    const result = await registerContractAsVendor({ vendorId: access.organization.id, actorUserId: access.user.id, agencyId, facts })
    if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values)
    return redirect(`/orgs/${access.organization.id}/contracts/${result.contractId}?saved=registered`)
  }
  if (access.organization.kind !== 'agency') forbidden()
  const parsed = parseForm(AgencyContractSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const { vendorEmail, vendorUei, ...facts } = parsed.data
  const result = await createContractAsAgency({ agencyId: access.organization.id, actorUserId: access.user.id, facts, vendorEmail, vendorUei })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values)
  await sendContractInvitation({
    to: vendorEmail,
    token: result.token,
    agencyName: access.organization.legalName,
    contractNumber: facts.number,
    contractTitle: facts.title,
    inviterName: access.user.name,
    language: await getLanguage(request),
  })
  return redirect(`/orgs/${access.organization.id}/contracts/${result.contractId}?saved=created`)
}

export default function NewContractRoute() {
  const { kind, agencies, goodsForm } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const { t, tError } = useT()
  const schema = kind === 'agency' ? AgencyContractSchema : VendorContractSchema
  const validated = useValidatedForm(schema, { failure })
  const values = failure?.values ?? {}
  const agencyError = tError(validated.errorFor('agencyId'))
  const leading =
    kind === 'agency' ? (
      <>
        <TextField name="vendorEmail" type="email" label={t('contracts.vendorEmail')} hint={t('contracts.vendorEmailHint')} defaultValue={typeof values.vendorEmail === 'string' ? values.vendorEmail : undefined} error={validated.errorFor('vendorEmail')} registration={validated.register('vendorEmail')} />
        <TextField name="vendorUei" label={t('contracts.vendorUei')} hint={t('contracts.vendorUeiHint')} autoCapitalize="characters" defaultValue={typeof values.vendorUei === 'string' ? values.vendorUei : undefined} error={validated.errorFor('vendorUei')} registration={validated.register('vendorUei')} />
      </>
    ) : (
      <div className={`usa-form-group${agencyError ? ' usa-form-group--error' : ''}`}>
        <label className="usa-label" htmlFor="field-agencyId">
          {t('contracts.agency')}
        </label>
        {agencyError ? (
          <span className="usa-error-message" id="field-agencyId-error">
            {agencyError}
          </span>
        ) : null}
        <select id="field-agencyId" className="usa-select" defaultValue={typeof values.agencyId === 'string' ? values.agencyId : ''} aria-describedby={agencyError ? 'field-agencyId-error' : undefined} {...validated.register('agencyId')}>
          <option value="">{t('contracts.chooseAgency')}</option>
          {agencies.map((agency) => (
            <option key={agency.id} value={agency.id}>
              {agency.legalName}
            </option>
          ))}
        </select>
      </div>
    )
  return (
    <>
      <h1>{kind === 'agency' ? t('contracts.create') : t('contracts.register')}</h1>
      <FormError failure={validated.summary} />
      <ContractForm validated={validated} defaults={values} submitLabel={t('contracts.save')} leading={leading} goods={goodsForm} />
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, data?.kind === 'agency' ? 'contracts.create' : 'contracts.register')
