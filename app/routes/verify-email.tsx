import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { sendVerificationEmail } from '~/auth/account-emails.server'
import { createVerificationToken, inspectToken, verifyEmail } from '~/auth/auth.server'
import { getSession } from '~/auth/session.server'
import { readForm } from '~/http/forms.server'
import { isLang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { FormError, Notice, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

// GET shows the page; only the button (POST) confirms, so link scanners in mail systems that
// fetch every URL cannot confirm an address on someone's behalf.

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  const session = await getSession(request)
  const verified = Boolean(session?.user.emailVerifiedAt)
  if (token) {
    const check = await inspectToken(token, 'verify_email')
    return data(
      { token, tokenError: check.ok ? null : check.formError, verified, email: session?.user.email ?? null, sent: false },
      { status: check.ok ? 200 : 400 },
    )
  }
  return { token: null, tokenError: null, verified, email: session?.user.email ?? null, sent: url.searchParams.has('sent') }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'resend') {
    const session = await getSession(request)
    if (!session) return redirect('/signin?redirectTo=/verify-email')
    if (!session.user.emailVerifiedAt) {
      const token = await createVerificationToken(session.user.id)
      const language = isLang(session.user.preferredLanguage) ? session.user.preferredLanguage : 'en'
      await sendVerificationEmail({ to: session.user.email, name: session.user.name, token, language })
    }
    return { resent: session.user.email }
  }
  const token = form.get('token')
  if (typeof token !== 'string' || token === '') return data({ formError: 'errors.tokenInvalid' } satisfies FormFailure, { status: 400 })
  const result = await verifyEmail(token)
  if (!result.ok) return data({ formError: result.formError } satisfies FormFailure, { status: 400 })
  return redirect('/verify-email?done=1')
}

export default function VerifyEmailRoute() {
  const { token, tokenError, verified, email, sent } = useLoaderData<typeof loader>()
  const actionData = useActionData<FormFailure & { resent?: string }>()
  const { t } = useT()
  const failure = actionData?.formError ? actionData : tokenError ? { formError: tokenError } : null
  return (
    <div className="usa-prose">
      <h1>{t('verify.title')}</h1>
      <FormError failure={failure} />
      {actionData?.resent ? <Notice>{t('verify.resent', { email: actionData.resent })}</Notice> : null}
      {verified && !token ? <Notice>{t('verify.done')}</Notice> : null}
      {sent && email && !verified ? <Notice type="info">{t('signup.done.body', { email })}</Notice> : null}
      {token && !tokenError ? (
        <Form method="post">
          <p>{t('verify.body')}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="usa-button">{t('verify.submit')}</button>
        </Form>
      ) : null}
      {!verified && email && !token ? (
        <>
          {!sent ? <p>{t('verify.needed')}</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="resend" />
            <button type="submit" className="usa-button usa-button--outline">{t('verify.resend')}</button>
          </Form>
        </>
      ) : null}
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'verify.title')
