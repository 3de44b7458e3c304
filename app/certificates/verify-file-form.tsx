import { Form, useNavigation } from '@remix-run/react'
import { useT } from '~/i18n/use-t'
import type { MessageKey } from '~/i18n/i18n'
import { MAX_VERIFY_PDF_MB } from './verify-pdf-checks'

export type VerifyFileError = {
  key: Extract<MessageKey, `certVerify.file.error.${string}`>
  vars?: Record<string, string | number>
}

/**
 * The certificate file field: a multipart POST to /verify/pdf. A plain HTML form, so it works
 * without JavaScript; with it, the answer replaces the page without a full reload.
 */
export function VerifyFileForm({ error }: { error?: VerifyFileError | null }) {
  const { t } = useT()
  const navigation = useNavigation()
  const checking = navigation.state === 'submitting' && navigation.formAction === '/verify/pdf'
  return (
    <Form
      method="post"
      action="/verify/pdf"
      encType="multipart/form-data"
      className="usa-form usa-form--large"
      noValidate
    >
      <div className={error ? 'usa-form-group usa-form-group--error' : 'usa-form-group'}>
        <label className="usa-label" htmlFor="certificate-file">
          {t('certVerify.file.label')}
        </label>
        <div className="usa-hint" id="certificate-file-hint">
          {t('certVerify.file.hint', { limit: MAX_VERIFY_PDF_MB })}
        </div>
        {error ? (
          <span className="usa-error-message" id="certificate-file-error" role="alert">
            {t(error.key, error.vars)}
          </span>
        ) : null}
        <input
          className="display-block margin-top-1"
          id="certificate-file"
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          aria-describedby={error ? 'certificate-file-hint certificate-file-error' : 'certificate-file-hint'}
          aria-invalid={error ? true : undefined}
          required
        />
      </div>
      <button type="submit" className="usa-button" disabled={checking}>
        {checking ? t('certVerify.file.checking') : t('certVerify.file.submit')}
      </button>
    </Form>
  )
}
