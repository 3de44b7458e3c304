import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { signUp } from '~/auth/auth.server'
import { sendVerificationEmail } from '~/auth/account-emails.server'
import { SignUpSchema } from '~/auth/schemas'
import { createSession, requireAnonymous } from '~/auth/session.server'
import { formFailure, isBotSubmission, parseForm, readForm } from '~/http/forms.server'
import { clientIp } from '~/http/responses.server'
import { getLanguage } from '~/i18n/i18n.server'
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
  // A bot filled the hidden field: answer as if it worked, create nothing.
  if (isBotSubmission(form)) return redirect('/verify-email?sent=1')
  const parsed = parseForm(SignUpSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const language = await getLanguage(request)
  const result = await signUp(parsed.data, { ip: clientIp(request), language })
  if (!result.ok) {
    return formFailure(
      { fieldErrors: result.fieldErrors, formError: result.formError, formErrorVars: result.retryAfterMinutes ? { minutes: result.retryAfterMinutes } : undefined },
      parsed.values,
      result.formError === 'errors.rateLimited' ? 429 : 400,
    )
  }
  await sendVerificationEmail({ to: parsed.data.email, name: parsed.data.name, token: result.verifyToken, language })
  const cookie = await createSession(request, result.userId, { activeOrganizationId: result.organizationId })
  return redirect('/verify-email?sent=1', { headers: { 'Set-Cookie': cookie } })
}

export default function SignUpRoute() {
  const failure = useActionData<FormFailure>()
  const { t } = useT()
  const navigation = useNavigation()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(SignUpSchema, { failure })
  const values = failure?.values ?? {}
  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-6">
        <h1>{t('signup.title')}</h1>
        <p className="usa-intro">{t('signup.lead')}</p>
        <FormError failure={summary} />
        <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
          <fieldset className="usa-fieldset">
            <legend className="usa-legend usa-legend--large">{t('signup.organizationLegend')}</legend>
            <TextField name="legalName" label={t('signup.legalName')} autoComplete="organization" defaultValue={values.legalName} error={errorFor('legalName')} registration={register('legalName')} />
            <TextField name="uei" label={t('signup.uei')} hint={t('signup.ueiHint')} autoCapitalize="characters" spellCheck={false} defaultValue={values.uei} error={errorFor('uei')} registration={register('uei')} />
          </fieldset>
          <fieldset className="usa-fieldset">
            <legend className="usa-legend usa-legend--large">{t('signup.personLegend')}</legend>
            <TextField name="name" label={t('signup.name')} autoComplete="name" defaultValue={values.name} error={errorFor('name')} registration={register('name')} />
            <TextField name="email" type="email" label={t('signup.email')} autoComplete="email" defaultValue={values.email} error={errorFor('email')} registration={register('email')} />
            <TextField name="password" type="password" label={t('signup.password')} hint={t('signup.passwordHint')} autoComplete="new-password" error={errorFor('password')} registration={register('password')} />
          </fieldset>
          <Honeypot />
          <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>
            {t('signup.submit')}
          </button>
        </Form>
        <p>
          {t('signup.haveAccount')} <Link className="usa-link" to="/signin">{t('nav.signIn')}</Link>
        </p>
      </div>
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'signup.title')
