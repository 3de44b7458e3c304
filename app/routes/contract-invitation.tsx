import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { roleHasPermission } from '~/auth/permissions'
import { getSession, requireSession } from '~/auth/session.server'
import { acceptContractInvitation, findContractInvitation } from '~/contracts/contracts.server'
import { db } from '~/db/db.server'
import { formFailure, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { FormError, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

/** Vendor organizations where this person may take a contract on: owners and administrators. */
async function vendorsManagedBy(userId: string) {
  const memberships = await db().membership.findMany({
    where: { userId, organization: { kind: 'vendor' } },
    select: { role: true, organization: { select: { id: true, legalName: true, uei: true } } },
    orderBy: { organization: { legalName: 'asc' } },
  })
  return memberships.filter((m) => roleHasPermission(m.role, 'update:organization')).map((m) => m.organization)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findContractInvitation(params.token ?? '')
  if (!invitation) notFound()
  const session = await getSession(request)
  const vendors = session ? await vendorsManagedBy(session.user.id) : []
  return data(
    {
      open: invitation.open,
      signedIn: Boolean(session),
      contract: { number: invitation.contract.number, title: invitation.contract.title, agency: invitation.contract.agency.legalName },
      inviter: invitation.invitedBy?.name ?? invitation.contract.agency.legalName,
      uei: invitation.uei,
      vendors,
    },
    { status: invitation.open ? 200 : 410 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireSession(request)
  const vendorId = (await readForm(request)).get('vendorId')
  // Only an organization this person manages can take the contract on (tenancy, product.md §2).
  const vendors = await vendorsManagedBy(session.user.id)
  if (typeof vendorId !== 'string' || !vendors.some((v) => v.id === vendorId)) {
    return formFailure({ fieldErrors: { vendorId: 'errors.invalid' } })
  }
  const result = await acceptContractInvitation({ token: params.token ?? '', vendorId, actorUserId: session.user.id })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, undefined, result.formError ? 409 : 400)
  await db().session.update({ where: { id: session.id }, data: { activeOrganizationId: vendorId } })
  return redirect(`/orgs/${vendorId}/contracts/${result.contractId}`)
}

export default function ContractInvitationRoute() {
  const { open, signedIn, contract, inviter, uei, vendors } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const location = useLocation()
  const { t, tError } = useT()
  const vendorError = tError(failure?.fieldErrors?.vendorId)
  const suggested = vendors.find((v) => v.uei && v.uei === uei)?.id ?? vendors[0]?.id
  return (
    <div className="usa-prose">
      <h1>{t('contracts.invitation.title', { number: contract.number })}</h1>
      {!open ? (
        <FormError failure={{ formError: 'errors.invitationClosed' }} />
      ) : (
        <>
          <p>{t('contracts.invitation.body', { inviter, agency: contract.agency, title: contract.title })}</p>
          <FormError failure={failure?.formError ? failure : null} />
          {!signedIn ? (
            <p>
              {t('contracts.invitation.signIn')}{' '}
              <Link className="usa-link" to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>
                {t('nav.signIn')}
              </Link>{' '}
              · <Link className="usa-link" to="/signup">{t('nav.signUp')}</Link>
            </p>
          ) : vendors.length === 0 ? (
            <p>{t('contracts.invitation.noVendor')}</p>
          ) : (
            <Form method="post" className="usa-form">
              <div className={`usa-form-group${vendorError ? ' usa-form-group--error' : ''}`}>
                <label className="usa-label" htmlFor="field-vendorId">
                  {t('contracts.invitation.chooseVendor')}
                </label>
                {vendorError ? (
                  <span className="usa-error-message" id="field-vendorId-error">
                    {vendorError}
                  </span>
                ) : null}
                <select id="field-vendorId" name="vendorId" className="usa-select" defaultValue={suggested} aria-describedby={vendorError ? 'field-vendorId-error' : undefined}>
                  {vendors.map((vendor) => (
                    <option key={vendor.id} value={vendor.id}>
                      {vendor.legalName}
                      {vendor.uei ? ` (UEI ${vendor.uei})` : ''}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
                {t('contracts.invitation.accept')}
              </button>
            </Form>
          )}
        </>
      )}
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'contracts.invitation.title', { number: data?.contract.number ?? '' })
