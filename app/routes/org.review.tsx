import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { notifyReviewDecision } from '~/review/notify.server'
import {
  decideReview,
  isInReviewScope,
  loadReviewPage,
  requireReviewer,
  type ReviewedAnswer,
  type ReviewPage,
} from '~/review/review.server'
import { commentFieldName, MAX_REVIEW_TEXT_LENGTH, ReviewDecisionFormSchema } from '~/review/schemas'
import { describeReason, riskTierLabel } from '~/risk/risk'
import { subcontractOfAttestation } from '~/subcontracts/subcontracts.server'
import { FormError, Notice, type FormFailure } from '~/ui/forms'
import { formatDateTime } from '~/ui/format'
import { pageTitle } from '~/ui/meta'

// One submitted declaration as the agency's reviewer sees it (product.md §9): who signed what and
// when, the risk tier and why, every applicable answer (with what changed since the last review),
// the vendor's documents and history, and the decision: approve, request changes with per-item
// comments, or reject with a reason. Decided declarations are shown read-only.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireReviewer(request, params.orgId)
  const page = await loadReviewPage(access.organization.id, params.attestationId ?? '')
  if (!page) notFound()
  // A subcontractor's own declaration (FAR 52.222-50(i) flowdown): say under whom, at which tier.
  const subcontract = await subcontractOfAttestation(page.attestation.id)
  return { organizationId: access.organization.id, page, subcontract }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireReviewer(request, params.orgId)
  const agencyId = access.organization.id
  const attestationId = params.attestationId ?? ''
  // Another agency's declaration is a 404 before anything about the form is said.
  if (!(await isInReviewScope(agencyId, attestationId))) notFound()
  const parsed = parseForm(ReviewDecisionFormSchema, await readForm(request))
  if (!parsed.ok) {
    // Rules about the whole decision (no intent, "request changes" with nothing to change) have no field of their own.
    const { form, intent, ...fieldErrors } = parsed.failure.fieldErrors ?? {}
    return formFailure({ formError: form ?? intent, fieldErrors, values: parsed.failure.values })
  }
  const result = await decideReview({ agencyId, attestationId, reviewerId: access.user.id, ...parsed.data }, new Date())
  if (!result.ok) {
    if (result.status === 404) notFound()
    return formFailure({ formError: result.formError, fieldErrors: result.fieldErrors }, parsed.values, result.status)
  }
  // After the commit, so a mail server that is down never blocks or undoes a decision.
  await notifyReviewDecision({ reviewId: result.reviewId, agencyId })
  return redirect(`/orgs/${agencyId}/reviews?decided=${encodeURIComponent(attestationId)}`)
}

export default function ReviewRoute() {
  const { organizationId, page, subcontract } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const navigation = useNavigation()
  const { t, lang } = useT()
  const { attestation, vendor } = page
  const submitting = navigation.state === 'submitting'

  const answers = <AnswersSection page={page} failure={failure} editable={page.canDecide} />
  return (
    <>
      <p className="margin-bottom-0">
        <Link className="usa-link" to={`/orgs/${organizationId}/reviews`}>
          {t('review.page.back')}
        </Link>
      </p>
      <h1 className="margin-top-1">{t('review.page.heading', { vendor: vendor.legalName })}</h1>
      {page.canDecide ? null : <Notice type="info">{t('review.page.readOnly')}</Notice>}
      <FormError failure={failure} />

      <dl className="grid-row grid-gap">
        <Fact label={t('review.page.status')}>{t(`attestation.status.${attestation.status}`)}</Fact>
        <Fact label={t('review.page.vendor')}>
          {vendor.legalName}
          {vendor.uei ? ` (${t('review.queue.uei', { uei: vendor.uei })})` : ''}
        </Fact>
        <Fact label={t('review.page.contracts')}>
          <ul className="usa-list usa-list--unstyled">
            {page.contracts.map((contract) => (
              <li key={contract.id}>
                <Link className="usa-link" to={`/orgs/${organizationId}/contracts/${contract.id}`}>
                  {contract.number}
                </Link>{' '}
                — {contract.title}
              </li>
            ))}
          </ul>
        </Fact>
        {subcontract ? (
          <Fact label={t('subcontracts.review.subcontract')}>
            {t('subcontracts.workspace.under', { parent: subcontract.parent, tier: subcontract.tier })} ·{' '}
            <Link className="usa-link" to={`/orgs/${organizationId}/contracts/${subcontract.contractId}/subcontractors`}>
              {t('subcontracts.title')}
            </Link>
          </Fact>
        ) : null}
        <Fact label={t('review.page.template')}>
          {t('attestation.templateVersion', {
            title: attestation.templateTitle[lang],
            version: attestation.templateVersion,
          })}
        </Fact>
        <Fact label={t('review.page.submittedBy')}>
          {attestation.signerName
            ? t('review.page.signer', { name: attestation.signerName, title: attestation.signerTitle ?? '' })
            : ''}
        </Fact>
        <Fact label={t('review.page.submittedAt')}>
          {attestation.submittedAt ? formatDateTime(attestation.submittedAt, lang) : ''}
        </Fact>
        <Fact label={t('review.page.sha256')} wide>
          <code style={{ wordBreak: 'break-all' }}>{attestation.contentSha256}</code>
        </Fact>
      </dl>

      <RiskSection page={page} />

      {page.canDecide ? (
        <Form method="post" className="usa-form usa-form--large maxw-none" noValidate>
          {answers}
          <DecisionFieldset failure={failure} submitting={submitting} />
        </Form>
      ) : (
        answers
      )}

      <DocumentsSection page={page} organizationId={organizationId} />
      <HistorySection page={page} organizationId={organizationId} />
    </>
  )
}

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`${wide ? 'grid-col-12' : 'tablet:grid-col-6'} margin-bottom-2`}>
      <dt className="text-bold">{label}</dt>
      <dd className="margin-left-0">{children}</dd>
    </div>
  )
}

function RiskSection({ page }: { page: ReviewPage }) {
  const { t, lang } = useT()
  const tier = page.attestation.riskTier
  return (
    <section className="margin-top-4" aria-labelledby="risk-heading">
      <h2 id="risk-heading">
        {t('review.risk.title')}: {tier ? riskTierLabel(tier, lang) : t('review.queue.noTier')}
      </h2>
      {page.risk ? (
        <>
          <p>{t('review.risk.score', { score: page.risk.score, version: page.risk.modelVersion })}</p>
          {page.risk.reasons.length === 0 ? (
            <p>{t('review.risk.none')}</p>
          ) : (
            <ul className="usa-list">
              {page.risk.reasons.map((reason, index) => (
                <li key={`${reason.factor}-${index}`}>{describeReason(reason, lang)}</li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <h3>{t('review.reasons.title')}</h3>
      {page.reviewReasons.length === 0 ? (
        <p>{t('review.reasons.none')}</p>
      ) : (
        <ul className="usa-list">
          {page.reviewReasons.map((reason) => (
            <li key={reason.itemId}>
              <a className="usa-link" href={`#item-${reason.itemId}`}>
                {t(`attestation.review.reason.${reason.code}`, {
                  item: reason.itemId,
                  element: reason.planElement ?? '',
                })}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function AnswerText({ answer }: { answer: ReviewedAnswer }) {
  const { t, lang } = useT()
  switch (answer.kind) {
    case 'yes':
      return <>{t('attestation.yes')}</>
    case 'no':
      return <strong>{t('attestation.no')}</strong>
    case 'choice':
      return answer.negative ? <strong>{answer.label[lang]}</strong> : <>{answer.label[lang]}</>
    case 'text':
      return <span className="text-pre-wrap">{answer.text}</span>
    case 'acknowledged':
      return <>{t('review.answers.acknowledged')}</>
    case 'none':
      return <em>{t('review.answers.notAnswered')}</em>
  }
}

function AnswersSection({ page, failure, editable }: { page: ReviewPage; failure?: FormFailure; editable: boolean }) {
  const { t, tError, lang } = useT()
  const valueOf = (name: string) => {
    const value = failure?.values?.[name]
    return typeof value === 'string' ? value : ''
  }
  return (
    <section className="margin-top-4" aria-labelledby="answers-heading">
      <h2 id="answers-heading">{t('review.answers.title')}</h2>
      <p>{t('review.answers.lead')}</p>
      {page.changes ? (
        <Notice type="info">
          {page.changes.count === 0
            ? t('review.answers.noneChanged')
            : t(page.changes.count === 1 ? 'review.answers.changedCount.one' : 'review.answers.changedCount.other', {
                count: page.changes.count,
              })}
        </Notice>
      ) : null}
      {page.sections.map((section) => (
        <section key={section.id} aria-labelledby={`section-${section.id}`}>
          <h3 id={`section-${section.id}`}>
            {section.id}. {section.title[lang]}
          </h3>
          <ol className="usa-list usa-list--unstyled">
            {section.items.map((item) => {
              const field = commentFieldName(item.id)
              const error = tError(failure?.fieldErrors?.[field])
              return (
                <li
                  key={item.id}
                  id={`item-${item.id}`}
                  className={`border-1px padding-2 margin-bottom-2 radius-md${item.changed ? ' border-accent-warm bg-accent-warm-lighter' : ' border-base-lighter'}`}
                >
                  <p className="margin-top-0">
                    <strong>{item.id}</strong> {item.text[lang]}
                  </p>
                  <p className="margin-y-1">
                    {item.changed ? (
                      <span className="usa-tag bg-accent-warm-darker margin-right-1">
                        {t('review.answers.changed')}
                      </span>
                    ) : null}
                    {item.triggeredReview ? (
                      <span className="usa-tag bg-secondary-dark margin-right-1">
                        {t('review.answers.triggeredReview')}
                      </span>
                    ) : null}
                    <span className="text-base">{t('attestation.rule', { rule: item.rule })}</span>
                  </p>
                  <dl className="margin-y-1">
                    <dt className="text-bold">{t('review.answers.answer')}</dt>
                    <dd className="margin-left-0">
                      <AnswerText answer={item.answer} />
                    </dd>
                    {item.explanation ? (
                      <>
                        <dt className="text-bold margin-top-1">{t('review.answers.explanation')}</dt>
                        <dd className="margin-left-0 text-pre-wrap">{item.explanation}</dd>
                      </>
                    ) : null}
                  </dl>
                  {item.previousComment ? (
                    <p className="text-base margin-y-1">
                      {t('review.answers.previousComment', {
                        date: formatDateTime(item.previousComment.at, lang),
                        comment: item.previousComment.text,
                      })}
                    </p>
                  ) : null}
                  {editable ? (
                    <div className={`usa-form-group margin-top-1${error ? ' usa-form-group--error' : ''}`}>
                      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={`field-${field}`}>
                        {t('review.answers.comment', { item: item.id })}
                      </label>
                      <div className="usa-hint" id={`field-${field}-hint`}>
                        {t('review.answers.comment.hint', { max: MAX_REVIEW_TEXT_LENGTH })}
                      </div>
                      {error ? (
                        <span className="usa-error-message" id={`field-${field}-error`}>
                          {error}
                        </span>
                      ) : null}
                      <textarea
                        className={`usa-textarea${error ? ' usa-input--error' : ''}`}
                        id={`field-${field}`}
                        name={field}
                        rows={2}
                        maxLength={MAX_REVIEW_TEXT_LENGTH}
                        defaultValue={valueOf(field)}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={`field-${field}-hint${error ? ` field-${field}-error` : ''}`}
                      />
                    </div>
                  ) : null}
                </li>
              )
            })}
          </ol>
        </section>
      ))}
    </section>
  )
}

function DecisionFieldset({ failure, submitting }: { failure?: FormFailure; submitting: boolean }) {
  const { t, tError } = useT()
  const error = tError(failure?.fieldErrors?.reason)
  const reason = typeof failure?.values?.reason === 'string' ? failure.values.reason : ''
  return (
    <fieldset className="usa-fieldset margin-top-4 border-top-1px border-base-lighter padding-top-2">
      <legend className="usa-legend usa-legend--large">{t('review.form.title')}</legend>
      <ul className="usa-list">
        <li>{t('review.form.approveHint')}</li>
        <li>{t('review.form.requestChangesHint')}</li>
        <li>{t('review.form.rejectHint')}</li>
      </ul>
      <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
        <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor="field-reason">
          {t('review.form.reason')}
        </label>
        <div className="usa-hint" id="field-reason-hint">
          {t('review.form.reason.hint', { max: MAX_REVIEW_TEXT_LENGTH })}
        </div>
        {error ? (
          <span className="usa-error-message" id="field-reason-error">
            {error}
          </span>
        ) : null}
        <textarea
          className={`usa-textarea${error ? ' usa-input--error' : ''}`}
          id="field-reason"
          name="reason"
          rows={4}
          maxLength={MAX_REVIEW_TEXT_LENGTH}
          defaultValue={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={`field-reason-hint${error ? ' field-reason-error' : ''}`}
        />
      </div>
      {/* The pressed button's name/value says which decision: one form, three outcomes (an `intent`). */}
      <div className="usa-button-group margin-top-2">
        <button type="submit" name="intent" value="approve" className="usa-button" disabled={submitting}>
          {t('review.form.approve')}
        </button>
        <button
          type="submit"
          name="intent"
          value="request_changes"
          className="usa-button usa-button--outline"
          disabled={submitting}
        >
          {t('review.form.requestChanges')}
        </button>
        <button
          type="submit"
          name="intent"
          value="reject"
          className="usa-button usa-button--secondary"
          disabled={submitting}
        >
          {t('review.form.reject')}
        </button>
      </div>
    </fieldset>
  )
}

function DocumentsSection({ page, organizationId }: { page: ReviewPage; organizationId: string }) {
  const { t, lang } = useT()
  const base = `/orgs/${organizationId}/reviews/${page.attestation.id}/documents`
  return (
    <section className="margin-top-6" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('review.documents.title')}</h2>
      <p>{t('review.documents.lead')}</p>
      {page.documents.length === 0 ? (
        <p>{t('review.documents.none')}</p>
      ) : (
        <div className="usa-table-container--scrollable" tabIndex={0} role="region" aria-labelledby="documents-heading">
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('review.documents.col.name')}</th>
                <th scope="col">{t('review.documents.col.kind')}</th>
                <th scope="col">{t('review.documents.col.scope')}</th>
                <th scope="col">{t('review.documents.col.uploaded')}</th>
                <th scope="col">{t('review.documents.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {page.documents.map((document) => (
                <tr key={document.id}>
                  <th scope="row">
                    {document.originalFileName}
                    <br />
                    <span className="text-base">{t('review.documents.version', { version: document.version })}</span>
                  </th>
                  <td>
                    {t(`review.documents.kind.${document.kind}`)}
                    {document.planElements.length > 0 ? (
                      <>
                        <br />
                        <span className="text-base">
                          {t('review.documents.planElements', { elements: document.planElements.join(', ') })}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {document.scope.kind === 'attestation'
                      ? t('review.documents.scope.attestation')
                      : document.scope.kind === 'contract'
                        ? t('review.documents.scope.contract', { number: document.scope.number })
                        : t('review.documents.scope.organization')}
                  </td>
                  <td>{formatDateTime(document.createdAt, lang)}</td>
                  <td>
                    {/* Plain links, not <Link>: these are files, not pages of the app. */}
                    <a
                      className="usa-link"
                      href={`${base}/${document.id}`}
                      aria-label={t('review.documents.downloadNamed', { name: document.originalFileName })}
                    >
                      {t('review.documents.download')}
                    </a>
                    {document.mediaType === 'application/pdf' ? (
                      <>
                        <br />
                        <a
                          className="usa-link"
                          href={`${base}/${document.id}?inline=1`}
                          target="_blank"
                          rel="noopener noreferrer"
                          aria-label={t('review.documents.previewNamed', { name: document.originalFileName })}
                        >
                          {t('review.documents.preview')}
                        </a>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function DecisionList({ decisions }: { decisions: ReviewPage['decisions'] }) {
  const { t, lang } = useT()
  if (decisions.length === 0) return <>{t('review.history.noDecisions')}</>
  return (
    <ul className="usa-list usa-list--unstyled">
      {decisions.map((decision) => (
        <li key={decision.id} className="margin-bottom-1">
          {t('review.history.decision', {
            decision: t(`review.decision.${decision.decision}`),
            reviewer: decision.reviewerName,
            date: formatDateTime(decision.createdAt, lang),
          })}
          {decision.reason ? (
            <>
              <br />
              <span className="text-pre-wrap">{t('review.history.reason', { reason: decision.reason })}</span>
            </>
          ) : null}
          {decision.commentCount > 0 ? (
            <>
              <br />
              {t(decision.commentCount === 1 ? 'review.history.comments.one' : 'review.history.comments.other', {
                count: decision.commentCount,
              })}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

function HistorySection({ page, organizationId }: { page: ReviewPage; organizationId: string }) {
  const { t, lang } = useT()
  return (
    <section className="margin-top-6" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('review.history.title')}</h2>
      <h3>{t('review.history.decisions')}</h3>
      <DecisionList decisions={page.decisions} />
      <h3>{t('review.history.earlier')}</h3>
      {page.history.length === 0 ? (
        <p>{t('review.history.none')}</p>
      ) : (
        <div
          className="usa-table-container--scrollable"
          tabIndex={0}
          role="region"
          aria-label={t('review.history.earlier')}
        >
          <table className="usa-table usa-table--borderless width-full">
            <thead>
              <tr>
                <th scope="col">{t('review.history.col.declaration')}</th>
                <th scope="col">{t('review.history.col.status')}</th>
                <th scope="col">{t('review.history.col.decisions')}</th>
              </tr>
            </thead>
            <tbody>
              {page.history.map((earlier) => (
                <tr key={earlier.id}>
                  <th scope="row">
                    <Link className="usa-link" to={`/orgs/${organizationId}/reviews/${earlier.id}`}>
                      {earlier.submittedAt
                        ? t('review.history.submitted', { date: formatDateTime(earlier.submittedAt, lang) })
                        : t('review.history.notSubmitted')}
                    </Link>
                    <br />
                    <span className="text-base">
                      {earlier.contractNumbers.join(', ')} · {earlier.templateVersion}
                      {earlier.riskTier ? ` · ${riskTierLabel(earlier.riskTier, lang)}` : ''}
                    </span>
                  </th>
                  <td>{t(`attestation.status.${earlier.status}`)}</td>
                  <td>
                    <DecisionList decisions={earlier.decisions} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'review.page.title').map((m) =>
    'title' in m && data ? { title: `${data.page.vendor.legalName} · ${String(m.title)}` } : m,
  )
