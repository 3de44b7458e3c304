import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useRef, useState, type FormEvent } from 'react'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import {
  createDocumentVersion,
  getLatestInSeries,
  listDocuments,
  listPrimeContracts,
  type DocumentSummary,
} from '~/documents/documents.server'
import {
  DOCUMENT_KINDS,
  PLAN_ELEMENTS,
  PLAN_ELEMENT_CITATIONS,
  UploadDocumentSchema,
  MEDIA_TYPES,
  acceptAttribute,
  acceptsImages,
  allowedMediaTypesFor,
  isDocumentKind,
  type DocumentKind,
  type PlanElement,
} from '~/documents/schemas'
import { getDocumentSettings } from '~/documents/settings.server'
import { discardReceivedFile, receiveDocumentUpload } from '~/documents/upload.server'
import { parseForm } from '~/http/forms.server'
import { isMessageKey, type Lang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDate } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

const MIB = 1024 * 1024

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const organizationId = access.organization.id
  const canUpload = roleHasPermission(access.membership.role, 'upload:document')
  const url = new URL(request.url)
  const newVersionOf = url.searchParams.get('newVersionOf')
  const [documents, contracts, versionTarget] = await Promise.all([
    listDocuments(organizationId),
    canUpload ? listPrimeContracts(organizationId) : Promise.resolve([]),
    canUpload && newVersionOf ? getLatestInSeries(organizationId, newVersionOf) : Promise.resolve(null),
  ])
  const uploadedId = url.searchParams.get('uploaded')
  const uploaded = uploadedId ? documents.find((document) => document.id === uploadedId) : undefined
  return {
    organization: access.organization,
    documents,
    contracts,
    canUpload,
    maxUploadBytes: getDocumentSettings().maxUploadBytes,
    versionTarget,
    uploaded: uploaded ? { id: uploaded.id, name: uploaded.originalFileName, version: uploaded.version } : null,
  }
}

type ActionResult = FormFailure & { fileErrorVars?: Record<string, number> }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'upload:document')
  const organizationId = access.organization.id
  const upload = await receiveDocumentUpload(request, {
    maxBytes: getDocumentSettings().maxUploadBytes,
    allowedTypes: (fields) => allowedMediaTypesFor(fields.kind),
  })
  if (!upload.ok) {
    return data({ fieldErrors: { file: upload.error }, fileErrorVars: upload.errorVars, values: upload.fields } satisfies ActionResult, {
      status: upload.status,
      // The client may still be sending the rest of an oversize body: do not keep the connection.
      headers: upload.status === 413 ? { Connection: 'close' } : undefined,
    })
  }
  // From here the file is stored: unless its row is written, it is deleted again.
  let recorded = false
  try {
    const form = new FormData()
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value)
    const parsed = parseForm(UploadDocumentSchema, form)
    if (!parsed.ok) return data(parsed.failure satisfies ActionResult, { status: 400 })
    const result = await createDocumentVersion({
      organizationId,
      uploadedById: access.user.id,
      kind: parsed.data.kind,
      contractId: parsed.data.contractId,
      seriesId: parsed.data.seriesId,
      planElements: parsed.data.planElements,
      file: upload.file,
    })
    if (!result.ok) {
      // Only the contract is a visible field; the series and kind of a new version are hidden ones.
      const failure: ActionResult =
        result.field === 'contractId' ? { fieldErrors: { contractId: result.error } } : { formError: result.error }
      return data({ ...failure, values: upload.fields } satisfies ActionResult, { status: 400 })
    }
    recorded = true
    // Post/redirect/get: reloading the page does not upload the file again.
    return redirect(`/orgs/${organizationId}/documents?uploaded=${encodeURIComponent(result.document.id)}`)
  } finally {
    if (!recorded) await discardReceivedFile(upload.file)
  }
}

export default function DocumentsRoute() {
  const { organization, documents, contracts, canUpload, maxUploadBytes, versionTarget, uploaded } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const { t } = useT()
  return (
    <>
      <h1>{t('documents.title', { organization: organization.legalName })}</h1>
      <p className="usa-intro">{t('documents.lead')}</p>
      {uploaded ? <Notice>{t('documents.upload.done', { name: uploaded.name, version: uploaded.version })}</Notice> : null}
      <section aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('documents.listHeading')}</h2>
        {documents.length === 0 ? <p>{t('documents.none')}</p> : <DocumentTable organizationId={organization.id} documents={documents} canUpload={canUpload} />}
      </section>
      {canUpload ? (
        <UploadForm
          // A fresh form (no file still selected) after each upload and for each series.
          key={`${versionTarget?.seriesId ?? 'new'}-${versionTarget?.version ?? ''}-${uploaded?.id ?? ''}`}
          organizationId={organization.id}
          contracts={contracts}
          maxUploadBytes={maxUploadBytes}
          versionTarget={versionTarget}
          result={result}
        />
      ) : (
        <p className="margin-top-4">{t('documents.upload.notAllowed')}</p>
      )}
    </>
  )
}

function DocumentTable({ organizationId, documents, canUpload }: { organizationId: string; documents: DocumentSummary[]; canUpload: boolean }) {
  const { t, lang } = useT()
  return (
    <table className="usa-table usa-table--borderless usa-table--stacked width-full">
      <thead>
        <tr>
          <th scope="col">{t('documents.column.name')}</th>
          <th scope="col">{t('documents.column.kind')}</th>
          <th scope="col">{t('documents.column.version')}</th>
          <th scope="col">{t('documents.column.size')}</th>
          <th scope="col">{t('documents.column.uploaded')}</th>
          <th scope="col">{t('documents.column.planElements')}</th>
          <th scope="col">{t('documents.column.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((document) => {
          const href = `/orgs/${organizationId}/documents/${document.id}/download`
          return (
            <tr key={document.id}>
              <th scope="row" data-label={t('documents.column.name')}>
                <span className="text-break-all">{document.originalFileName}</span>
                {document.contract ? (
                  <span className="display-block text-base font-body-2xs">{t('documents.contract', { number: document.contract.number })}</span>
                ) : null}
              </th>
              <td data-label={t('documents.column.kind')}>{t(`documents.kind.${document.kind}`)}</td>
              <td data-label={t('documents.column.version')}>{t('documents.versionOf', { version: document.version, count: document.versionCount })}</td>
              <td data-label={t('documents.column.size')}>{formatSize(document.sizeBytes, lang)}</td>
              <td data-label={t('documents.column.uploaded')}>
                {document.uploadedBy
                  ? t('documents.uploadedBy', { date: formatDate(document.createdAt, lang), name: document.uploadedBy })
                  : t('documents.uploadedByUnknown', { date: formatDate(document.createdAt, lang) })}
              </td>
              <td data-label={t('documents.column.planElements')}>
                <PlanElementList kind={document.kind} planElements={document.planElements} />
              </td>
              <td data-label={t('documents.column.actions')}>
                <ul className="usa-list usa-list--unstyled">
                  <li>
                    <a className="usa-link" href={href} aria-label={t('documents.downloadNamed', { name: document.originalFileName })}>
                      {t('documents.download')}
                    </a>
                  </li>
                  {document.mediaType === MEDIA_TYPES.pdf ? (
                    <li>
                      <a className="usa-link" href={`${href}?inline=1`} aria-label={t('documents.previewNamed', { name: document.originalFileName })}>
                        {t('documents.preview')}
                      </a>
                    </li>
                  ) : null}
                  {canUpload ? (
                    <li>
                      <Link
                        className="usa-link"
                        to={`?newVersionOf=${encodeURIComponent(document.seriesId)}#upload-heading`}
                        aria-label={t('documents.newVersionNamed', { name: document.originalFileName })}
                      >
                        {t('documents.newVersion')}
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function PlanElementList({ kind, planElements }: { kind: DocumentKind; planElements: PlanElement[] }) {
  const { t } = useT()
  if (kind !== 'compliance_plan' || planElements.length === 0) return <>{t('documents.notApplicable')}</>
  return (
    <ul className="usa-list usa-list--unstyled">
      {planElements.map((item) => (
        <li key={item.element}>
          {PLAN_ELEMENT_CITATIONS[item.element]} — {t('documents.pages', { pages: item.pages })}
        </li>
      ))}
    </ul>
  )
}

type UploadFormProps = {
  organizationId: string
  contracts: Array<{ id: string; number: string; title: string }>
  maxUploadBytes: number
  versionTarget: { seriesId: string; kind: DocumentKind; version: number; originalFileName: string; contractId: string | null; planElements: PlanElement[] } | null
  result: ActionResult | undefined
}

function UploadForm({ organizationId, contracts, maxUploadBytes, versionTarget, result }: UploadFormProps) {
  const { t, tError } = useT()
  const navigation = useNavigation()
  const submitting = navigation.state === 'submitting'
  const { form, onSubmit, errorFor, register, summary } = useValidatedForm(UploadDocumentSchema, { failure: result })
  const fileInput = useRef<HTMLInputElement>(null)
  const [clientFileError, setClientFileError] = useState<string | null>(null)
  const limit = Math.round((maxUploadBytes / MIB) * 10) / 10

  const values = result?.values ?? {}
  const valueOf = (name: string): string | undefined => {
    const value = values[name]
    return typeof value === 'string' ? value : undefined
  }
  const submittedKind = valueOf('kind')
  const initialKind: DocumentKind = versionTarget?.kind ?? (isDocumentKind(submittedKind) ? submittedKind : 'compliance_plan')
  const watchedKind: unknown = form.watch('kind')
  const kind: DocumentKind = isDocumentKind(watchedKind) ? watchedKind : initialKind
  const previous = new Map((versionTarget?.planElements ?? []).map((item) => [item.element, item.pages]))

  const serverFileError = result?.fieldErrors?.file
  const fileErrorKey = clientFileError ?? serverFileError
  const fileError = fileErrorKey ? (isMessageKey(fileErrorKey) ? t(fileErrorKey, { limit, ...result?.fileErrorVars }) : tError(fileErrorKey)) : undefined

  // Say "too large" or "no file" before sending megabytes; the server checks again anyway.
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    const file = fileInput.current?.files?.[0]
    const problem = !file ? 'documents.errors.noFile' : file.size === 0 ? 'documents.errors.empty' : file.size > maxUploadBytes ? 'documents.errors.tooLarge' : null
    setClientFileError(problem)
    if (problem) {
      event.preventDefault()
      void form.trigger()
      fileInput.current?.focus()
      return
    }
    onSubmit(event)
  }

  const describedBy = ['field-file-hint', fileError ? 'field-file-error' : null].filter(Boolean).join(' ')
  return (
    <section className="margin-top-6" aria-labelledby="upload-heading">
      <h2 id="upload-heading">
        {versionTarget ? t('documents.upload.versionHeading', { name: versionTarget.originalFileName }) : t('documents.upload.heading')}
      </h2>
      {versionTarget ? (
        <p>
          {t('documents.upload.versionLead', { version: versionTarget.version + 1 })}{' '}
          <Link className="usa-link" to={`/orgs/${organizationId}/documents`}>
            {t('documents.upload.cancelVersion')}
          </Link>
        </p>
      ) : null}
      <FormError failure={clientFileError ? { fieldErrors: { file: clientFileError } } : summary} />
      <Form method="post" encType="multipart/form-data" className="usa-form usa-form--large" noValidate onSubmit={handleSubmit}>
        <input type="hidden" value="upload" {...register('intent')} />
        {versionTarget ? (
          <>
            <input type="hidden" value={versionTarget.seriesId} {...register('seriesId')} />
            <input type="hidden" value={versionTarget.kind} {...register('kind')} />
          </>
        ) : (
          <div className={`usa-form-group${errorFor('kind') ? ' usa-form-group--error' : ''}`}>
            <label className="usa-label" htmlFor="field-kind">
              {t('documents.upload.kind')}
            </label>
            {errorFor('kind') ? (
              <span className="usa-error-message" id="field-kind-error">
                {tError(errorFor('kind'))}
              </span>
            ) : null}
            <select
              id="field-kind"
              className="usa-select"
              defaultValue={initialKind}
              aria-describedby={errorFor('kind') ? 'field-kind-error' : undefined}
              {...register('kind')}
            >
              {DOCUMENT_KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`documents.kind.${option}`)}
                </option>
              ))}
            </select>
          </div>
        )}

        {contracts.length > 0 ? (
          <div className={`usa-form-group${errorFor('contractId') ? ' usa-form-group--error' : ''}`}>
            <label className="usa-label" htmlFor="field-contractId">
              {t('documents.upload.contract')}
            </label>
            <div className="usa-hint" id="field-contractId-hint">
              {t('documents.upload.contractHint')}
            </div>
            {errorFor('contractId') ? (
              <span className="usa-error-message" id="field-contractId-error">
                {tError(errorFor('contractId'))}
              </span>
            ) : null}
            <select
              id="field-contractId"
              className="usa-select"
              defaultValue={valueOf('contractId') ?? versionTarget?.contractId ?? ''}
              aria-describedby={['field-contractId-hint', errorFor('contractId') ? 'field-contractId-error' : null].filter(Boolean).join(' ')}
              {...register('contractId')}
            >
              <option value="">{t('documents.upload.noContract')}</option>
              {contracts.map((contract) => (
                <option key={contract.id} value={contract.id}>
                  {contract.number} — {contract.title}
                </option>
              ))}
            </select>
          </div>
        ) : null}

        <div className={`usa-form-group${fileError ? ' usa-form-group--error' : ''}`}>
          <label className={`usa-label${fileError ? ' usa-label--error' : ''}`} htmlFor="field-file">
            {t('documents.upload.file')}
          </label>
          <div className="usa-hint" id="field-file-hint">
            {acceptsImages(kind) ? t('documents.upload.fileHint.any', { limit }) : t('documents.upload.fileHint.written', { limit })}
          </div>
          {fileError ? (
            <span className="usa-error-message" id="field-file-error">
              {fileError}
            </span>
          ) : null}
          <input
            ref={fileInput}
            id="field-file"
            name="file"
            type="file"
            className="display-block margin-top-1"
            accept={acceptAttribute(kind)}
            aria-describedby={describedBy}
            aria-invalid={fileError ? true : undefined}
            onChange={() => setClientFileError(null)}
          />
        </div>

        {kind === 'compliance_plan' ? (
          <fieldset className="usa-fieldset margin-top-3">
            <legend className="usa-legend text-bold">{t('documents.plan.legend')}</legend>
            <p className="usa-hint" id="plan-hint">
              {t('documents.plan.hint')}
            </p>
            {PLAN_ELEMENTS.map((element) => {
              const checkboxName = `element_${element}`
              const pagesName = `pages_${element}`
              const checkedBefore = valueOf(checkboxName) === 'on' || (!result && previous.has(element))
              return (
                <div key={element} className="margin-top-3 border-left-05 border-base-lighter padding-left-2">
                  <div className="usa-checkbox">
                    <input
                      className="usa-checkbox__input"
                      id={`field-${checkboxName}`}
                      type="checkbox"
                      value="on"
                      defaultChecked={checkedBefore}
                      {...register(checkboxName)}
                    />
                    <label className="usa-checkbox__label" htmlFor={`field-${checkboxName}`}>
                      {t(`documents.plan.element.${element}`)}
                    </label>
                  </div>
                  <TextField
                    name={pagesName}
                    label={t('documents.plan.pagesFor', { citation: PLAN_ELEMENT_CITATIONS[element] })}
                    className="usa-input--small"
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={100}
                    defaultValue={valueOf(pagesName) ?? previous.get(element) ?? ''}
                    error={errorFor(pagesName)}
                    registration={register(pagesName)}
                  />
                </div>
              )
            })}
          </fieldset>
        ) : null}

        <button type="submit" className="usa-button margin-top-4" disabled={submitting}>
          {submitting ? t('documents.upload.submitting') : t('documents.upload.submit')}
        </button>
      </Form>
    </section>
  )
}

function formatSize(bytes: number, lang: Lang): string {
  const locale = lang === 'es' ? 'es-US' : 'en-US'
  const [value, unit] = bytes >= MIB ? [bytes / MIB, 'megabyte'] : [Math.max(bytes / 1024, 0.1), 'kilobyte']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value)
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'documents.title', { organization: data?.organization.legalName ?? '' })
