import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { listAttestableContracts, listAttestations, startAttestation } from '~/attestations/attestations.server'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { forbidden, notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { riskTierLabel } from '~/risk/risk'
import { FormError, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// A vendor's declarations (product.md §4): the list, and "Start a declaration" for the contracts
// it holds as prime. Agencies review declarations elsewhere; this page is for vendors only.

/**
 * The start form: the chosen contract ids. A checkbox group sends the name once per ticked box
 * (a list, or one string); react-hook-form gives a list, one string, or false when none is ticked.
 * Whether the ids are the organization's and of one agency is checked by startAttestation.
 */
const StartAttestationSchema = z.object({
  contractIds: z.preprocess(
    (value) => (Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : []),
    z
      .array(z.string().min(1).max(100, 'errors.invalid'))
      .min(1, 'attestation.errors.chooseContracts')
      .max(200, 'errors.invalid'),
  ),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (access.organization.kind !== 'vendor') notFound()
  const canCreate = roleHasPermission(access.membership.role, 'create:attestation')
  const [attestations, contracts] = await Promise.all([
    listAttestations(access.organization.id),
    canCreate ? listAttestableContracts(access.organization.id) : Promise.resolve([]),
  ])
  return {
    organization: access.organization,
    canCreate,
    attestations: attestations.map((a) => {
      const agencies = [...new Set(a.contracts.map((link) => link.contract.agency.legalName))]
      return {
        id: a.id,
        status: a.status,
        riskTier: a.riskTier,
        submittedAt: a.submittedAt,
        contracts: a.contracts.map((link) => link.contract.number).sort(),
        agency: agencies.join(', '),
      }
    }),
    contracts: contracts.map((c) => ({ id: c.id, number: c.number, title: c.title, agency: c.agency.legalName })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  if (access.organization.kind !== 'vendor') notFound()
  if (!roleHasPermission(access.membership.role, 'create:attestation')) forbidden()
  const parsed = parseForm(StartAttestationSchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await startAttestation({
    organizationId: access.organization.id,
    actorUserId: access.user.id,
    contractIds: parsed.data.contractIds,
  })
  if (!result.ok)
    return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values, result.status)
  return redirect(`/orgs/${access.organization.id}/attestations/${result.attestationId}`)
}

const asList = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : [])

export default function AttestationsRoute() {
  const { organization, canCreate, attestations, contracts } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const { t, tError, lang } = useT()
  const validated = useValidatedForm(StartAttestationSchema, { failure })
  const contractsError = tError(validated.errorFor('contractIds'))
  const chosen = asList(failure?.values?.contractIds)
  return (
    <>
      <h1>{t('attestation.list.title')}</h1>
      <p className="usa-intro">{t('attestation.list.lead')}</p>
      {attestations.length === 0 ? (
        <p>{t('attestation.list.none')}</p>
      ) : (
        <div
          className="usa-table-container--scrollable"
          tabIndex={0}
          role="region"
          aria-label={t('attestation.list.title')}
        >
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('attestation.list.contracts')}</th>
                <th scope="col">{t('contracts.agency')}</th>
                <th scope="col">{t('attestation.list.status')}</th>
                <th scope="col">{t('attestation.list.risk')}</th>
                <th scope="col">{t('attestation.list.updated')}</th>
                <th scope="col">
                  <span className="usa-sr-only">{t('attestation.list.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {attestations.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.contracts.join(', ')}</th>
                  <td>{a.agency}</td>
                  <td>{t(`attestation.status.${a.status}`)}</td>
                  <td>{a.riskTier ? riskTierLabel(a.riskTier, lang) : '—'}</td>
                  <td>{a.submittedAt ? formatDate(a.submittedAt, lang) : '—'}</td>
                  <td>
                    <Link className="usa-link" to={a.id}>
                      {t('attestation.list.open')}
                      <span className="usa-sr-only">: {a.contracts.join(', ')}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canCreate ? (
        <section className="margin-top-6" aria-labelledby="start-heading">
          <h2 id="start-heading">{t('attestation.start.title')}</h2>
          {contracts.length === 0 ? (
            <p>
              <Link className="usa-link" to={`/orgs/${organization.id}/contracts`}>
                {t('attestation.start.noContracts')}
              </Link>
            </p>
          ) : (
            <>
              <FormError failure={validated.summary} />
              <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={validated.onSubmit}>
                <fieldset
                  className={`usa-fieldset${contractsError ? ' usa-form-group usa-form-group--error' : ''}`}
                  aria-describedby={`contracts-hint${contractsError ? ' contracts-error' : ''}`}
                >
                  <legend className="usa-legend">{t('attestation.start.choose')}</legend>
                  <div className="usa-hint" id="contracts-hint">
                    {t('attestation.start.chooseHint')}
                  </div>
                  {contractsError ? (
                    <span className="usa-error-message" id="contracts-error">
                      {contractsError}
                    </span>
                  ) : null}
                  {contracts.map((c) => (
                    <div className="usa-checkbox" key={c.id}>
                      <input
                        className="usa-checkbox__input"
                        id={`contract-${c.id}`}
                        type="checkbox"
                        value={c.id}
                        defaultChecked={chosen.includes(c.id)}
                        aria-invalid={contractsError ? true : undefined}
                        {...validated.register('contractIds')}
                      />
                      <label className="usa-checkbox__label" htmlFor={`contract-${c.id}`}>
                        {c.number}: {c.title}
                        <span className="usa-checkbox__label-description">{c.agency}</span>
                      </label>
                    </div>
                  ))}
                </fieldset>
                <button type="submit" className="usa-button margin-top-3" disabled={navigation.state === 'submitting'}>
                  {t('attestation.start.submit')}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'attestation.list.title')
