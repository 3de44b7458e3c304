import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { changePassword } from '~/auth/auth.server'
import { listMemberships } from '~/auth/permissions.server'
import { ChangePasswordSchema } from '~/auth/schemas'
import { requireSession } from '~/auth/session.server'
import { recordAuditEvent } from '~/audit/audit.server'
import { db } from '~/db/db.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { useT } from '~/i18n/use-t'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'
import { formatDateTime } from '~/ui/format'

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request)
  const [sessions, memberships] = await Promise.all([
    db().session.findMany({
      where: { userId: session.user.id, expiresAt: { gt: new Date() } },
      orderBy: { lastSeenAt: 'desc' },
      select: { id: true, createdAt: true, userAgent: true, ipAddress: true },
    }),
    listMemberships(session.user.id),
  ])
  return {
    user: { name: session.user.name, email: session.user.email },
    sessions: sessions.map((s) => ({ ...s, current: s.id === session.id })),
    memberships,
  }
}

type ActionResult = FormFailure & { done?: 'passwordChanged' | 'othersSignedOut' }

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSession(request)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'sign-out-others') {
    await db().$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { userId: session.user.id, id: { not: session.id } } })
      await recordAuditEvent(tx, { action: 'user.sessions_revoked', actorUserId: session.user.id, targetType: 'User', targetId: session.user.id, data: { count } })
    })
    return { done: 'othersSignedOut' } satisfies ActionResult
  }
  if (intent === 'change-password') {
    const parsed = parseForm(ChangePasswordSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const result = await changePassword({ userId: session.user.id, keepSessionId: session.id, ...parsed.data })
    if (!result.ok) return formFailure({ fieldErrors: result.fieldErrors })
    return { done: 'passwordChanged' } satisfies ActionResult
  }
  return data({ formError: 'errors.invalid' } satisfies ActionResult, { status: 400 })
}

export default function AccountRoute() {
  const { user, sessions, memberships } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(ChangePasswordSchema, { failure: result })
  return (
    <>
      <h1>{t('account.title')}</h1>
      {searchParams.has('reset') ? <Notice>{t('reset.done')}</Notice> : null}
      {result?.done === 'passwordChanged' ? <Notice>{t('account.passwordChanged')}</Notice> : null}
      {result?.done === 'othersSignedOut' ? <Notice>{t('account.othersSignedOut')}</Notice> : null}
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('account.profile')}</h2>
        <dl>
          <dt className="text-bold">{t('account.name')}</dt>
          <dd className="margin-left-0 margin-bottom-1">{user.name}</dd>
          <dt className="text-bold">{t('account.email')}</dt>
          <dd className="margin-left-0">{user.email}</dd>
        </dl>
      </section>
      <section aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">{t('account.memberships')}</h2>
        <ul className="usa-list">
          {memberships.map((m) => (
            <li key={m.organization.id}>
              <Link className="usa-link" to={`/orgs/${m.organization.id}`}>{m.organization.legalName}</Link> — {t(`role.${m.role}`)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="password-heading" className="maxw-mobile-lg">
        <h2 id="password-heading">{t('account.changePassword')}</h2>
        <FormError failure={result?.done ? null : summary} />
        <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="change-password" />
          <TextField name="currentPassword" type="password" label={t('account.currentPassword')} autoComplete="current-password" error={errorFor('currentPassword')} registration={register('currentPassword')} />
          <TextField name="newPassword" type="password" label={t('account.newPassword')} hint={t('signup.passwordHint')} autoComplete="new-password" error={errorFor('newPassword')} registration={register('newPassword')} />
          <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('account.savePassword')}</button>
        </Form>
      </section>
      <section aria-labelledby="sessions-heading" className="margin-top-4">
        <h2 id="sessions-heading">{t('account.sessions')}</h2>
        <ul className="usa-list">
          {sessions.map((s) => (
            <li key={s.id}>
              {s.current ? <strong>{t('account.sessionCurrent')}: </strong> : null}
              {t('account.sessionStarted', { date: formatDateTime(s.createdAt, lang) })}
              {s.userAgent ? ` — ${s.userAgent.slice(0, 80)}` : ''}
            </li>
          ))}
        </ul>
        {sessions.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="sign-out-others" />
            <button type="submit" className="usa-button usa-button--outline">{t('account.signOutOthers')}</button>
          </Form>
        ) : null}
      </section>
    </>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'account.title')
