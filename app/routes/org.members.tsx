import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { assignableRoles, roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import { db } from '~/db/db.server'
import { sendEmail } from '~/email/email.server'
import { appUrl } from '~/auth/auth.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { isLang, translate } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { createInvitation, INVITATION_DAYS, revokeInvitation } from '~/organizations/invitations.server'
import { InviteMemberSchema } from '~/organizations/schemas'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:members')
  const canInvite = roleHasPermission(access.membership.role, 'invite:members')
  const [members, invitations] = await Promise.all([
    db().membership.findMany({
      where: { organizationId: access.organization.id },
      orderBy: { createdAt: 'asc' },
      select: { id: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    canInvite
      ? db().invitation.findMany({
          where: { organizationId: access.organization.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
          orderBy: { createdAt: 'desc' },
          select: { id: true, email: true, role: true, expiresAt: true },
        })
      : Promise.resolve([]),
  ])
  return {
    organization: access.organization,
    members,
    invitations,
    assignableRoles: assignableRoles(access.organization.kind, access.membership.role),
  }
}

type ActionResult = FormFailure & { invited?: string; revoked?: boolean }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'invite:members')
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'revoke') {
    const invitationId = form.get('invitationId')
    if (typeof invitationId !== 'string') return data({ formError: 'errors.invalid' } satisfies ActionResult, { status: 400 })
    const revoked = await revokeInvitation({ organizationId: access.organization.id, invitationId, actorUserId: access.user.id })
    if (!revoked) return data({ formError: 'errors.invitationClosed' } satisfies ActionResult, { status: 404 })
    return { revoked: true } satisfies ActionResult
  }
  const parsed = parseForm(InviteMemberSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await createInvitation({
    organization: access.organization,
    inviter: { id: access.user.id, role: access.membership.role },
    email: parsed.data.email,
    role: parsed.data.role,
  })
  if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors, formError: result.formError }, parsed.values)
  const invitee = await db().user.findUnique({ where: { email: parsed.data.email }, select: { preferredLanguage: true } })
  const language = isLang(invitee?.preferredLanguage) ? invitee.preferredLanguage : isLang(access.user.preferredLanguage) ? access.user.preferredLanguage : 'en'
  try {
    await sendEmail(
      'invitation',
      {
        organizationName: access.organization.legalName,
        roleLabel: translate(language, `role.${parsed.data.role}`),
        inviterName: access.user.name,
        acceptUrl: appUrl(`/invitations/${encodeURIComponent(result.token)}`),
        expiresInDays: INVITATION_DAYS,
      },
      { to: parsed.data.email, language },
    )
  } catch (error) {
    console.error('Could not send the invitation email:', error instanceof Error ? error.message : error)
  }
  return { invited: parsed.data.email } satisfies ActionResult
}

export default function MembersRoute() {
  const { organization, members, invitations, assignableRoles: roles } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(InviteMemberSchema, { failure: result })
  return (
    <>
      <h1>{t('members.title', { organization: organization.legalName })}</h1>
      {result?.invited ? <Notice>{t('members.invited', { email: result.invited })}</Notice> : null}
      {result?.revoked ? <Notice>{t('members.revoked')}</Notice> : null}
      <table className="usa-table usa-table--borderless width-full">
        <thead>
          <tr>
            <th scope="col">{t('members.name')}</th>
            <th scope="col">{t('members.email')}</th>
            <th scope="col">{t('members.role')}</th>
            <th scope="col">{t('members.since')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.user.name}</th>
              <td>{m.user.email}</td>
              <td>{t(`role.${m.role}`)}</td>
              <td>{formatDate(m.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {roles.length > 0 ? (
        <div className="grid-row grid-gap margin-top-4">
          <section className="tablet:grid-col-6" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t('members.invite')}</h2>
            <FormError failure={result?.invited || result?.revoked ? null : summary} />
            <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
              <input type="hidden" value="invite" {...register('intent')} />
              <TextField name="email" type="email" label={t('members.inviteEmail')} autoComplete="off" defaultValue={result?.values?.email} error={errorFor('email')} registration={register('email')} />
              <div className={`usa-form-group${errorFor('role') ? ' usa-form-group--error' : ''}`}>
                <label className="usa-label" htmlFor="field-role">{t('members.inviteRole')}</label>
                {errorFor('role') ? <span className="usa-error-message" id="field-role-error">{t('errors.roleNotAllowed')}</span> : null}
                <select id="field-role" className="usa-select" defaultValue={result?.values?.role ?? roles[roles.length - 1]} aria-describedby={errorFor('role') ? 'field-role-error' : undefined} {...register('role')}>
                  {roles.map((role) => (
                    <option key={role} value={role}>{t(`role.${role}`)}</option>
                  ))}
                </select>
              </div>
              <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('members.inviteSubmit')}</button>
            </Form>
          </section>
          <section className="tablet:grid-col-6" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{t('members.pending')}</h2>
            {invitations.length === 0 ? <p>{t('members.none')}</p> : null}
            <ul className="usa-list usa-list--unstyled">
              {invitations.map((invitation) => (
                <li key={invitation.id} className="margin-bottom-2">
                  <strong>{invitation.email}</strong> — {t(`role.${invitation.role}`)}
                  <br />
                  <span className="text-base">{t('members.expires', { date: formatDate(invitation.expiresAt, lang) })}</span>
                  <Form method="post" className="display-inline margin-left-1">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" className="usa-button usa-button--unstyled" aria-label={`${t('members.revoke')}: ${invitation.email}`}>
                      {t('members.revoke')}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'members.title', { organization: data?.organization.legalName ?? '' })
