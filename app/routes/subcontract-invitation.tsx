import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { getSession, requireSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { formFailure, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { acceptSubcontractInvitation, findSubcontractInvitation, organizationsOwnedBy } from '~/subcontracts/subcontracts.server'
import { FormError, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findSubcontractInvitation(params.token ?? '')
  if (!invitation) notFound()
  const session = await getSession(request)
  const owned = session ? await organizationsOwnedBy(session.user.id) : []
  // The inviter named a UEI already registered: only that organization, by its owner (consent).
  const organizations = invitation.matched ? owned.filter((o) => o.id === invitation.matched?.id) : owned
  return data(
    {
      open: invitation.open,
      signedIn: Boolean(session),
      contract: { number: invitation.contract.number, title: invitation.contract.title, agency: invitation.contract.agency.legalName },
      parent: invitation.parentOrganization.legalName,
      inviter: invitation.invitedBy?.name ?? invitation.parentOrganization.legalName,
      company: invitation.companyName,
      scope: invitation.scope,
      matched: invitation.matched?.legalName ?? null,
      organizations,
    },
    { status: invitation.open ? 200 : 410 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireSession(request)
  const organizationId = (await readForm(request)).get('organizationId')
  if (typeof organizationId !== 'string' || organizationId === '') return formFailure({ fieldErrors: { organizationId: 'errors.invalid' } })
  const result = await acceptSubcontractInvitation({ token: params.token ?? '', organizationId, actorUserId: session.user.id })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, undefined, result.status)
  await db().session.update({ where: { id: session.id }, data: { activeOrganizationId: organizationId } })
  return redirect(`/orgs/${organizationId}/contracts/${result.contractId}/subcontractors?joined=${result.tier}`)
}

export default function SubcontractInvitationRoute() {
  const { open, signedIn, contract, parent, inviter, company, scope, matched, organizations } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const location = useLocation()
  const { t, tError } = useT()
  const fieldError = tError(failure?.fieldErrors?.organizationId)
  return (
    <div className="usa-prose">
      <h1>{t('subcontracts.accept.title', { number: contract.number })}</h1>
      {!open ? (
        <FormError failure={{ formError: 'errors.invitationClosed' }} />
      ) : (
        <>
          <p>{t('subcontracts.accept.body', { inviter, parent, company, title: contract.title, agency: contract.agency })}</p>
          <p>{t('subcontracts.accept.scope', { scope })}</p>
          {matched ? <p>{t('subcontracts.accept.matched', { name: matched })}</p> : null}
          <FormError failure={failure?.formError ? failure : null} />
          {!signedIn ? (
            <p>
              {t('subcontracts.accept.signIn')}{' '}
              <Link className="usa-link" to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {t('nav.signIn')}
              </Link>{' '}
              · <Link className="usa-link" to="/signup">{t('nav.signUp')}</Link>
            </p>
          ) : organizations.length === 0 ? (
            <p>{t('subcontracts.accept.noOrganization')}</p>
          ) : (
            <Form method="post" className="usa-form">
              <div className={`usa-form-group${fieldError ? ' usa-form-group--error' : ''}`}>
                <label className="usa-label" htmlFor="field-organizationId">
                  {t('subcontracts.accept.choose')}
                </label>
                {fieldError ? (
                  <span className="usa-error-message" id="field-organizationId-error">
                    {fieldError}
                  </span>
                ) : null}
                <select id="field-organizationId" name="organizationId" className="usa-select" aria-describedby={fieldError ? 'field-organizationId-error' : undefined}>
                  {organizations.map((organization) => (
                    <option key={organization.id} value={organization.id}>
                      {organization.legalName}
                      {organization.uei ? ` (UEI ${organization.uei})` : ''}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
                {t('subcontracts.accept.submit')}
              </button>
            </Form>
          )}
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'subcontracts.accept.title', { number: data?.contract.number ?? '' })
