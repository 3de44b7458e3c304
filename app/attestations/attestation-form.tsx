import { Form, Link, useNavigation } from '@remix-run/react'
import { useState, useSyncExternalStore, type FormEvent } from 'react'
import { formatUsd } from '~/contracts/money'
import type { Lang } from '~/i18n/i18n'
import { useT } from '~/i18n/use-t'
import { industryByCode } from '~/risk/industries'
import { StatusBadge } from '~/subcontracts/status-badge'
import type { TreeStatus } from '~/subcontracts/tree'
import { FormError, Notice, TextField, type FormFailure } from '~/ui/forms'
import { formatDate, formatDay } from '~/ui/format'
import {
  answersSchemaFor,
  explanationFieldName,
  MAX_SIGNER_FIELD_LENGTH,
  SIGNER_NAME_FIELD,
  SIGNER_TITLE_FIELD,
  valueFieldName,
  type Answer,
  type Answers,
} from './answers'
import { itemApplies, type Applicability, type CompliancePlanReason } from './applicability'
import {
  isAnswerable,
  MAX_ANSWER_TEXT_LENGTH,
  type AttestationTemplateContent,
  type ConditionName,
  type LocalizedText,
  type TemplateItem,
  type TemplateSection,
} from './template'

// The attestation form's pieces (product.md §4): the step indicator, one control per template
// item, the signing block, and the read-only list of answers. The questions come from the
// template (data); validation uses the same schema as the action (answersSchemaFor), chosen by
// the button pressed: "Save draft" checks in draft mode, "Continue" and "Submit" in complete mode.

// ───────────────────────────── small helpers ─────────────────────────────

const subscribeNever = () => () => {}

/**
 * False on the server and while hydrating, true once JavaScript runs. Without JavaScript the
 * "Explain why" box is always shown (the schema decides when it is required); with it, the box
 * appears only for a negative answer.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  )
}

/** Whether a raw answer value is the negative one ("No", or a choice option marked negative). */
export function isNegativeValue(item: TemplateItem, value: unknown): boolean {
  if (item.answer.type === 'yes_no') return value === 'no' || value === false
  if (item.answer.type === 'choice')
    return item.answer.options.some((option) => option.negative === true && option.value === value)
  return false
}

const fieldId = (name: string) => `field-${name}`
export const itemAnchor = (itemId: string) => `item-${itemId}`

function conditionText(t: ReturnType<typeof useT>['t'], names: readonly ConditionName[], holds: boolean): string {
  return names
    .map((name) => t(`attestation.condition.${name}.${holds ? 'holds' : 'fails'}`))
    .join(` ${t('attestation.reasons.and')} `)
}

/** The items of a section that apply to this attestation, in template order. */
export function applicableItems(section: TemplateSection, applicability: Applicability): TemplateItem[] {
  return section.items.filter((item) => itemApplies(applicability, item.id))
}

function ErrorMessage({ id, message }: { id: string; message?: string }) {
  return message ? (
    <span className="usa-error-message" id={id}>
      {message}
    </span>
  ) : null
}

// ───────────────────────────── step indicator ─────────────────────────────

export type StepSummary = { id: string; title: LocalizedText; complete: boolean }

/** USWDS step indicator: one segment per applicable section, "Step n of total" and the section title. */
export function StepIndicator({ steps, currentId }: { steps: StepSummary[]; currentId: string }) {
  const { t, lang } = useT()
  const index = steps.findIndex((step) => step.id === currentId)
  const current = steps[index]
  return (
    <div
      className="usa-step-indicator usa-step-indicator--counters-sm margin-top-4"
      aria-label={t('attestation.steps.label')}
    >
      <ol className="usa-step-indicator__segments">
        {steps.map((step) => {
          const isCurrent = step.id === currentId
          const state = isCurrent
            ? ' usa-step-indicator__segment--current'
            : step.complete
              ? ' usa-step-indicator__segment--complete'
              : ''
          return (
            <li
              key={step.id}
              className={`usa-step-indicator__segment${state}`}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <span className="usa-step-indicator__segment-label">
                {step.title[lang]}
                {isCurrent ? null : (
                  <span className="usa-sr-only">
                    {' '}
                    ({step.complete ? t('attestation.step.completed') : t('attestation.step.notCompleted')})
                  </span>
                )}
              </span>
            </li>
          )
        })}
      </ol>
      <div className="usa-step-indicator__header">
        <h2 className="usa-step-indicator__heading">
          <span className="usa-step-indicator__heading-counter">
            {t('attestation.step', { n: index + 1, total: steps.length })}:
          </span>{' '}
          <span className="usa-step-indicator__heading-text">{current?.title[lang]}</span>
        </h2>
      </div>
    </div>
  )
}

// ───────────────────────────── why a step applies ─────────────────────────────

export type PlanContract = { id: string; number: string; outsideUSValueCents: string }

function planReasonText(
  t: ReturnType<typeof useT>['t'],
  lang: Lang,
  contract: PlanContract,
  reason: CompliancePlanReason,
): string {
  if (reason.code === 'outside_us_value_above_threshold') {
    const threshold = reason.threshold
    return t('attestation.planReason.outside_us_value_above_threshold', {
      contract: contract.number,
      value: formatUsd(contract.outsideUSValueCents, lang),
      threshold: threshold ? formatUsd(threshold.amountCents, lang) : '—',
      source: threshold
        ? t('attestation.planReason.thresholdSource', {
            source: threshold.source,
            date: formatDay(threshold.effectiveFrom, lang),
          })
        : '—',
    })
  }
  const code = reason.industry ?? ''
  return t('attestation.planReason.agency_requires_plan_for_high_risk_industry', {
    contract: contract.number,
    industry: industryByCode(code)?.label[lang] ?? code,
  })
}

/**
 * Why this step is asked ("Applies because …"), and for the compliance-plan step which contracts
 * require a plan and why (FAR 52.222-50(h)(1) threshold, or the agency's high-risk industry policy).
 */
export function StepApplicability({
  section,
  applicability,
  contracts,
}: {
  section: TemplateSection
  applicability: Applicability
  contracts: PlanContract[]
}) {
  const { t, lang } = useT()
  const own = applicability.sections.find((candidate) => candidate.sectionId === section.id)
  const satisfied = own?.satisfied ?? []
  const planStep = satisfied.includes('compliance_plan_required')
  const planReasons = planStep
    ? contracts.flatMap((contract) =>
        (applicability.compliancePlans[contract.id]?.reasons ?? []).map((reason, index) => ({
          key: `${contract.id}-${index}`,
          text: planReasonText(t, lang, contract, reason),
        })),
      )
    : []
  if (satisfied.length === 0) return null
  return (
    <div className="usa-summary-box margin-y-3" role="region" aria-labelledby="applies-heading">
      <div className="usa-summary-box__body">
        <p className="usa-summary-box__heading font-sans-sm" id="applies-heading">
          {planStep
            ? t('attestation.planRequired.title')
            : t('attestation.appliesBecause', { reasons: conditionText(t, satisfied, true) })}
        </p>
        {planReasons.length > 0 ? (
          <div className="usa-summary-box__text">
            <ul className="usa-list">
              {planReasons.map((reason) => (
                <li key={reason.key}>{reason.text}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  )
}

// ───────────────────────────── one item ─────────────────────────────

export type Subcontractor = { id: string; name: string; tier: number; contract: string; status?: TreeStatus }

type ItemContext = {
  organizationId: string
  canSign: boolean
  hydrated: boolean
  subcontractors: Subcontractor[]
  comment?: string
  initial: (name: string) => string | boolean | undefined
  errorFor: (name: string) => string | undefined
  selected: string | undefined
  onAnswer: (item: TemplateItem, value: string) => void
  onEdit: (name: string) => void
}

/** Pages of the portal an informational item may link to (template.ts INFO_LINKS) that exist so far. */
function infoHref(link: string | undefined, organizationId: string): string | undefined {
  if (link === 'documents') return `/orgs/${organizationId}/documents`
  if (link === 'subcontracts') return `/orgs/${organizationId}/subcontracts`
  // The training tracker is linked here once it exists.
  return undefined
}

function ItemMeta({ item }: { item: TemplateItem }) {
  const { t, lang } = useT()
  const own = item.appliesWhen ?? []
  return (
    <>
      <p className="usa-hint margin-top-05 margin-bottom-1" id={`${itemAnchor(item.id)}-rule`}>
        {t('attestation.rule', { rule: item.rule })}
        {item.planElement ? ` · ${t('attestation.planElement.label', { element: item.planElement })}` : null}
        {own.length > 0 ? ` · ${t('attestation.appliesBecause', { reasons: conditionText(t, own, true) })}` : null}
      </p>
      {item.help ? (
        <details className="margin-bottom-2">
          <summary className="usa-link text-underline cursor-pointer">{t('attestation.help.show')}</summary>
          <p className="margin-top-1 maxw-tablet">{item.help[lang]}</p>
        </details>
      ) : null}
    </>
  )
}

function ReviewerComment({ item, comment }: { item: TemplateItem; comment?: string }) {
  const { t } = useT()
  if (!comment) return null
  return (
    <div className="usa-alert usa-alert--warning usa-alert--slim usa-alert--no-icon margin-y-2">
      <div className="usa-alert__body">
        <p className="usa-alert__text">
          <strong>{t('attestation.reviewComment.item', { item: item.id })}:</strong> {comment}
        </p>
      </div>
    </div>
  )
}

function Explanation({ item, context }: { item: TemplateItem; context: ItemContext }) {
  const { t, tError } = useT()
  const name = explanationFieldName(item.id)
  const id = fieldId(name)
  const message = tError(context.errorFor(name))
  // With JavaScript, shown for a negative answer (or to show its error); without, always shown.
  const visible = !context.hydrated || isNegativeValue(item, context.selected) || Boolean(message)
  const initial = context.initial(name)
  const describedBy = [`${id}-hint`, message ? `${id}-error` : null].filter(Boolean).join(' ')
  return (
    <div
      className={`usa-form-group margin-left-4${message ? ' usa-form-group--error' : ''}`}
      id={`${id}-group`}
      hidden={!visible}
    >
      <label className={`usa-label${message ? ' usa-label--error' : ''}`} htmlFor={id}>
        {item.reviewCode === 'remedial_actions' ? t('attestation.explainRemedial') : t('attestation.explainWhy')}
      </label>
      <div className="usa-hint" id={`${id}-hint`}>
        {context.hydrated
          ? null
          : `${item.answer.type === 'yes_no' ? t('attestation.explain.onlyIfNo') : t('attestation.explain.onlyIfNegativeOption')} `}
        {t('attestation.explainWhy.hint', { max: MAX_ANSWER_TEXT_LENGTH })}
      </div>
      <ErrorMessage id={`${id}-error`} message={message} />
      <textarea
        className={`usa-textarea maxw-tablet${message ? ' usa-input--error' : ''}`}
        id={id}
        name={name}
        rows={4}
        maxLength={MAX_ANSWER_TEXT_LENGTH}
        defaultValue={typeof initial === 'string' ? initial : ''}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        onChange={() => context.onEdit(name)}
      />
    </div>
  )
}

/** One template item as a form control: yes/no or choice radios, text, the certification checkbox, or information. */
export function ItemField({ item, context }: { item: TemplateItem; context: ItemContext }) {
  const { t, tError, lang } = useT()
  const name = valueFieldName(item.id)
  const message = tError(context.errorFor(name))
  const errorId = `${fieldId(name)}-error`
  const describedBy = [`${itemAnchor(item.id)}-rule`, message ? errorId : null].filter(Boolean).join(' ')
  const spec = item.answer

  if (spec.type === 'yes_no' || spec.type === 'choice') {
    const options =
      spec.type === 'yes_no'
        ? [
            { value: 'yes', label: t('attestation.yes'), negative: false },
            { value: 'no', label: t('attestation.no'), negative: true },
          ]
        : spec.options.map((option) => ({
            value: option.value,
            label: option.label[lang],
            negative: option.negative === true,
          }))
    const initial = context.initial(name)
    return (
      <div className="margin-bottom-5" id={itemAnchor(item.id)}>
        <fieldset className={`usa-fieldset usa-form-group${message ? ' usa-form-group--error' : ''}`}>
          <legend className="usa-legend maxw-tablet text-bold">
            <span className="text-base-dark">{item.id}.</span> {item.text[lang]}
          </legend>
          <ItemMeta item={item} />
          <ReviewerComment item={item} comment={context.comment} />
          <ErrorMessage id={errorId} message={message} />
          {options.map((option) => (
            <div className="usa-radio" key={option.value}>
              <input
                className={`usa-radio__input${spec.type === 'choice' ? ' usa-radio__input--tile' : ''}`}
                id={`${fieldId(name)}-${option.value}`}
                type="radio"
                name={name}
                value={option.value}
                defaultChecked={initial === option.value}
                aria-describedby={describedBy}
                aria-invalid={message ? true : undefined}
                aria-controls={
                  option.negative && item.negativeRequiresExplanation
                    ? `${fieldId(explanationFieldName(item.id))}-group`
                    : undefined
                }
                onChange={() => context.onAnswer(item, option.value)}
              />
              <label className="usa-radio__label" htmlFor={`${fieldId(name)}-${option.value}`}>
                {option.label}
              </label>
            </div>
          ))}
        </fieldset>
        {item.negativeRequiresExplanation ? <Explanation item={item} context={context} /> : null}
      </div>
    )
  }

  if (spec.type === 'text') {
    const initial = context.initial(name)
    return (
      <div
        className={`usa-form-group margin-bottom-5${message ? ' usa-form-group--error' : ''}`}
        id={itemAnchor(item.id)}
      >
        <label
          className={`usa-label maxw-tablet text-bold${message ? ' usa-label--error' : ''}`}
          htmlFor={fieldId(name)}
        >
          <span className="text-base-dark">{item.id}.</span> {item.text[lang]}
        </label>
        <ItemMeta item={item} />
        <ReviewerComment item={item} comment={context.comment} />
        <ErrorMessage id={errorId} message={message} />
        <textarea
          className={`usa-textarea maxw-tablet${message ? ' usa-input--error' : ''}`}
          id={fieldId(name)}
          name={name}
          rows={spec.multiline === false ? 1 : 4}
          maxLength={spec.maxLength ?? MAX_ANSWER_TEXT_LENGTH}
          defaultValue={typeof initial === 'string' ? initial : ''}
          aria-invalid={message ? true : undefined}
          aria-describedby={describedBy}
          onChange={() => context.onEdit(name)}
        />
      </div>
    )
  }

  if (spec.type === 'acknowledgement') {
    // FAR 52.222-56: the certification is signed by an authorized official. Only people who may
    // sign see the checkbox; the text is shown to everyone preparing the declaration.
    const textId = `${itemAnchor(item.id)}-text`
    return (
      <div className="margin-bottom-5" id={itemAnchor(item.id)}>
        <div className="bg-base-lightest border-1px border-base-lighter padding-2 radius-md maxw-tablet" id={textId}>
          <p className="margin-top-0 text-bold">{item.text[lang]}</p>
          <p className="margin-bottom-0">{t('attestation.perjury.warning')}</p>
        </div>
        <ItemMeta item={item} />
        <ReviewerComment item={item} comment={context.comment} />
        {context.canSign ? (
          <div className={`usa-form-group${message ? ' usa-form-group--error' : ''}`}>
            <ErrorMessage id={errorId} message={message} />
            <div className="usa-checkbox">
              <input
                className="usa-checkbox__input"
                id={fieldId(name)}
                type="checkbox"
                name={name}
                value="on"
                defaultChecked={context.initial(name) === true || context.initial(name) === 'on'}
                aria-invalid={message ? true : undefined}
                aria-describedby={[textId, message ? errorId : null].filter(Boolean).join(' ')}
                onChange={() => context.onEdit(name)}
              />
              <label className="usa-checkbox__label" htmlFor={fieldId(name)}>
                {t('attestation.perjury.checkbox')}
              </label>
            </div>
          </div>
        ) : null}
      </div>
    )
  }

  // Informational items: nothing is typed or stored.
  const href = spec.type === 'info' ? infoHref(spec.link, context.organizationId) : undefined
  return (
    <div className="margin-bottom-5 maxw-tablet" id={itemAnchor(item.id)}>
      <p className="text-bold margin-bottom-0">
        <span className="text-base-dark">{item.id}.</span> {item.text[lang]}
      </p>
      <ItemMeta item={item} />
      {spec.type === 'subcontractor_list' ? (
        context.subcontractors.length === 0 ? (
          <p>{t('attestation.subcontractors.empty')}</p>
        ) : (
          <ul className="usa-list">
            {context.subcontractors.map((sub) => (
              <li key={sub.id}>
                {sub.name} ({t('attestation.subcontractors.tier', { tier: sub.tier })}, {sub.contract}){sub.status ? <> <StatusBadge status={sub.status} /></> : null}
              </li>
            ))}
          </ul>
        )
      ) : null}
      {href && spec.type === 'info' && spec.link ? (
        <p>
          <Link className="usa-link" to={href}>
            {t(`attestation.link.${spec.link}`)}
          </Link>
        </p>
      ) : null}
    </div>
  )
}

// ───────────────────────────── the step form ─────────────────────────────

export type StepFailure = FormFailure & { missing?: Array<{ itemId: string; sectionId: string; message: string }> }

type ClientErrors = { basis: StepFailure | undefined; errors: Record<string, string> }

function collectValues(form: HTMLFormElement): Record<string, string | string[]> {
  const data = new FormData(form)
  const values: Record<string, string | string[]> = {}
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).filter((value): value is string => typeof value === 'string')
    const first = all[0]
    if (all.length === 1 && first !== undefined) values[key] = first
    else if (all.length > 1) values[key] = all
  }
  return values
}

export type StepFormProps = {
  organizationId: string
  template: AttestationTemplateContent
  applicability: Applicability
  section: TemplateSection
  /** formDefaultsFor the step (stored answers and signer). */
  defaults: Record<string, string | boolean>
  failure?: StepFailure
  canSign: boolean
  itemComments: Record<string, string>
  subcontractors: Subcontractor[]
  /** Where "Back" goes: the previous step, or the list from the first step. */
  backTo: string
  /** Today (ISO), shown as the signature date. */
  today: string
}

/**
 * One step of the declaration. Submits as an ordinary form (works without JavaScript); with
 * JavaScript it first checks the step with the action's schema, in the mode of the button pressed,
 * and shows the problems next to the fields without a round trip.
 */
export function AttestationStepForm(props: StepFormProps) {
  const {
    organizationId,
    template,
    applicability,
    section,
    defaults,
    failure,
    canSign,
    itemComments,
    subcontractors,
    backTo,
    today,
  } = props
  const { t, lang } = useT()
  const navigation = useNavigation()
  const hydrated = useHydrated()
  const items = applicableItems(section, applicability)

  // Typed values come back with a 400 (no JavaScript): show them rather than the stored ones.
  const initial = (name: string): string | boolean | undefined => {
    if (failure?.values) {
      const value = failure.values[name]
      return Array.isArray(value) ? value[0] : value
    }
    return defaults[name]
  }

  // The answer chosen so far per item, to show "Explain why" live for a negative answer.
  const [selected, setSelected] = useState<Record<string, string>>(() => {
    const start: Record<string, string> = {}
    for (const item of items) {
      const value = initial(valueFieldName(item.id))
      if (typeof value === 'string') start[item.id] = value
    }
    return start
  })

  // Browser-side problems replace the server's until the server answers again (a new failure).
  const [client, setClient] = useState<ClientErrors | null>(null)
  const serverErrors: Record<string, string> = {}
  for (const [name, message] of Object.entries(failure?.fieldErrors ?? {}))
    if (typeof message === 'string') serverErrors[name] = message
  const errors = client && client.basis === failure ? client.errors : serverErrors
  const errorFor = (name: string) => errors[name]

  const clearErrors = (...names: string[]) => {
    if (!names.some((name) => name in errors)) return
    const next = { ...errors }
    for (const name of names) delete next[name]
    setClient({ basis: failure, errors: next })
  }

  const onAnswer = (item: TemplateItem, value: string) => {
    setSelected((current) => ({ ...current, [item.id]: value }))
    // A positive answer needs no explanation: its error goes with the negative answer.
    clearErrors(valueFieldName(item.id), ...(isNegativeValue(item, value) ? [] : [explanationFieldName(item.id)]))
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null
    const intent = submitter instanceof HTMLButtonElement ? submitter.value : ''
    const mode = intent === 'save' ? 'draft' : 'complete'
    const result = answersSchemaFor(template, applicability, section.id, { mode }).safeParse(
      collectValues(event.currentTarget),
    )
    if (result.success) {
      setClient({ basis: failure, errors: {} })
      return // Remix's <Form> submits it, with the button's intent.
    }
    event.preventDefault()
    const found: Record<string, string> = {}
    for (const issue of result.error.issues) {
      const name = issue.path.length > 0 ? String(issue.path[0]) : 'form'
      found[name] ??= issue.message
    }
    setClient({ basis: failure, errors: found })
    const first = Object.keys(found)[0]
    if (first) event.currentTarget.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus()
  }

  const context = (item: TemplateItem): ItemContext => ({
    organizationId,
    canSign,
    hydrated,
    subcontractors,
    comment: itemComments[item.id],
    initial,
    errorFor,
    selected: selected[item.id],
    onAnswer,
    onEdit: (name) => clearErrors(name),
  })

  // One alert above the form: the server's message (kept while the person fixes fields), with the
  // field errors as they stand now.
  const summary: StepFailure | undefined =
    client && client.basis === failure ? { formError: failure?.formError, fieldErrors: client.errors } : failure
  const busy = navigation.state === 'submitting'
  const signerName = initial(SIGNER_NAME_FIELD)
  const signerTitle = initial(SIGNER_TITLE_FIELD)

  return (
    <>
      <FormError failure={summary} />
      {failure?.missing ? <MissingItems missing={failure.missing} template={template} /> : null}
      <Form method="post" className="usa-form maxw-none" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="step" value={section.id} />
        {section.intro ? <p className="maxw-tablet">{section.intro[lang]}</p> : null}
        {items.map((item) => (
          <ItemField key={item.id} item={item} context={context(item)} />
        ))}
        {section.signing ? (
          canSign ? (
            <fieldset className="usa-fieldset margin-bottom-4">
              <legend className="usa-legend usa-legend--large">{t('attestation.signer.legend')}</legend>
              <TextField
                name={SIGNER_NAME_FIELD}
                label={t('attestation.signer.name')}
                hint={t('attestation.signer.name.hint')}
                autoComplete="name"
                maxLength={MAX_SIGNER_FIELD_LENGTH}
                defaultValue={typeof signerName === 'string' ? signerName : ''}
                error={errorFor(SIGNER_NAME_FIELD)}
                onChange={() => clearErrors(SIGNER_NAME_FIELD)}
              />
              <TextField
                name={SIGNER_TITLE_FIELD}
                label={t('attestation.signer.title')}
                hint={t('attestation.signer.title.hint')}
                autoComplete="organization-title"
                maxLength={MAX_SIGNER_FIELD_LENGTH}
                defaultValue={typeof signerTitle === 'string' ? signerTitle : ''}
                error={errorFor(SIGNER_TITLE_FIELD)}
                onChange={() => clearErrors(SIGNER_TITLE_FIELD)}
              />
              <p className="margin-top-3">{t('attestation.signer.date', { date: formatDate(today, lang) })}</p>
            </fieldset>
          ) : (
            <Notice type="warning">{t('attestation.signer.notAllowed')}</Notice>
          )
        ) : null}
        <div className="margin-top-4 display-flex flex-wrap flex-align-center">
          <Link className="usa-button usa-button--unstyled margin-right-3" to={backTo}>
            {t('attestation.back')}
          </Link>
          <button type="submit" name="intent" value="save" className="usa-button usa-button--outline" disabled={busy}>
            {t('attestation.saveDraft')}
          </button>
          {section.signing ? (
            canSign ? (
              <button type="submit" name="intent" value="submit" className="usa-button" disabled={busy}>
                {t('attestation.submit')}
              </button>
            ) : null
          ) : (
            <button type="submit" name="intent" value="next" className="usa-button" disabled={busy}>
              {t('attestation.continue')}
            </button>
          )}
        </div>
      </Form>
    </>
  )
}

// ───────────────────────────── read-only answers ─────────────────────────────

function answerText(
  item: TemplateItem,
  answer: Answer | undefined,
  t: ReturnType<typeof useT>['t'],
  lang: Lang,
): string {
  const value = answer?.value
  if (value === undefined || value === '') return t('attestation.summary.notAnswered')
  switch (item.answer.type) {
    case 'yes_no':
      return value === 'yes' || value === true ? t('attestation.yes') : t('attestation.no')
    case 'choice':
      return item.answer.options.find((option) => option.value === value)?.label[lang] ?? String(value)
    case 'acknowledgement':
      return t('attestation.acknowledged')
    default:
      return String(value)
  }
}

/**
 * Every question that applies (or was answered) with its answer and explanation: one definition
 * list per section, as certified.
 */
export function AnswerList({
  template,
  applicability,
  answers,
}: {
  template: AttestationTemplateContent
  applicability: Applicability
  answers: Answers
}) {
  const { t, lang } = useT()
  const sections = template.sections
    .map((section) => ({
      section,
      items: section.items.filter(
        (item) => isAnswerable(item) && (itemApplies(applicability, item.id) || answers[item.id] !== undefined),
      ),
    }))
    .filter((entry) => entry.items.length > 0)
  return (
    <>
      {sections.map(({ section, items }) => (
        <section key={section.id} aria-labelledby={`answers-${section.id}`} className="margin-top-4">
          <h3 id={`answers-${section.id}`}>
            {section.id}. {section.title[lang]}
          </h3>
          <dl className="maxw-tablet-lg">
            {items.map((item) => {
              const answer = answers[item.id]
              return (
                <div key={item.id} className="border-top-1px border-base-lighter padding-y-2">
                  <dt>
                    <span className="text-base-dark">{item.id}.</span> {item.text[lang]}
                  </dt>
                  <dd className="margin-left-0 margin-top-1 text-bold">{answerText(item, answer, t, lang)}</dd>
                  {answer?.explanation ? (
                    <dd className="margin-left-0 margin-top-1">
                      <span className="text-italic">{t('attestation.explanation')}:</span> {answer.explanation}
                    </dd>
                  ) : null}
                </div>
              )
            })}
          </dl>
        </section>
      ))}
    </>
  )
}

/** The items an incomplete submission still needs, each linking to its step. */
export function MissingItems({
  missing,
  template,
}: {
  missing: NonNullable<StepFailure['missing']>
  template: AttestationTemplateContent
}) {
  const { t, tError, lang } = useT()
  if (missing.length === 0) return null
  return (
    <div className="usa-alert usa-alert--error usa-alert--slim margin-bottom-3">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading font-sans-md">{t('attestation.missing.title')}</h2>
        <ul className="usa-list">
          {missing.map((entry) => {
            const section = template.sections.find((candidate) => candidate.id === entry.sectionId)
            return (
              <li key={entry.itemId}>
                <Link className="usa-link" to={`?step=${entry.sectionId}#${itemAnchor(entry.itemId)}`}>
                  {t('attestation.missing.item', {
                    section: section ? `${section.id}. ${section.title[lang]}` : entry.sectionId,
                    item: entry.itemId,
                  })}
                </Link>
                : {tError(entry.message)}
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}
