import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { inspectToken, resetPassword } from '~/auth/auth.server'
import { ResetPasswordSchema } from '~/auth/schemas'
import { createSession } from '~/auth/session.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { useT } from '~/i18n/use-t'
import { FormError, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const check = token ? await inspectToken(token, 'reset_password') : { ok: false as const, formError: 'errors.tokenInvalid' as const }
  return data({ token, tokenError: check.ok ? null : check.formError }, { status: check.ok ? 200 : 400 })
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(ResetPasswordSchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await resetPassword(parsed.data.token, parsed.data.password)
  if (!result.ok) return formFailure({ formError: result.formError })
  const cookie = await createSession(request, result.userId)
  return redirect('/account?reset=1', { headers: { 'Set-Cookie': cookie } })
}

export default function ResetPasswordRoute() {
  const { token, tokenError } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(ResetPasswordSchema, { failure })
  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-5">
        <h1>{t('reset.title')}</h1>
        {tokenError ? (
          <>
            <FormError failure={{ formError: tokenError }} />
            <p><Link className="usa-link" to="/forgot-password">{t('forgot.title')}</Link></p>
          </>
        ) : (
          <>
            <FormError failure={summary} />
            <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
              <input type="hidden" value={token} {...register('token')} />
              <TextField name="password" type="password" label={t('reset.password')} hint={t('signup.passwordHint')} autoComplete="new-password" error={errorFor('password')} registration={register('password')} />
              <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('reset.submit')}</button>
            </Form>
          </>
        )}
      </div>
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'reset.title')
