import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { signIn } from '~/auth/auth.server'
import { SignInSchema } from '~/auth/schemas'
import { createSession, requireAnonymous } from '~/auth/session.server'
import { formFailure, isBotSubmission, parseForm, readForm } from '~/http/forms.server'
import { clientIp, safeRedirect } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { FormError, Honeypot, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const form = await readForm(request)
  if (isBotSubmission(form)) return formFailure({ formError: 'errors.invalidCredentials' })
  const parsed = parseForm(SignInSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await signIn(parsed.data, { ip: clientIp(request) })
  if (!result.ok) {
    const limited = result.formError === 'errors.rateLimited'
    return formFailure(
      { formError: result.formError, formErrorVars: limited ? { minutes: result.retryAfterMinutes ?? 15 } : undefined },
      parsed.values,
      limited ? 429 : 400,
    )
  }
  const cookie = await createSession(request, result.userId)
  return redirect(safeRedirect(parsed.data.redirectTo, '/'), { headers: { 'Set-Cookie': cookie } })
}

export default function SignInRoute() {
  const failure = useActionData<FormFailure>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(SignInSchema, { failure })
  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-5">
        <h1>{t('signin.title')}</h1>
        <FormError failure={summary} />
        <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
          <TextField name="email" type="email" label={t('signin.email')} autoComplete="username" defaultValue={failure?.values?.email} error={errorFor('email')} registration={register('email')} />
          <TextField name="password" type="password" label={t('signin.password')} autoComplete="current-password" error={errorFor('password')} registration={register('password')} />
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? failure?.values?.redirectTo ?? ''} />
          <Honeypot />
          <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
            {t('signin.submit')}
          </button>
        </Form>
        <p>
          <Link className="usa-link" to="/forgot-password">{t('signin.forgot')}</Link>
        </p>
        <p>
          {t('signin.noAccount')} <Link className="usa-link" to="/signup">{t('nav.signUp')}</Link>
        </p>
      </div>
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signin.title')
