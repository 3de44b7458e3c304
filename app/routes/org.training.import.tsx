import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { getDocumentSettings } from '~/documents/settings.server'
import { readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { isMessageKey } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { confirmTrainingImport, discardTrainingImport, getTrainingImport, previewTrainingImport, receiveTrainingCsv, type FileErrorKey } from '~/training/import.server'
import { FormError, Notice, type FormFailure } from '~/ui/forms'
import { pageTitle } from '~/ui/meta'

// Bulk import of training records (product.md §7): upload → preview (counts, first errors, error
// report) → confirm. Works without JavaScript: each step is an ordinary form post.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const url = new URL(request.url)
  const importId = url.searchParams.get('import')
  const preview = importId ? await getTrainingImport(access.organization.id, importId) : null
  if (importId && !preview) notFound()
  return {
    organization: access.organization,
    maxUploadBytes: getDocumentSettings().maxUploadBytes,
    preview,
    discarded: url.searchParams.get('discarded') === '1',
  }
}

type ActionResult = FormFailure & { fileErrorVars?: Record<string, string | number> }

const STATUS: Partial<Record<FileErrorKey, 400 | 413 | 415>> = {
  'training.import.errors.tooLarge': 413,
  'training.import.errors.notText': 415,
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const organizationId = access.organization.id
  const base = `/orgs/${organizationId}/training/import`
  if (/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) {
    const upload = await receiveTrainingCsv(request, { maxBytes: getDocumentSettings().maxUploadBytes })
    if (!upload.ok) {
      return data({ fieldErrors: { file: upload.error.key }, fileErrorVars: upload.error.vars } satisfies ActionResult, {
        status: upload.status,
        // The client may still be sending the rest of an oversize body: do not keep the connection.
        headers: upload.status === 413 ? { Connection: 'close' } : undefined,
      })
    }
    const preview = await previewTrainingImport({ organizationId, uploadedById: access.user.id, file: upload.file })
    if (!preview.ok) return data({ fieldErrors: { file: preview.error.key }, fileErrorVars: preview.error.vars } satisfies ActionResult, { status: STATUS[preview.error.key] ?? 400 })
    // Post/redirect/get: reloading the preview does not upload again.
    return redirect(`${base}?import=${encodeURIComponent(preview.importId)}`)
  }
  const form = await readForm(request)
  const importId = String(form.get('importId') ?? '')
  if (form.get('intent') === 'discard') {
    if (!(await discardTrainingImport({ organizationId, importId }))) notFound()
    return redirect(`${base}?discarded=1`)
  }
  const result = await confirmTrainingImport({ organizationId, importId, actorUserId: access.user.id })
  if (!result) notFound()
  if (!result.ok) return data({ formError: result.error, formErrorVars: result.vars } satisfies ActionResult, { status: 400 })
  return redirect(`${base}?import=${encodeURIComponent(importId)}`)
}

export default function TrainingImportRoute() {
  const { organization, maxUploadBytes, preview, discarded } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const navigation = useNavigation()
  const { t, tError } = useT()
  const limit = Math.round((maxUploadBytes / (1024 * 1024)) * 10) / 10
  const fileErrorKey = result?.fieldErrors?.file
  const fileError = fileErrorKey && isMessageKey(fileErrorKey) ? t(fileErrorKey, { limit, ...result?.fileErrorVars }) : tError(fileErrorKey)
  const base = `/orgs/${organization.id}/training`
  return (
    <>
      <p>
        <Link className="usa-link" to={base}>
          {t('training.import.back')}
        </Link>
      </p>
      <h1>{t('training.import.title')}</h1>
      <p className="usa-intro">{t('training.import.lead')}</p>
      {discarded ? <Notice type="info">{t('training.import.discarded')}</Notice> : null}
      <FormError failure={result?.formError ? result : null} />

      {preview && preview.status === 'imported' && preview.importedRows !== null ? (
        <Notice>{t('training.import.done', { added: preview.importedRows, valid: preview.validRows, errors: preview.errorRows })}</Notice>
      ) : null}

      {preview ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">{t('training.import.preview')}</h2>
          <p>{t('training.import.previewFile', { name: preview.originalFileName })}</p>
          <dl className="training-counts">
            <div>
              <dt>{t('training.import.rows')}</dt>
              <dd data-testid="import-total">{preview.totalRows}</dd>
            </div>
            <div>
              <dt>{t('training.import.valid')}</dt>
              <dd data-testid="import-valid">{preview.validRows}</dd>
            </div>
            <div>
              <dt>{t('training.import.invalid')}</dt>
              <dd data-testid="import-errors">{preview.errorRows}</dd>
            </div>
          </dl>
          {preview.firstErrors.length > 0 ? (
            <>
              <h3>{t('training.import.firstErrors')}</h3>
              <table className="usa-table usa-table--borderless">
                <thead>
                  <tr>
                    <th scope="col">{t('training.import.line')}</th>
                    <th scope="col">{t('training.import.column')}</th>
                    <th scope="col">{t('training.import.error')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.firstErrors.map((problem, index) => (
                    <tr key={`${problem.line}-${index}`}>
                      <th scope="row">{problem.line}</th>
                      <td>{problem.column ?? '—'}</td>
                      <td>{isMessageKey(problem.key) ? t(problem.key, problem.vars) : problem.key}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <a className="usa-link" href={`${base}/import/${preview.id}/errors.csv`} download>
                  {t('training.import.report')}
                </a>
              </p>
            </>
          ) : null}
          {preview.status === 'previewed' ? (
            preview.validRows > 0 ? (
              <div className="margin-top-3">
                <p className="usa-hint">{t('training.import.confirmHint')}</p>
                <Form method="post" className="display-inline-block margin-right-2">
                  <input type="hidden" name="importId" value={preview.id} />
                  <button type="submit" name="intent" value="confirm" className="usa-button" disabled={navigation.state === 'submitting'}>
                    {t('training.import.confirm', { count: preview.validRows })}
                  </button>
                </Form>
                <Form method="post" className="display-inline-block">
                  <input type="hidden" name="importId" value={preview.id} />
                  <button type="submit" name="intent" value="discard" className="usa-button usa-button--outline" disabled={navigation.state === 'submitting'}>
                    {t('training.import.discard')}
                  </button>
                </Form>
              </div>
            ) : (
              <p>{t('training.import.nothingValid')}</p>
            )
          ) : null}
        </section>
      ) : null}

      <section className="margin-top-6" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('training.import.uploadHeading')}</h2>
        <p>{t('training.import.columns')}</p>
        <p>
          <a className="usa-link" href="/training/sample-import.csv" download>
            {t('training.import.sample')}
          </a>
        </p>
        <Form method="post" encType="multipart/form-data" className="usa-form usa-form--large">
          <input type="hidden" name="intent" value="upload" />
          <div className={`usa-form-group${fileError ? ' usa-form-group--error' : ''}`}>
            <label className={`usa-label${fileError ? ' usa-label--error' : ''}`} htmlFor="field-file">
              {t('training.import.file')}
            </label>
            <div className="usa-hint" id="field-file-hint">
              {t('training.import.fileHint', { limit })}
            </div>
            {fileError ? (
              <span className="usa-error-message" id="field-file-error" role="alert">
                {fileError}
              </span>
            ) : null}
            <input
              id="field-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="display-block margin-top-1"
              aria-describedby={['field-file-hint', fileError ? 'field-file-error' : null].filter(Boolean).join(' ')}
              aria-invalid={fileError ? true : undefined}
            />
          </div>
          <button type="submit" className="usa-button margin-top-2" disabled={navigation.state === 'submitting'}>
            {navigation.state === 'submitting' ? t('training.import.uploading') : t('training.import.upload')}
          </button>
        </Form>
      </section>
    </>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, 'training.import.title')
