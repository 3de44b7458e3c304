import { Form } from '@remix-run/react'
import { useT } from '~/i18n/use-t'

/** The certificate number field: a GET form to /verify?number=…, which redirects to /verify/<number>. */
export function VerifyForm({ defaultValue = '', error = false }: { defaultValue?: string; error?: boolean }) {
  const { t } = useT()
  return (
    <Form method="get" action="/verify" className="usa-form usa-form--large" noValidate>
      <div className={error ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
        <label className="usa-label" htmlFor="certificate-number">
          {t('certVerify.numberLabel')}
        </label>
        <div className="usa-hint" id="certificate-number-hint">
          {t('certVerify.numberHint')}
        </div>
        {error ? (
          <span className="usa-error-message" id="certificate-number-error" role="alert">
            {t('certVerify.error.format')}
          </span>
        ) : null}
        <input
          className={error ? 'usa-input usa-input--error' : 'usa-input'}
          id="certificate-number"
          name="number"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          defaultValue={defaultValue}
          aria-describedby={error ? 'certificate-number-hint certificate-number-error' : 'certificate-number-hint'}
          aria-invalid={error ? true : undefined}
          required
        />
      </div>
      <button type="submit" className="usa-button">
        {t('certVerify.submit')}
      </button>
    </Form>
  )
}
