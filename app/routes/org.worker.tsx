import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requireMembership } from '~/auth/permissions.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { listTrainingModules } from '~/training/catalog.server'
import { isoDay, startOfUtcDay } from '~/training/dates'
import { languageName } from '~/training/language'
import { DeleteRecordSchema, TrainingRecordSchema, WorkerActiveSchema, WorkerSchema } from '~/training/schemas'
import { addTrainingRecord, deleteTrainingRecord, getWorker, setWorkerActive, trainingStatus, updateTrainingRecord, updateWorker } from '~/training/workers.server'
import { FormError, Notice, TextField, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDay } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// One worker: their training records (product.md §7), with single entry, correction and deletion.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  if (!params.workerId) notFound()
  const [worker, modules] = await Promise.all([getWorker(access.organization.id, params.workerId), listTrainingModules()])
  if (!worker) notFound()
  const url = new URL(request.url)
  const editId = url.searchParams.get('edit')
  const editing = editId ? worker.trainingRecords.find((r) => r.id === editId) : undefined
  const notice = url.searchParams.get('notice')
  const today = startOfUtcDay(new Date())
  return {
    organization: access.organization,
    worker: {
      ...worker,
      trainingRecords: worker.trainingRecords.map((r) => ({
        ...r,
        completedOn: isoDay(r.completedOn),
        expiresOn: isoDay(r.expiresOn),
        hours: r.hours?.toString() ?? null,
        status: trainingStatus(r.expiresOn, today),
        module: { id: r.module.id, code: r.module.code },
      })),
    },
    modules: modules.map((m) => ({ id: m.id, code: m.code, titles: m.titles })),
    editing: editing ? { id: editing.id, moduleId: editing.module.id, completedOn: isoDay(editing.completedOn), language: editing.language, deliveredBy: editing.deliveredBy, hours: editing.hours?.toString() ?? '' } : null,
    notice: ['recordAdded', 'recordUpdated', 'recordDeleted', 'updated', 'deactivated', 'reactivated'].includes(notice ?? '') ? notice : null,
  }
}

type Result = FormFailure & { intent?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'manage:training')
  const organizationId = access.organization.id
  const workerId = params.workerId ?? ''
  const actorUserId = access.user.id
  const here = `/orgs/${organizationId}/workers/${workerId}`
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  if (intent === 'updateWorker') {
    const parsed = parseForm(WorkerSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const result = await updateWorker({ organizationId, workerId, actorUserId, input: parsed.data })
    if (!result.ok && 'notFound' in result) notFound()
    if (!result.ok) return formFailure({ fieldErrors: { [result.field]: result.error } }, parsed.values)
    return redirect(`${here}?notice=updated`)
  }
  if (intent === 'deactivateWorker' || intent === 'reactivateWorker') {
    const parsed = parseForm(WorkerActiveSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    const active = parsed.data.intent === 'reactivateWorker'
    if (!(await setWorkerActive({ organizationId, workerId, actorUserId, active }))) notFound()
    return redirect(`${here}?notice=${active ? 'reactivated' : 'deactivated'}`)
  }
  if (intent === 'deleteRecord') {
    const parsed = parseForm(DeleteRecordSchema, form)
    if (!parsed.ok) return formFailure(parsed.failure)
    if (!(await deleteTrainingRecord({ organizationId, workerId, recordId: parsed.data.recordId, actorUserId }))) notFound()
    return redirect(`${here}?notice=recordDeleted`)
  }
  const parsed = parseForm(TrainingRecordSchema, form)
  if (!parsed.ok) return formFailure(parsed.failure)
  const result =
    parsed.data.intent === 'updateRecord'
      ? await updateTrainingRecord({ organizationId, workerId, recordId: parsed.data.recordId, actorUserId, input: parsed.data })
      : await addTrainingRecord({ organizationId, workerId, actorUserId, input: parsed.data })
  if (!result.ok && 'notFound' in result) notFound()
  if (!result.ok) return formFailure({ fieldErrors: { [result.field]: result.error } }, parsed.values)
  return redirect(`${here}?notice=${parsed.data.intent === 'updateRecord' ? 'recordUpdated' : 'recordAdded'}`)
}

export default function WorkerRoute() {
  const { organization, worker, modules, editing, notice } = useLoaderData<typeof loader>()
  const result = useActionData<Result>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const base = `/orgs/${organization.id}/workers`
  const submittedIntent = result?.values?.intent
  const workerFailure = submittedIntent === 'updateWorker' ? result : null
  const recordFailure = submittedIntent === 'addRecord' || submittedIntent === 'updateRecord' ? result : null
  return (
    <>
      <p>
        <Link className="usa-link" to={base}>
          {t('training.worker.back')}
        </Link>
      </p>
      <h1>{t('training.worker.title', { ref: worker.workerRef })}</h1>
      {worker.displayName ? <p className="usa-intro">{worker.displayName}</p> : null}
      {notice ? <Notice>{t(noticeKey(notice))}</Notice> : null}
      {!worker.active ? <Notice type="info">{t('training.worker.inactive')}</Notice> : null}

      <section aria-labelledby="records-heading">
        <h2 id="records-heading">{t('training.worker.records')}</h2>
        {worker.trainingRecords.length === 0 ? (
          <p>{t('training.worker.noRecords')}</p>
        ) : (
          <table className="usa-table usa-table--borderless usa-table--stacked width-full">
            <thead>
              <tr>
                <th scope="col">{t('training.column.module')}</th>
                <th scope="col">{t('training.column.completedOn')}</th>
                <th scope="col">{t('training.column.expiresOn')}</th>
                <th scope="col">{t('training.column.status')}</th>
                <th scope="col">{t('training.column.language')}</th>
                <th scope="col">{t('training.column.deliveredBy')}</th>
                <th scope="col">{t('training.column.hours')}</th>
                <th scope="col">{t('training.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {worker.trainingRecords.map((r) => {
                const date = formatDay(r.completedOn, lang)
                return (
                  <tr key={r.id}>
                    <th scope="row" data-label={t('training.column.module')}>
                      {r.module.code}
                    </th>
                    <td data-label={t('training.column.completedOn')}>{date}</td>
                    <td data-label={t('training.column.expiresOn')}>{formatDay(r.expiresOn, lang)}</td>
                    <td data-label={t('training.column.status')}>{t(`training.status.${r.status}`)}</td>
                    <td data-label={t('training.column.language')}>{languageName(r.language, lang)}</td>
                    <td data-label={t('training.column.deliveredBy')}>{r.deliveredBy}</td>
                    <td data-label={t('training.column.hours')}>{r.hours ?? '—'}</td>
                    <td data-label={t('training.column.actions')}>
                      <Link className="usa-link margin-right-2" to={`?edit=${r.id}#record-heading`} aria-label={t('training.worker.editNamed', { module: r.module.code, date })}>
                        {t('training.worker.edit')}
                      </Link>
                      <Form method="post" className="display-inline">
                        <input type="hidden" name="recordId" value={r.id} />
                        <button type="submit" name="intent" value="deleteRecord" className="usa-button usa-button--unstyled" aria-label={t('training.worker.deleteNamed', { module: r.module.code, date })}>
                          {t('training.worker.delete')}
                        </button>
                      </Form>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </section>

      <RecordForm
        key={editing?.id ?? 'new'}
        modules={modules}
        editing={editing}
        defaultLanguage={worker.preferredLanguage ?? (lang === 'es' ? 'es' : 'en')}
        result={recordFailure}
        submitting={navigation.state === 'submitting'}
      />

      <WorkerForm worker={worker} result={workerFailure} submitting={navigation.state === 'submitting'} />
    </>
  )
}

function noticeKey(notice: string) {
  switch (notice) {
    case 'recordAdded':
      return 'training.worker.recordAdded' as const
    case 'recordUpdated':
      return 'training.worker.recordUpdated' as const
    case 'recordDeleted':
      return 'training.worker.recordDeleted' as const
    case 'deactivated':
      return 'training.workers.deactivated' as const
    case 'reactivated':
      return 'training.workers.reactivated' as const
    default:
      return 'training.workers.updated' as const
  }
}

type RecordFormProps = {
  modules: Array<{ id: string; code: string; titles: { en: string; es: string } }>
  editing: { id: string; moduleId: string; completedOn: string; language: string; deliveredBy: string; hours: string } | null
  defaultLanguage: string
  result: Result | null | undefined
  submitting: boolean
}

function RecordForm({ modules, editing, defaultLanguage, result, submitting }: RecordFormProps) {
  const { t, tError, lang } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(TrainingRecordSchema, { failure: result })
  const value = (name: string, fallback: string) => {
    const v = result?.values?.[name]
    return typeof v === 'string' ? v : fallback
  }
  const moduleError = tError(errorFor('moduleId'))
  return (
    <section className="margin-top-6" aria-labelledby="record-heading">
      <h2 id="record-heading">{editing ? t('training.worker.editRecord') : t('training.worker.addRecord')}</h2>
      <FormError failure={summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
        <input type="hidden" value={editing ? 'updateRecord' : 'addRecord'} {...register('intent')} />
        <input type="hidden" value={editing?.id ?? ''} {...register('recordId')} />
        <div className={`usa-form-group${moduleError ? ' usa-form-group--error' : ''}`}>
          <label className="usa-label" htmlFor="field-moduleId">
            {t('training.worker.module')}
          </label>
          {moduleError ? (
            <span className="usa-error-message" id="field-moduleId-error">
              {moduleError}
            </span>
          ) : null}
          <select id="field-moduleId" className="usa-select" defaultValue={value('moduleId', editing?.moduleId ?? modules[0]?.id ?? '')} aria-describedby={moduleError ? 'field-moduleId-error' : undefined} {...register('moduleId')}>
            {modules.map((m) => (
              <option key={m.id} value={m.id}>
                {m.code} — {m.titles[lang]}
              </option>
            ))}
          </select>
        </div>
        <TextField name="completedOn" label={t('training.worker.completedOn')} hint={t('training.worker.completedOnHint')} type="date" className="usa-input--medium" defaultValue={value('completedOn', editing?.completedOn ?? '')} error={errorFor('completedOn')} registration={register('completedOn')} />
        <TextField name="language" label={t('training.worker.recordLanguage')} hint={t('training.workers.languageHint')} className="usa-input--small" maxLength={35} autoComplete="off" defaultValue={value('language', editing?.language ?? defaultLanguage)} error={errorFor('language')} registration={register('language')} />
        <TextField name="deliveredBy" label={t('training.worker.deliveredBy')} hint={t('training.worker.deliveredByHint')} maxLength={200} defaultValue={value('deliveredBy', editing?.deliveredBy ?? '')} error={errorFor('deliveredBy')} registration={register('deliveredBy')} />
        <TextField name="hours" label={t('training.worker.hours')} inputMode="decimal" className="usa-input--small" maxLength={10} defaultValue={value('hours', editing?.hours ?? '')} error={errorFor('hours')} registration={register('hours')} />
        <button type="submit" className="usa-button" disabled={submitting}>
          {t('training.worker.saveRecord')}
        </button>
        {editing ? (
          <Link className="usa-link margin-left-2" to="?">
            {t('training.worker.cancelEdit')}
          </Link>
        ) : null}
      </Form>
    </section>
  )
}

type WorkerFormProps = {
  worker: { workerRef: string; displayName: string | null; preferredLanguage: string | null; active: boolean }
  result: Result | null | undefined
  submitting: boolean
}

function WorkerForm({ worker, result, submitting }: WorkerFormProps) {
  const { t } = useT()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(WorkerSchema, { failure: result })
  const value = (name: string, fallback: string) => {
    const v = result?.values?.[name]
    return typeof v === 'string' ? v : fallback
  }
  return (
    <section className="margin-top-6" aria-labelledby="worker-heading">
      <h2 id="worker-heading">{t('training.workers.edit')}</h2>
      <FormError failure={summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
        <input type="hidden" value="updateWorker" {...register('intent')} />
        <TextField name="workerRef" label={t('training.workers.ref')} hint={t('training.workers.refHint')} maxLength={64} autoComplete="off" defaultValue={value('workerRef', worker.workerRef)} error={errorFor('workerRef')} registration={register('workerRef')} />
        <TextField name="displayName" label={t('training.workers.name')} maxLength={200} autoComplete="off" defaultValue={value('displayName', worker.displayName ?? '')} error={errorFor('displayName')} registration={register('displayName')} />
        <TextField name="preferredLanguage" label={t('training.workers.language')} hint={t('training.workers.languageHint')} className="usa-input--small" maxLength={35} autoComplete="off" defaultValue={value('preferredLanguage', worker.preferredLanguage ?? '')} error={errorFor('preferredLanguage')} registration={register('preferredLanguage')} />
        <button type="submit" className="usa-button" disabled={submitting}>
          {t('training.workers.save')}
        </button>
      </Form>
      <Form method="post" className="margin-top-2">
        <button type="submit" name="intent" value={worker.active ? 'deactivateWorker' : 'reactivateWorker'} className="usa-button usa-button--outline">
          {worker.active ? t('training.workers.deactivate') : t('training.workers.reactivate')}
        </button>
      </Form>
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, 'training.worker.title', { ref: data?.worker.workerRef ?? '' })
