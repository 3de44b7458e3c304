import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { sendPasswordResetEmail } from '~/auth/account-emails.server'
import { requestPasswordReset } from '~/auth/auth.server'
import { ForgotPasswordSchema } from '~/auth/schemas'
import { formFailure, isBotSubmission, parseForm, readForm } from '~/http/forms.server'
import { clientIp } from '~/http/responses.server'
import { isLang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { FormError, Honeypot, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const parsed = parseForm(ForgotPasswordSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  if (isBotSubmission(form)) return { sentTo: parsed.data.email }
  const result = await requestPasswordReset(parsed.data.email, { ip: clientIp(request) })
  if (!result.ok) {
    return formFailure({ formError: result.formError, formErrorVars: { minutes: result.retryAfterMinutes ?? 60 } }, parsed.values, 429)
  }
  if (result.reset) {
    const language = isLang(result.reset.language) ? result.reset.language : 'en'
    await sendPasswordResetEmail({ to: parsed.data.email, name: result.reset.name, token: result.reset.token, language })
  }
  // The same answer whether or not the account exists.
  return { sentTo: parsed.data.email }
}

export default function ForgotPasswordRoute() {
  const result = useActionData<FormFailure & { sentTo?: string }>()
  const navigation = useNavigation()
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(ForgotPasswordSchema, { failure: result })
  return (
    <div className="grid-row">
      <div className="tablet:grid-col-8 desktop:grid-col-5">
        <h1>{t('forgot.title')}</h1>
        {result?.sentTo ? (
          <Notice>{t('forgot.sent', { email: result.sentTo })}</Notice>
        ) : (
          <>
            <p>{t('forgot.body')}</p>
            <FormError failure={summary} />
            <Form method="post" className="usa-form" noValidate onSubmit={onSubmit}>
              <TextField name="email" type="email" label={t('forgot.email')} autoComplete="email" defaultValue={result?.values?.email} error={errorFor('email')} registration={register('email')} />
              <Honeypot />
              <button type="submit" className="usa-button" disabled={navigation.state === 'submitting'}>{t('forgot.submit')}</button>
            </Form>
          </>
        )}
      </div>
    </div>
  )
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'forgot.title')
