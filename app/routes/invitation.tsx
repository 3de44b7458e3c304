import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { AcceptInvitationNewUserSchema } from '~/auth/schemas'
import { createSession, getSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { useT } from '~/i18n/use-t'
import { acceptInvitation, findInvitation } from '~/organizations/invitations.server'
import { FormError, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? '')
  // An unknown token reveals nothing; a closed one says so plainly.
  if (!invitation) throw new Response('Not found', { status: 404 })
  const session = await getSession(request)
  const accountExists = Boolean(await db().user.findUnique({ where: { email: invitation.email }, select: { id: true } }))
  return data(
    {
      open: invitation.open,
      email: invitation.email,
      role: invitation.role,
      organization: invitation.organization.legalName,
      inviter: invitation.invitedBy?.name ?? '',
      currentEmail: session?.user.email ?? null,
      accountExists,
    },
    { status: invitation.open ? 200 : 410 },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? ''
  const session = await getSession(request)
  const form = await readForm(request)
  if (session) {
    const result = await acceptInvitation(token, { userId: session.user.id })
    if (!result.ok) return formFailure({ formError: result.formError }, undefined, 409)
    await db().session.update({ where: { id: session.id }, data: { activeOrganizationId: result.organizationId } })
    return redirect(`/orgs/${result.organizationId}`)
  }
  const parsed = parseForm(AcceptInvitationNewUserSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await acceptInvitation(token, { newUser: parsed.data })
  if (!result.ok) return formFailure({ formError: result.formError }, parsed.values, 409)
  const cookie = await createSession(request, result.userId, { activeOrganizationId: result.organizationId })
  return redirect(`/orgs/${result.organizationId}`, { headers: { 'Set-Cookie': cookie } })
}

export default function InvitationRoute() {
  const invitation = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const location = useLocation()
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(AcceptInvitationNewUserSchema, { failure })
  const roleLabel = t(`role.${invitation.role}`)
  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('invitation.title', { organization: invitation.organization })}</h1>
        {!invitation.open ? (
          <FormError failure={{ formError: 'errors.invitationClosed' }} />
        ) : (
          <>
            <p>{t('invitation.body', { inviter: invitation.inviter, email: invitation.email, organization: invitation.organization, role: roleLabel })}</p>
            <FormError failure={summary} />
            {invitation.currentEmail === invitation.email ? (
              <Form method="post">
                <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('invitation.accept')}</button>
              </Form>
            ) : invitation.currentEmail ? (
              <p>{t('invitation.wrongAccount', { email: invitation.email, current: invitation.currentEmail })}</p>
            ) : invitation.accountExists ? (
              <p>
                {t('invitation.signInFirst', { email: invitation.email })}{' '}
                <Link className="usa-link" to={`/signin?redirectTo=${encodeURIComponent(location.pathname)}`}>{t('nav.signIn')}</Link>
              </p>
            ) : (
              <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
                <h2>{t('invitation.createAccount')}</h2>
                <TextField name="name" label={t('invitation.name')} autoComplete="name" defaultValue={failure?.values?.name} error={errorFor('name')} registration={register('name')} />
                <TextField name="password" type="password" label={t('invitation.password')} hint={t('signup.passwordHint')} autoComplete="new-password" error={errorFor('password')} registration={register('password')} />
                <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('invitation.accept')}</button>
              </Form>
            )}
          </>
        )}
      </div>
    </div>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'invitation.title', { organization: data?.organization ?? '' })
