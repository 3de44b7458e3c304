import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { appUrl } from '~/auth/auth.server'
import { roleHasPermission } from '~/auth/permissions'
import { requireMembership } from '~/auth/permissions.server'
import {
  MAX_REVOCATION_REASON_LENGTH,
  MIN_REVOCATION_REASON_LENGTH,
  RevokeCertificateFormSchema,
} from '~/certificates/revocation'
import { revokeCertificate } from '~/certificates/revoke.server'
import { findWorkspaceCertificate } from '~/certificates/workspace.server'
import { formFailure, parseForm, readForm } from '~/http/forms.server'
import { forbidden, notFound } from '~/http/responses.server'
import { useT } from '~/i18n/use-t'
import { FormError, Notice, useValidatedForm, type FormFailure } from '~/ui/forms'
import { formatDate, formatDateTime } from '~/ui/format'
import { pageTitle } from '~/ui/meta'
import { verificationPath } from '~/certificates/number'

// One certificate as its holder (the vendor) and the agency it was issued for see it (product.md
// §6): status, scope, dates, history, the signed PDF and the public verification link; for the
// agency's reviewers and admins, the revocation form. Anyone else: 404.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireMembership(request, params.orgId, 'read:organization')
  const certificate = await findWorkspaceCertificate(access.organization, params.number ?? '')
  if (!certificate) notFound()
  const url = new URL(request.url)
  const mayRevoke = access.organization.kind === 'agency' && roleHasPermission(access.membership.role, 'revoke:certificate')
  return {
    organization: { id: access.organization.id, kind: access.organization.kind },
    certificate,
    canRevoke: mayRevoke && !certificate.revoked,
    // The notice after revoking is shown only when the stored state says so, never from the URL alone.
    justRevoked: url.searchParams.get('revoked') === '1' && certificate.revoked,
    verifyUrl: appUrl(verificationPath(certificate.number)),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Vendors' roles lack 'revoke:certificate': 403. Outsiders: 404.
  const access = await requireMembership(request, params.orgId, 'revoke:certificate')
  if (access.organization.kind !== 'agency') notFound()
  // Another agency's certificate is a 404 before anything about the form is said.
  const certificate = await findWorkspaceCertificate(access.organization, params.number ?? '')
  if (!certificate) notFound()
  const parsed = parseForm(RevokeCertificateFormSchema, await readForm(request))
  if (!parsed.ok) return formFailure(parsed.failure)
  const result = await revokeCertificate({
    number: certificate.number,
    reason: parsed.data.reason,
    actor: { userId: access.user.id, agencyId: access.organization.id },
  })
  if (!result.ok) {
    if (result.error === 'not_found') notFound()
    if (result.error === 'already_revoked') return formFailure({ formError: 'revocation.errors.alreadyRevoked' }, parsed.values, 409)
    if (result.error === 'invalid_reason') return formFailure({ fieldErrors: { reason: 'revocation.errors.reasonTooShort' } }, parsed.values)
    forbidden()
  }
  return redirect(`/orgs/${access.organization.id}/certificates/${encodeURIComponent(certificate.number)}?revoked=1`)
}

export default function CertificateRoute() {
  const { organization, certificate, canRevoke, justRevoked, verifyUrl } = useLoaderData<typeof loader>()
  const failure = useActionData<FormFailure>()
  const { t, lang } = useT()
  const base = `/orgs/${organization.id}/certificates`
  const vendor = certificate.vendor
  return (
    <>
      <p className="margin-bottom-0">
        <Link className="usa-link" to={base}>
          {organization.kind === 'agency' ? t('certDetail.back.agency') : t('certDetail.back.vendor')}
        </Link>
      </p>
      <h1 className="margin-top-1">{t('certDetail.title', { number: certificate.number })}</h1>
      {justRevoked ? <Notice>{t('certDetail.revokedNow', { number: certificate.number })}</Notice> : null}
      {certificate.revoked && certificate.revokedAt ? (
        <div className="usa-alert usa-alert--error margin-bottom-3">
          <div className="usa-alert__body">
            <h2 className="usa-alert__heading">{t('certificates.status.revoked')}</h2>
            <p className="usa-alert__text">{t('certDetail.revokedNotice', { date: formatDate(certificate.revokedAt, lang) })}</p>
            {certificate.revocationReason ? (
              <p className="usa-alert__text text-pre-wrap">
                {t('certDetail.reason')}: {certificate.revocationReason}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}

      <dl className="grid-row grid-gap">
        <Fact label={t('certDetail.status')}>
          <strong>{t(`certificates.status.${certificate.state}`)}</strong>
        </Fact>
        <Fact label={t('certDetail.vendor')}>
          {vendor.legalName}
          {vendor.uei ? ` (${t('agencyCertificates.uei', { uei: vendor.uei })})` : ''}
        </Fact>
        <Fact label={t('certDetail.agency')}>{certificate.agency?.legalName ?? '—'}</Fact>
        <Fact label={t('certDetail.contracts')}>{certificate.contractNumbers.join(', ') || t('certDetail.none')}</Fact>
        <Fact label={t('certDetail.issuedAt')}>{formatDateTime(certificate.issuedAt, lang)}</Fact>
        <Fact label={t('certDetail.validity')}>
          {t('certificates.validity', { from: formatDate(certificate.validFrom, lang), until: formatDate(certificate.validUntil, lang) })}
        </Fact>
        {certificate.revokedAt ? <Fact label={t('certDetail.revokedAt')}>{formatDateTime(certificate.revokedAt, lang)}</Fact> : null}
        {certificate.revokedBy ? <Fact label={t('certDetail.revokedBy')}>{certificate.revokedBy}</Fact> : null}
      </dl>

      <section className="margin-top-4" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('certDetail.history')}</h2>
        {certificate.supersedes || certificate.supersededBy ? (
          <ul className="usa-list">
            {certificate.supersedes ? (
              <li>
                <HistoryLink base={base} number={certificate.supersedes.number}>
                  {t('certDetail.supersedes', { number: certificate.supersedes.number, date: formatDate(certificate.supersedes.issuedAt, lang) })}
                </HistoryLink>
              </li>
            ) : null}
            {certificate.supersededBy ? (
              <li>
                <HistoryLink base={base} number={certificate.supersededBy.number}>
                  {t('certDetail.supersededBy', { number: certificate.supersededBy.number, date: formatDate(certificate.supersededBy.issuedAt, lang) })}
                </HistoryLink>
              </li>
            ) : null}
          </ul>
        ) : (
          <p>{t('certDetail.noHistory')}</p>
        )}
      </section>

      <section className="margin-top-4" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('certDetail.documents')}</h2>
        <ul className="usa-list">
          {certificate.hasPdf ? (
            <li>
              <a className="usa-link" href={`${base}/${encodeURIComponent(certificate.number)}/pdf`} download>
                {t('certDetail.download')}
              </a>
            </li>
          ) : null}
          <li>
            {t('certDetail.verifyLead')}{' '}
            <Link className="usa-link" to={verificationPath(certificate.number)}>
              {verifyUrl}
            </Link>
          </li>
          {certificate.attestationId ? (
            <li>
              <Link className="usa-link" to={`/orgs/${organization.id}/attestations/${certificate.attestationId}`}>
                {t('certDetail.declaration')}
              </Link>
            </li>
          ) : null}
        </ul>
      </section>

      {canRevoke ? <RevokeForm failure={failure} /> : failure ? <FormError failure={failure} /> : null}
    </>
  )
}

function RevokeForm({ failure }: { failure?: FormFailure }) {
  const { t, tError } = useT()
  const navigation = useNavigation()
  const { onSubmit, errorFor, register, summary } = useValidatedForm(RevokeCertificateFormSchema, { failure })
  const reasonError = tError(errorFor('reason'))
  const confirmError = tError(errorFor('confirm'))
  return (
    <section className="margin-top-6 border-top-1px border-base-lighter padding-top-2" aria-labelledby="revoke-heading">
      <h2 id="revoke-heading">{t('revocation.title')}</h2>
      <p>{t('revocation.lead')}</p>
      <FormError failure={summary} />
      <Form method="post" className="usa-form usa-form--large" noValidate onSubmit={onSubmit}>
        <div className={`usa-form-group${reasonError ? ' usa-form-group--error' : ''}`}>
          <label className={`usa-label${reasonError ? ' usa-label--error' : ''}`} htmlFor="field-reason">
            {t('revocation.reason')}
          </label>
          <div className="usa-hint" id="field-reason-hint">
            {t('revocation.reasonHint', { min: MIN_REVOCATION_REASON_LENGTH, max: MAX_REVOCATION_REASON_LENGTH })}
          </div>
          {reasonError ? (
            <span className="usa-error-message" id="field-reason-error">
              {reasonError}
            </span>
          ) : null}
          <textarea
            id="field-reason"
            className={`usa-textarea${reasonError ? ' usa-input--error' : ''}`}
            rows={5}
            maxLength={MAX_REVOCATION_REASON_LENGTH}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={`field-reason-hint${reasonError ? ' field-reason-error' : ''}`}
            {...register('reason')}
          />
        </div>
        <div className={`usa-form-group${confirmError ? ' usa-form-group--error' : ''}`}>
          {confirmError ? (
            <span className="usa-error-message" id="field-confirm-error">
              {confirmError}
            </span>
          ) : null}
          <div className="usa-checkbox">
            <input
              className="usa-checkbox__input"
              id="field-confirm"
              type="checkbox"
              value="on"
              aria-invalid={confirmError ? true : undefined}
              aria-describedby={confirmError ? 'field-confirm-error' : undefined}
              {...register('confirm')}
            />
            <label className="usa-checkbox__label" htmlFor="field-confirm">
              {t('revocation.confirm')}
            </label>
          </div>
        </div>
        <button type="submit" className="usa-button usa-button--secondary" disabled={navigation.state === 'submitting'}>
          {t('revocation.submit')}
        </button>
      </Form>
    </section>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tablet:grid-col-6 margin-bottom-2">
      <dt className="text-bold">{label}</dt>
      <dd className="margin-left-0">{children}</dd>
    </div>
  )
}

function HistoryLink({ base, number, children }: { base: string; number: string; children: ReactNode }) {
  return (
    <Link className="usa-link" to={`${base}/${encodeURIComponent(number)}`}>
      {children}
    </Link>
  )
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, 'certDetail.title', { number: data?.certificate.number ?? '' })
